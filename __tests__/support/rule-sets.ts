/**
 * Rules as `aws ec2 describe-security-groups`, `describe-network-acls` and
 * `describe-network-interfaces` print them: the explain tests' fixtures.
 */
import { RuleSet } from "../../analysis/explain";

/** The three describe outputs: these groups, one ACL (acl-0app) on subnet-0a with these entries, these interfaces. */
export function describeOutputs(groups: unknown[], aclEntries: unknown[], interfaces: unknown[]) {
  return {
    securityGroups: JSON.stringify({ SecurityGroups: groups }),
    networkAcls: JSON.stringify({
      NetworkAcls: [{ NetworkAclId: "acl-0app", Associations: [{ SubnetId: "subnet-0a" }], Entries: aclEntries }],
    }),
    networkInterfaces: JSON.stringify({ NetworkInterfaces: interfaces }),
  };
}

/** The same outputs read by the library. */
export function ruleSet(groups: unknown[], aclEntries: unknown[], interfaces: unknown[]): RuleSet {
  const json = describeOutputs(groups, aclEntries, interfaces);
  return RuleSet.fromJson({
    securityGroups: ["sg.json", json.securityGroups],
    networkAcls: ["acl.json", json.networkAcls],
    networkInterfaces: ["eni.json", json.networkInterfaces],
  });
}

/** A rule of a generated world: by ports (TCP, UDP), by ICMP type and code (-1: all; ICMP, ICMPv6), or all traffic (-1). */
export interface ModelRule {
  readonly protocol: number;
  readonly from: number;
  readonly to: number;
  readonly type?: number;
  readonly code?: number;
  readonly cidr: string;
}

/** An ACL entry of a generated world. */
export interface ModelEntry extends ModelRule {
  readonly number: number;
  readonly allow: boolean;
}

/**
 * The rules of a generated world (the property tests' models) as the describe commands print
 * them: group sg-1's rules, ACL acl-1 on subnet-1 with its entries and the final `*` rules,
 * and the one interface with its own address (without groups when `groupless`).
 */
export function modelRuleSet(w: {
  readonly eni: string;
  readonly own: string;
  readonly sgIn: readonly ModelRule[];
  readonly sgOut: readonly ModelRule[];
  readonly aclIn: readonly ModelEntry[];
  readonly aclOut: readonly ModelEntry[];
  readonly groupless?: boolean;
  readonly interfaceType?: string;
}): RuleSet {
  const icmp = (p: number) => p === 1 || p === 58;
  const proto = (p: number) => (p === -1 ? "-1" : p === 6 ? "tcp" : p === 17 ? "udp" : p === 1 ? "icmp" : "icmpv6");
  const permission = (r: ModelRule) => ({
    IpProtocol: proto(r.protocol),
    ...(r.protocol === -1 ? {} : icmp(r.protocol) ? { FromPort: r.type ?? -1, ToPort: r.code ?? -1 } : { FromPort: r.from, ToPort: r.to }),
    IpRanges: [{ CidrIp: r.cidr }],
  });
  const entry = (e: ModelEntry, egress: boolean) => ({
    RuleNumber: e.number,
    Protocol: String(e.protocol),
    RuleAction: e.allow ? "allow" : "deny",
    Egress: egress,
    CidrBlock: e.cidr,
    ...(e.protocol === -1
      ? {}
      : icmp(e.protocol)
        ? { IcmpTypeCode: { Type: e.type ?? -1, Code: e.code ?? -1 } }
        : { PortRange: { From: e.from, To: e.to } }),
  });
  const star = (egress: boolean) => ({ RuleNumber: 32767, Protocol: "-1", RuleAction: "deny", Egress: egress, CidrBlock: "0.0.0.0/0" });
  return RuleSet.fromJson({
    securityGroups: [
      "sg.json",
      JSON.stringify({
        SecurityGroups: [{ GroupId: "sg-1", IpPermissions: w.sgIn.map(permission), IpPermissionsEgress: w.sgOut.map(permission) }],
      }),
    ],
    networkAcls: [
      "acl.json",
      JSON.stringify({
        NetworkAcls: [
          {
            NetworkAclId: "acl-1",
            Associations: [{ SubnetId: "subnet-1" }],
            Entries: [...w.aclIn.map((e) => entry(e, false)), ...w.aclOut.map((e) => entry(e, true)), star(false), star(true)],
          },
        ],
      }),
    ],
    networkInterfaces: [
      "eni.json",
      JSON.stringify({
        NetworkInterfaces: [
          {
            NetworkInterfaceId: w.eni,
            SubnetId: "subnet-1",
            ...(w.interfaceType ? { InterfaceType: w.interfaceType } : {}),
            Groups: w.groupless ? [] : [{ GroupId: "sg-1" }],
            PrivateIpAddresses: [{ PrivateIpAddress: w.own }],
          },
        ],
      }),
    ],
  });
}
