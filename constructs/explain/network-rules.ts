/**
 * Exact attribution from the rules themselves: the JSON that `aws ec2 describe-security-groups`,
 * `describe-network-acls` and `describe-network-interfaces` print, read into security groups
 * (stateful, allow only: a request needs a rule of one of the interface's groups, the reply
 * needs none) and network ACLs (stateless, numbered, first match wins, inbound and outbound
 * apart: the request and the reply each need an allowing rule). A conversation the records
 * call refused is then attributed to the layer and the rule, or to the rule that is missing.
 * Where the rules cannot decide (a prefix list, a group whose members are not given), nothing
 * more is claimed than the records allow.
 */
import type { RefusalJudge, RuleQuestion } from "./question";
import type { Sentences, VerdictCode } from "./sentences";

/** A problem in a rules file: the file, the path in its JSON, what is wrong. */
export class RulesFileError extends Error {
  constructor(file: string, at: string, problem: string) {
    super(`${file}: ${at}: ${problem}`);
    this.name = "RulesFileError";
  }
}

/** A security group rule, one direction. */
interface GroupRule {
  readonly protocol: number | "all";
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrs: readonly string[];
  readonly groups: readonly string[];
  readonly prefixLists: readonly string[];
  /** How the rule reads in a sentence. */
  readonly text: string;
}

interface SecurityGroup {
  readonly id: string;
  readonly name: string;
  readonly inbound: readonly GroupRule[];
  readonly outbound: readonly GroupRule[];
}

interface AclEntry {
  readonly number: number;
  readonly protocol: number | "all";
  readonly allow: boolean;
  readonly egress: boolean;
  readonly cidr: string;
  readonly from?: number;
  readonly to?: number;
}

interface NetworkAcl {
  readonly id: string;
  readonly subnets: readonly string[];
  readonly entries: readonly AclEntry[];
}

interface NetworkInterface {
  readonly id: string;
  readonly subnetId?: string;
  readonly groups: readonly string[];
  readonly addresses: readonly string[];
}

type Json = Record<string, unknown>;

/** Reads JSON values with the path of each, failing with file and path. */
class Reader {
  constructor(readonly file: string) {}
  object(v: unknown, at: string): Json {
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new RulesFileError(this.file, at, "expected an object");
    return v as Json;
  }
  list(v: unknown, at: string, optional = false): unknown[] {
    if (v === undefined && optional) return [];
    if (!Array.isArray(v)) throw new RulesFileError(this.file, at, "expected a list");
    return v;
  }
  string(v: unknown, at: string): string {
    if (typeof v !== "string" || v === "") throw new RulesFileError(this.file, at, "expected a string");
    return v;
  }
  number(v: unknown, at: string): number {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new RulesFileError(this.file, at, "expected a number");
    return v;
  }
}

const PROTOCOL_NAMES: Readonly<Record<string, number>> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };

function protocolOf(r: Reader, v: unknown, at: string): number | "all" {
  const text = r.string(v, at).toLowerCase();
  if (text === "-1" || text === "all") return "all";
  if (PROTOCOL_NAMES[text] !== undefined) return PROTOCOL_NAMES[text];
  if (/^\d+$/.test(text)) return Number(text);
  throw new RulesFileError(r.file, at, `"${text}" is not a protocol (tcp, udp, icmp, icmpv6, -1 or a number)`);
}

function groupRule(r: Reader, raw: unknown, at: string): GroupRule {
  const o = r.object(raw, at);
  const protocol = protocolOf(r, o.IpProtocol, `${at}.IpProtocol`);
  const ports = protocol === 6 || protocol === 17;
  const fromPort = ports && o.FromPort !== undefined ? r.number(o.FromPort, `${at}.FromPort`) : undefined;
  const toPort = ports && o.ToPort !== undefined ? r.number(o.ToPort, `${at}.ToPort`) : undefined;
  const cidrs = [
    ...r
      .list(o.IpRanges, `${at}.IpRanges`, true)
      .map((x, i) => r.string(r.object(x, `${at}.IpRanges[${i}]`).CidrIp, `${at}.IpRanges[${i}].CidrIp`)),
    ...r
      .list(o.Ipv6Ranges, `${at}.Ipv6Ranges`, true)
      .map((x, i) => r.string(r.object(x, `${at}.Ipv6Ranges[${i}]`).CidrIpv6, `${at}.Ipv6Ranges[${i}].CidrIpv6`)),
  ];
  const groups = r
    .list(o.UserIdGroupPairs, `${at}.UserIdGroupPairs`, true)
    .map((x, i) => r.string(r.object(x, `${at}.UserIdGroupPairs[${i}]`).GroupId, `${at}.UserIdGroupPairs[${i}].GroupId`));
  const prefixLists = r
    .list(o.PrefixListIds, `${at}.PrefixListIds`, true)
    .map((x, i) => r.string(r.object(x, `${at}.PrefixListIds[${i}]`).PrefixListId, `${at}.PrefixListIds[${i}].PrefixListId`));
  const proto =
    protocol === "all"
      ? "all traffic"
      : (Object.keys(PROTOCOL_NAMES).find((k) => PROTOCOL_NAMES[k] === protocol) ?? `protocol ${protocol}`);
  const portText = fromPort === undefined ? "" : fromPort === toPort ? ` port ${fromPort}` : ` ports ${fromPort}-${toPort}`;
  const text = `${proto}${portText} ${[...cidrs, ...groups, ...prefixLists].join(", ")}`.trim();
  return { protocol, fromPort, toPort, cidrs, groups, prefixLists, text };
}

/** Addresses as integers, for CIDR tests of either family. */
export function ipValue(address: string): { v6: boolean; value: bigint } | undefined {
  if (address.includes(":")) {
    const [head, tail] = address.split("::");
    const part = (s: string | undefined) => (s ? s.split(":") : []);
    const h = part(head);
    const t = tail === undefined ? [] : part(tail);
    const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
    if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
    return { v6: true, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
  }
  const parts = address.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return { v6: false, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(Number(p)), 0n) };
}

/** Whether `address` is inside `cidr` (a family mismatch never is). */
export function inCidr(address: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const a = ipValue(address);
  const b = ipValue(base);
  if (!a || !b || a.v6 !== b.v6) return false;
  const width = a.v6 ? 128 : 32;
  const prefix = bits === undefined ? width : Number(bits);
  const shift = BigInt(width - prefix);
  return a.value >> shift === b.value >> shift;
}

function portMatches(from: number | undefined, to: number | undefined, port: number): boolean {
  return from === undefined || from === -1 || (port >= from && port <= (to ?? from));
}

/** The rules of one account's VPC, read from the three describe outputs. */
export class RuleSet {
  private constructor(
    private readonly groups: ReadonlyMap<string, SecurityGroup>,
    private readonly acls: readonly NetworkAcl[],
    private readonly interfaces: ReadonlyMap<string, NetworkInterface>,
  ) {}

  /** Reads the three files' JSON (each as text, with its name for errors). */
  static fromJson(files: {
    securityGroups: [string, string];
    networkAcls: [string, string];
    networkInterfaces: [string, string];
  }): RuleSet {
    const parse = ([file, text]: [string, string]): [Reader, Json] => {
      const r = new Reader(file);
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch (e) {
        throw new RulesFileError(file, "(file)", `not JSON: ${(e as Error).message}`);
      }
      return [r, r.object(v, "(top)")];
    };
    const [sr, sj] = parse(files.securityGroups);
    const groups = new Map<string, SecurityGroup>();
    sr.list(sj.SecurityGroups, "SecurityGroups").forEach((raw, i) => {
      const at = `SecurityGroups[${i}]`;
      const o = sr.object(raw, at);
      const id = sr.string(o.GroupId, `${at}.GroupId`);
      groups.set(id, {
        id,
        name: typeof o.GroupName === "string" ? o.GroupName : id,
        inbound: sr.list(o.IpPermissions, `${at}.IpPermissions`).map((x, j) => groupRule(sr, x, `${at}.IpPermissions[${j}]`)),
        outbound: sr
          .list(o.IpPermissionsEgress, `${at}.IpPermissionsEgress`)
          .map((x, j) => groupRule(sr, x, `${at}.IpPermissionsEgress[${j}]`)),
      });
    });
    const [ar, aj] = parse(files.networkAcls);
    const acls = ar.list(aj.NetworkAcls, "NetworkAcls").map((raw, i): NetworkAcl => {
      const at = `NetworkAcls[${i}]`;
      const o = ar.object(raw, at);
      return {
        id: ar.string(o.NetworkAclId, `${at}.NetworkAclId`),
        subnets: ar
          .list(o.Associations, `${at}.Associations`, true)
          .map((x, j) => ar.string(ar.object(x, `${at}.Associations[${j}]`).SubnetId, `${at}.Associations[${j}].SubnetId`)),
        entries: ar
          .list(o.Entries, `${at}.Entries`)
          .map((x, j): AclEntry => {
            const eat = `${at}.Entries[${j}]`;
            const e = ar.object(x, eat);
            const action = ar.string(e.RuleAction, `${eat}.RuleAction`);
            if (action !== "allow" && action !== "deny")
              throw new RulesFileError(ar.file, `${eat}.RuleAction`, `"${action}" is neither allow nor deny`);
            if (typeof e.Egress !== "boolean") throw new RulesFileError(ar.file, `${eat}.Egress`, "expected true or false");
            const range = e.PortRange === undefined ? undefined : ar.object(e.PortRange, `${eat}.PortRange`);
            return {
              number: ar.number(e.RuleNumber, `${eat}.RuleNumber`),
              protocol: protocolOf(ar, e.Protocol, `${eat}.Protocol`),
              allow: action === "allow",
              egress: e.Egress,
              cidr: ar.string(e.CidrBlock ?? e.Ipv6CidrBlock, `${eat}.CidrBlock`),
              ...(range ? { from: ar.number(range.From, `${eat}.PortRange.From`), to: ar.number(range.To, `${eat}.PortRange.To`) } : {}),
            };
          })
          .sort((a, b) => a.number - b.number),
      };
    });
    const [ir, ij] = parse(files.networkInterfaces);
    const interfaces = new Map<string, NetworkInterface>();
    ir.list(ij.NetworkInterfaces, "NetworkInterfaces").forEach((raw, i) => {
      const at = `NetworkInterfaces[${i}]`;
      const o = ir.object(raw, at);
      const id = ir.string(o.NetworkInterfaceId, `${at}.NetworkInterfaceId`);
      const addresses = [
        ...ir
          .list(o.PrivateIpAddresses, `${at}.PrivateIpAddresses`, true)
          .map((x, j) =>
            ir.string(ir.object(x, `${at}.PrivateIpAddresses[${j}]`).PrivateIpAddress, `${at}.PrivateIpAddresses[${j}].PrivateIpAddress`),
          ),
        ...ir
          .list(o.Ipv6Addresses, `${at}.Ipv6Addresses`, true)
          .map((x, j) => ir.string(ir.object(x, `${at}.Ipv6Addresses[${j}]`).Ipv6Address, `${at}.Ipv6Addresses[${j}].Ipv6Address`)),
      ];
      interfaces.set(id, {
        id,
        ...(typeof o.SubnetId === "string" ? { subnetId: o.SubnetId } : {}),
        groups: ir
          .list(o.Groups, `${at}.Groups`, true)
          .map((x, j) => ir.string(ir.object(x, `${at}.Groups[${j}]`).GroupId, `${at}.Groups[${j}].GroupId`)),
        addresses,
      });
    });
    return new RuleSet(groups, acls, interfaces);
  }

  /** Each interface's own addresses, for the explainer. */
  interfaceAddresses(): Map<string, readonly string[]> {
    return new Map([...this.interfaces.values()].map((i) => [i.id, i.addresses]));
  }

  /**
   * Whether the interface's security groups allow the request (`way` from the interface: a
   * request coming in needs an inbound rule, one going out an outbound rule); "unknown" when
   * only a rule the files cannot resolve could allow it.
   */
  securityGroups(
    eni: NetworkInterface,
    way: "inbound" | "outbound",
    protocol: number,
    peer: string,
    port: number,
  ): { allows: true; group: string; rule: string } | { allows: false | "unknown" } {
    let unknown = false;
    for (const id of eni.groups) {
      const g = this.groups.get(id);
      if (!g) {
        unknown = true;
        continue;
      }
      for (const rule of way === "inbound" ? g.inbound : g.outbound) {
        if (rule.protocol !== "all" && rule.protocol !== protocol) continue;
        if (rule.protocol !== "all" && !portMatches(rule.fromPort, rule.toPort, port)) continue;
        if (rule.cidrs.some((c) => inCidr(peer, c))) return { allows: true, group: `${g.id} (${g.name})`, rule: rule.text };
        for (const ref of rule.groups) {
          const members = [...this.interfaces.values()].filter((i) => i.groups.includes(ref));
          if (members.some((m) => m.addresses.includes(peer))) return { allows: true, group: `${g.id} (${g.name})`, rule: rule.text };
          if (members.length === 0) unknown = true;
        }
        if (rule.prefixLists.length > 0) unknown = true;
      }
    }
    return { allows: unknown ? "unknown" : false };
  }

  /** The network ACL entry that decides a packet (first match by number), or undefined when no ACL of the subnet is given. */
  acl(eni: NetworkInterface, egress: boolean, protocol: number, peer: string, port: number): { acl: string; entry?: AclEntry } | undefined {
    const acl = this.acls.find((a) => eni.subnetId !== undefined && a.subnets.includes(eni.subnetId));
    if (!acl) return undefined;
    const entry = acl.entries.find(
      (e) =>
        e.egress === egress &&
        (e.protocol === "all" || e.protocol === protocol) &&
        inCidr(peer, e.cidr) &&
        (e.protocol === "all" || (protocol !== 6 && protocol !== 17) || portMatches(e.from, e.to, port)),
    );
    return { acl: acl.id, ...(entry ? { entry } : {}) };
  }

  /** An interface by id. */
  interface(id: string): NetworkInterface | undefined {
    return this.interfaces.get(id);
  }
}

/** The final rule of every ACL, which the console shows as `*`: 32767 for IPv4, 32768 for IPv6. */
const STAR_RULES: ReadonlySet<number> = new Set([32767, 32768]);

const entryText = (e: AclEntry | undefined) => (e ? `rule ${STAR_RULES.has(e.number) ? "*" : e.number}` : "no rule (the final * rule)");

/** Judges with a {@link RuleSet}. */
export class RulesJudge implements RefusalJudge {
  constructor(readonly rules: RuleSet) {}

  judge(q: RuleQuestion, words: Sentences): { verdict: VerdictCode; detail: string } | undefined {
    const eni = this.rules.interface(q.interfaceId);
    if (!eni || q.direction === "unknown") return undefined;
    const inbound = q.direction === "inbound";
    const peer = inbound ? q.client.address : q.server.address;
    const way = inbound ? "inbound" : "outbound";
    const refused = q.verdict === "REFUSED_INBOUND" || q.verdict === "REFUSED_OUTBOUND";
    if (refused) {
      // The request meets the layers in the order it travels: coming in, the subnet's ACL and
      // then the interface's groups; going out, the groups and then the ACL.
      const aclCheck = () => {
        const acl = this.rules.acl(eni, !inbound, q.protocol, peer, q.server.port);
        return acl && (!acl.entry || !acl.entry.allow)
          ? { verdict: "REFUSED_BY_NETWORK_ACL" as const, detail: words.rule.aclDenies({ acl: acl.acl, rule: entryText(acl.entry), way }) }
          : acl
            ? "allows"
            : "unknown";
      };
      const groupCheck = () => {
        const sg = this.rules.securityGroups(eni, way, q.protocol, peer, q.server.port);
        return sg.allows === false
          ? {
              verdict: "REFUSED_BY_SECURITY_GROUP" as const,
              detail: words.rule.securityGroupHasNoRule({ groups: eni.groups.join(", "), way }),
            }
          : sg.allows === true
            ? "allows"
            : "unknown";
      };
      for (const check of inbound ? [aclCheck, groupCheck] : [groupCheck, aclCheck]) {
        const result = check();
        if (typeof result === "object") return result;
        // A layer the files cannot decide may be the one that refused: claim nothing further.
        if (result === "unknown") return undefined;
      }
      return undefined;
    }
    if (q.verdict === "REPLY_REFUSED_BY_ACL_INBOUND" || q.verdict === "REPLY_REFUSED_BY_ACL_OUTBOUND") {
      // The reply goes the other way, to the client's port.
      const replyWay = inbound ? "outbound" : "inbound";
      const acl = this.rules.acl(eni, inbound, q.protocol, peer, q.client.port);
      if (acl && (!acl.entry || !acl.entry.allow)) {
        return { verdict: q.verdict, detail: words.rule.aclDenies({ acl: acl.acl, rule: entryText(acl.entry), way: replyWay }) };
      }
      // The ACL lets the reply through: only a security group that no longer tracked the
      // connection can have refused it, judging it as new traffic that no rule allows.
      if (acl?.entry?.allow && this.rules.securityGroups(eni, replyWay, q.protocol, peer, q.client.port).allows === false) {
        return {
          verdict: "REPLY_REFUSED_BY_SECURITY_GROUP",
          detail: words.rule.aclAllows({ acl: acl.acl, rule: entryText(acl.entry), way: replyWay }),
        };
      }
    }
    return undefined;
  }
}
