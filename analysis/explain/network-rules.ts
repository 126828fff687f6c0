/**
 * Exact attribution from the rules themselves: the JSON that `aws ec2 describe-security-groups`,
 * `describe-network-acls` and `describe-network-interfaces` print, read into security groups
 * (stateful, allow only: a request needs a rule of one of the interface's groups, the reply
 * needs none) and network ACLs (stateless, numbered, first match wins, inbound and outbound
 * apart: the request and the reply each need an allowing rule). A conversation the records
 * call refused is then attributed to the layer and the rule, or to the rule that is missing.
 *
 * An interface without a security group (a NAT gateway's, a transit gateway attachment's) has
 * no such layer: only its ACL (and VPC Block Public Access) can refuse its traffic. ICMP rules
 * match by type and code, which records do not carry: the judge tries every set of packets the
 * rules tell apart (each type and code a rule names, and the rest) and keeps those the records
 * allow (the packets were rejected), so a layer is named only when it refused in every one of
 * them. Where the rules cannot decide (a prefix list, a group whose members are not given),
 * that layer stays open, and is named only when every other layer let the packets through.
 */
import type { RefusalJudge, RuleJudgment, RuleQuestion } from "./question";
import { ordered, type IcmpClassWords, type Layer, type Sentences, type TrackingTimeouts, type VerdictCode } from "./sentences";
import { PROTOCOLS } from "../../constructs/records/vocabulary";

/** A problem in a rules file: the file, the path in its JSON, what is wrong. */
export class RulesFileError extends Error {
  constructor(file: string, at: string, problem: string) {
    super(`${file}: ${at}: ${problem}`);
    this.name = "RulesFileError";
  }
}

/** An ICMP rule's type and code: -1 for all (AWS's spelling). */
export interface IcmpMatch {
  readonly type: number;
  readonly code: number;
}

/** A security group rule, one direction. */
interface GroupRule {
  readonly protocol: number | "all";
  readonly fromPort?: number;
  readonly toPort?: number;
  /** For ICMP and ICMPv6: the type and code (a group rule writes them as FromPort and ToPort). */
  readonly icmp?: IcmpMatch;
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

export interface AclEntry {
  readonly number: number;
  readonly protocol: number | "all";
  readonly allow: boolean;
  readonly egress: boolean;
  readonly cidr: string;
  readonly from?: number;
  readonly to?: number;
  /** For ICMP and ICMPv6: `IcmpTypeCode`. */
  readonly icmp?: IcmpMatch;
}

interface NetworkAcl {
  readonly id: string;
  readonly subnets: readonly string[];
  readonly entries: readonly AclEntry[];
}

export interface NetworkInterface {
  readonly id: string;
  readonly subnetId?: string;
  readonly groups: readonly string[];
  readonly addresses: readonly string[];
  /** `InterfaceType`, lower case without `_`: the API writes `natGateway` beside `transit_gateway`. */
  readonly kind?: string;
  readonly tracking?: TrackingTimeouts;
}

/** Whether a protocol has ICMP's type and code instead of ports. */
const isIcmp = (protocol: number | "all") => protocol === 1 || protocol === 58;

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
  // An ICMP rule's FromPort is the type and its ToPort the code, -1 for all.
  const icmp = isIcmp(protocol)
    ? {
        type: o.FromPort === undefined ? -1 : r.number(o.FromPort, `${at}.FromPort`),
        code: o.ToPort === undefined ? -1 : r.number(o.ToPort, `${at}.ToPort`),
      }
    : undefined;
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
  const portText =
    fromPort === undefined ? (icmp ? icmpText(icmp) : "") : fromPort === toPort ? ` port ${fromPort}` : ` ports ${fromPort}-${toPort}`;
  const text = `${proto}${portText} ${[...cidrs, ...groups, ...prefixLists].join(", ")}`.trim();
  return { protocol, fromPort, toPort, ...(icmp ? { icmp } : {}), cidrs, groups, prefixLists, text };
}

/** An ICMP rule's type and code as a rule's text shows them (nothing for all types). */
function icmpText(m: IcmpMatch): string {
  return m.type === -1 ? "" : m.code === -1 ? ` type ${m.type}` : ` type ${m.type} code ${m.code}`;
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

/**
 * A set of ICMP packets the rules cannot tell apart: a type and code a rule names, a named type
 * with a code no rule names ("other"), a named type whose codes no rule names ("any"), or a type
 * no rule names ("other").
 */
export interface IcmpClass {
  readonly type: number | "other";
  readonly code: number | "other" | "any";
}

/** Whether an ICMP rule's type and code take the packets of a class (a rule without them takes all). */
function icmpMatches(m: IcmpMatch | undefined, c: IcmpClass | undefined): boolean {
  if (!m || !c || m.type === -1) return true;
  if (c.type !== m.type) return false;
  // A class of "any" code is of a type no rule names a code of: every rule of the type has -1.
  return m.code === -1 || c.code === m.code;
}

/** The classes the rules tell apart: each named type and code, each named type's other codes, and the other types. */
function icmpClasses(matches: readonly (IcmpMatch | undefined)[]): IcmpClass[] {
  const codes = new Map<number, Set<number>>();
  for (const m of matches) {
    if (!m || m.type === -1) continue;
    const set = codes.get(m.type) ?? new Set<number>();
    if (m.code !== -1) set.add(m.code);
    codes.set(m.type, set);
  }
  const classes: IcmpClass[] = [];
  for (const [type, named] of [...codes].sort(([a], [b]) => a - b)) {
    for (const code of [...named].sort((a, b) => a - b)) classes.push({ type, code });
    classes.push({ type, code: named.size > 0 ? "other" : "any" });
  }
  classes.push({ type: "other", code: "other" });
  return classes;
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
            const protocol = protocolOf(ar, e.Protocol, `${eat}.Protocol`);
            const typeCode = e.IcmpTypeCode === undefined ? undefined : ar.object(e.IcmpTypeCode, `${eat}.IcmpTypeCode`);
            return {
              number: ar.number(e.RuleNumber, `${eat}.RuleNumber`),
              protocol,
              allow: action === "allow",
              egress: e.Egress,
              cidr: ar.string(e.CidrBlock ?? e.Ipv6CidrBlock, `${eat}.CidrBlock`),
              ...(range ? { from: ar.number(range.From, `${eat}.PortRange.From`), to: ar.number(range.To, `${eat}.PortRange.To`) } : {}),
              ...(typeCode && isIcmp(protocol)
                ? {
                    icmp: {
                      type: typeCode.Type === undefined ? -1 : ar.number(typeCode.Type, `${eat}.IcmpTypeCode.Type`),
                      code: typeCode.Code === undefined ? -1 : ar.number(typeCode.Code, `${eat}.IcmpTypeCode.Code`),
                    },
                  }
                : {}),
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
      const tracking =
        o.ConnectionTrackingConfiguration === undefined
          ? undefined
          : ir.object(o.ConnectionTrackingConfiguration, `${at}.ConnectionTrackingConfiguration`);
      const seconds = (key: string) =>
        tracking?.[key] === undefined ? {} : { [key]: ir.number(tracking[key], `${at}.ConnectionTrackingConfiguration.${key}`) };
      const timeouts = { ...seconds("TcpEstablishedTimeout"), ...seconds("UdpTimeout"), ...seconds("UdpStreamTimeout") };
      interfaces.set(id, {
        id,
        ...(typeof o.SubnetId === "string" ? { subnetId: o.SubnetId } : {}),
        groups: ir
          .list(o.Groups, `${at}.Groups`, true)
          .map((x, j) => ir.string(ir.object(x, `${at}.Groups[${j}]`).GroupId, `${at}.Groups[${j}].GroupId`)),
        addresses,
        ...(typeof o.InterfaceType === "string" ? { kind: o.InterfaceType.toLowerCase().replace(/_/g, "") } : {}),
        ...(tracking
          ? {
              tracking: {
                ...(timeouts.TcpEstablishedTimeout !== undefined ? { tcpEstablished: timeouts.TcpEstablishedTimeout } : {}),
                ...(timeouts.UdpTimeout !== undefined ? { udp: timeouts.UdpTimeout } : {}),
                ...(timeouts.UdpStreamTimeout !== undefined ? { udpStream: timeouts.UdpStreamTimeout } : {}),
              },
            }
          : {}),
      });
    });
    return new RuleSet(groups, acls, interfaces);
  }

  /** Each interface's own addresses, for the explainer. */
  interfaceAddresses(): Map<string, readonly string[]> {
    return new Map([...this.interfaces.values()].map((i) => [i.id, i.addresses]));
  }

  /**
   * Whether the interface's security groups allow packets going `way` (from the interface: a
   * request coming in needs an inbound rule, one going out an outbound rule) to or from `peer`
   * at `port`, or of ICMP class `icmp`; "unknown" when only a rule the files cannot resolve
   * could allow them (named in `unresolved`).
   */
  securityGroups(
    eni: NetworkInterface,
    way: "inbound" | "outbound",
    protocol: number,
    peer: string,
    port: number,
    icmp?: IcmpClass,
  ): { allows: true; group: string; rule: string } | { allows: false } | { allows: "unknown"; unresolved: string[] } {
    const unresolved: string[] = [];
    for (const id of eni.groups) {
      const g = this.groups.get(id);
      if (!g) {
        unresolved.push(id);
        continue;
      }
      for (const rule of way === "inbound" ? g.inbound : g.outbound) {
        if (rule.protocol !== "all" && rule.protocol !== protocol) continue;
        if (rule.protocol !== "all" && !portMatches(rule.fromPort, rule.toPort, port)) continue;
        if (rule.protocol !== "all" && !icmpMatches(rule.icmp, icmp)) continue;
        if (rule.cidrs.some((c) => inCidr(peer, c))) return { allows: true, group: `${g.id} (${g.name})`, rule: rule.text };
        for (const ref of rule.groups) {
          const members = [...this.interfaces.values()].filter((i) => i.groups.includes(ref));
          if (members.some((m) => m.addresses.includes(peer))) return { allows: true, group: `${g.id} (${g.name})`, rule: rule.text };
          if (members.length === 0) unresolved.push(ref);
        }
        unresolved.push(...rule.prefixLists);
      }
    }
    return unresolved.length > 0 ? { allows: "unknown", unresolved: [...new Set(unresolved)] } : { allows: false };
  }

  /** The network ACL entry that decides a packet (first match by number), or undefined when no ACL of the subnet is given. */
  acl(
    eni: NetworkInterface,
    egress: boolean,
    protocol: number,
    peer: string,
    port: number,
    icmp?: IcmpClass,
  ): { acl: string; entry?: AclEntry } | undefined {
    const acl = this.aclOf(eni);
    if (!acl) return undefined;
    const entry = acl.entries.find(
      (e) =>
        e.egress === egress &&
        (e.protocol === "all" || e.protocol === protocol) &&
        inCidr(peer, e.cidr) &&
        (e.protocol === "all" || (protocol !== 6 && protocol !== 17) || portMatches(e.from, e.to, port)) &&
        (e.protocol === "all" || icmpMatches(e.icmp, icmp)),
    );
    return { acl: acl.id, ...(entry ? { entry } : {}) };
  }

  private aclOf(eni: NetworkInterface): NetworkAcl | undefined {
    return this.acls.find((a) => eni.subnetId !== undefined && a.subnets.includes(eni.subnetId));
  }

  /**
   * The ICMP classes the rules that can meet packets of `protocol` going `way` to or from `peer`
   * tell apart (the interface's groups' rules and its ACL's entries of that way whose addresses
   * may hold the peer); one class, undefined, for a protocol with ports.
   */
  classes(eni: NetworkInterface, way: "inbound" | "outbound", protocol: number, peer: string): (IcmpClass | undefined)[] {
    if (!isIcmp(protocol)) return [undefined];
    const groupRules = eni.groups.flatMap((id) => {
      const g = this.groups.get(id);
      return (g ? (way === "inbound" ? g.inbound : g.outbound) : []).filter(
        (r) => r.cidrs.some((c) => inCidr(peer, c)) || r.groups.length > 0 || r.prefixLists.length > 0,
      );
    });
    const entries = this.aclOf(eni)?.entries.filter((e) => e.egress === (way === "outbound") && inCidr(peer, e.cidr)) ?? [];
    return icmpClasses([...groupRules, ...entries].filter((r) => r.protocol === protocol).map((r) => r.icmp));
  }

  /** An interface by id. */
  interface(id: string): NetworkInterface | undefined {
    return this.interfaces.get(id);
  }
}

/** The final rule of every ACL, which the console shows as `*`: 32767 for IPv4, 32768 for IPv6. */
const STAR_RULES: ReadonlySet<number> = new Set([32767, 32768]);

const entryText = (e: AclEntry | undefined) => (e ? `rule ${STAR_RULES.has(e.number) ? "*" : e.number}` : "no rule (the final * rule)");

/** What one layer does with the packets of one ICMP class (or of a protocol with ports), and the explanation. */
type Finding = { readonly kind: "allows" | "refuses" | "unknown"; readonly detail: string };

/** A layer the packets meet, and what it does with those of a class. */
interface LayerCheck {
  readonly layer: Exclude<Layer, "block-public-access">;
  check(icmp: IcmpClass | undefined): Finding;
}

/** The layers' explanations, each with the classes it was given for. */
type ExplanationsByClass = Map<string, (IcmpClass | undefined)[]>;

/**
 * The explanations given for the classes `kept` (those the records allow), each with the classes it holds
 * for where the rules tell classes apart; first, that the records do not say which.
 */
function explanationsFor(
  found: ExplanationsByClass,
  kept: readonly (IcmpClass | undefined)[],
  classes: readonly (IcmpClass | undefined)[],
  protocol: string,
  words: Sentences,
): string[] {
  const conditional = classes.length > 1;
  const lines = [...found]
    .map(([detail, of]) => [detail, of.filter((c) => kept.includes(c))] as const)
    .filter(([detail, of]) => detail !== "" && of.length > 0)
    .map(([detail, of]) => {
      if (!conditional || of.length === classes.length) return detail;
      // Named by the fewer classes: those it holds for, or those it does not.
      const others = classes.filter((c) => !of.includes(c));
      const named = (cs: readonly (IcmpClass | undefined)[]) => cs.map((c): IcmpClassWords => ({ protocol, type: c!.type, code: c!.code }));
      return others.length < of.length
        ? words.rule.unlessIcmp({ detail, classes: named(others) })
        : words.rule.ifIcmp({ detail, classes: named(of) });
    });
  return [...(conditional && lines.length > 0 ? [words.rule.icmpTypeUnknown(protocol)] : []), ...lines];
}

/** Of one class: the layer that refused it for certain, and those before it that may have. */
interface ClassOutcome {
  readonly icmp: IcmpClass | undefined;
  readonly refuser?: Layer;
  readonly open: readonly Layer[];
}

/** Judges with a {@link RuleSet}: see the module's comment. */
export class RulesJudge implements RefusalJudge {
  constructor(readonly rules: RuleSet) {}

  tracking(interfaceId: string): TrackingTimeouts | undefined {
    return this.rules.interface(interfaceId)?.tracking;
  }

  judge(q: RuleQuestion, words: Sentences): RuleJudgment | undefined {
    const eni = this.rules.interface(q.interfaceId);
    if (!eni || q.direction === "unknown") return undefined;
    const request = q.verdict === "REFUSED_INBOUND" || q.verdict === "REFUSED_OUTBOUND";
    const reply = q.verdict === "REPLY_REFUSED_BY_ACL_INBOUND" || q.verdict === "REPLY_REFUSED_BY_ACL_OUTBOUND";
    if (!request && !reply) return undefined;
    const inbound = q.direction === "inbound";
    const peer = inbound ? q.client.address : q.server.address;
    // The request goes the conversation's way to the server's port; the reply the other way, to the client's.
    const way = (request ? inbound : !inbound) ? "inbound" : "outbound";
    const port = request ? q.server.port : q.client.port;
    const acl: LayerCheck = { layer: "network-acl", check: (icmp) => this.aclFinding(eni, way, q.protocol, peer, port, icmp, words) };
    const group: LayerCheck = {
      layer: "security-group",
      check: (icmp) => this.groupFinding(eni, way, q.protocol, peer, port, icmp, words),
    };
    const classes = this.rules.classes(eni, way, q.protocol, peer);
    const protocol = PROTOCOLS[q.protocol] ?? `protocol ${q.protocol}`;
    const noGroup =
      eni.groups.length === 0
        ? [
            words.rule.noSecurityGroup({
              interfaceId: eni.id,
              ...(eni.kind && words.rule.interfaceKinds[eni.kind] ? { kind: words.rule.interfaceKinds[eni.kind] } : {}),
            }),
          ]
        : [];
    // The packets meet the layers in the order they travel: coming in, the subnet's ACL and then
    // the interface's groups; going out, the groups and then the ACL. A reply passes the groups
    // (they track it): a group is asked only when the ACL lets the reply through in every class,
    // the one way left for it to have been refused (tracking had timed out).
    let run = this.walk(request ? (inbound ? [acl, group] : [group, acl]) : [acl], classes);
    let through: string[] = [];
    const lateReply = !request && run.outcomes.length === 0 && eni.groups.length > 0;
    if (lateReply) {
      through = explanationsFor(run.allowed, classes, classes, protocol, words);
      run = this.walk([group], classes);
    }
    const { outcomes } = run;
    // Block Public Access is met first coming in (at the gateway) and last going out: going out,
    // it may have refused only packets every other layer let through.
    const bpa = q.bpaPossible && (way === "inbound" || run.allowedClasses > 0 || lateReply);
    if (outcomes.length === 0) {
      // Every layer given lets the packets through, yet they were rejected.
      const nat = request && inbound && eni.kind === "natgateway" ? [words.rule.natGatewayInbound] : [];
      return {
        verdict: "REFUSED_THOUGH_RULES_ALLOW",
        layers: q.bpaPossible ? ["block-public-access"] : [],
        detail: [...noGroup, ...explanationsFor(run.allowed, classes, classes, protocol, words), ...nat].join(" "),
      };
    }
    const kept = outcomes.map((o) => o.icmp);
    // Each sentence once: the reply's walks each say that records carry no ICMP type.
    const detail = [...new Set([...noGroup, ...through, ...explanationsFor(run.details, kept, classes, protocol, words)])].join(" ");
    // One layer refused in every class the records allow, and nothing else may have: that layer.
    // A layer the files cannot decide is named only when every other layer, Block Public Access
    // included, is ruled out.
    const only = (o: ClassOutcome, layer: Layer) =>
      (o.refuser === layer && o.open.length === 0) ||
      (o.refuser === undefined && o.open.length === 1 && o.open[0] === layer && !q.bpaPossible);
    const certain = (["network-acl", "security-group"] as const).find((l) => outcomes.every((o) => only(o, l)));
    const withBpa = (layers: Iterable<Layer>): Layer[] => ordered([...layers, ...(bpa ? ["block-public-access" as const] : [])]);
    if (certain) {
      const verdict: VerdictCode = !request
        ? certain === "network-acl"
          ? q.verdict
          : "REPLY_REFUSED_BY_SECURITY_GROUP"
        : certain === "network-acl"
          ? "REFUSED_BY_NETWORK_ACL"
          : "REFUSED_BY_SECURITY_GROUP";
      return { verdict, layers: withBpa([certain]), detail };
    }
    return { verdict: q.verdict, layers: withBpa(outcomes.flatMap((o) => [...o.open, ...(o.refuser ? [o.refuser] : [])])), detail };
  }

  /**
   * Walks each class's packets through the layers in order: for each, the layer that refused it
   * for certain and those before it that may have; classes every layer lets through are counted
   * apart (the records say the packets were rejected: only Block Public Access could have).
   */
  private walk(
    checks: readonly LayerCheck[],
    classes: readonly (IcmpClass | undefined)[],
  ): { outcomes: ClassOutcome[]; details: ExplanationsByClass; allowed: ExplanationsByClass; allowedClasses: number } {
    const outcomes: ClassOutcome[] = [];
    const details: ExplanationsByClass = new Map();
    const allowed: ExplanationsByClass = new Map();
    const note = (into: ExplanationsByClass, detail: string, icmp: IcmpClass | undefined) =>
      into.set(detail, [...(into.get(detail) ?? []), icmp]);
    let allowedClasses = 0;
    for (const icmp of classes) {
      const open: Layer[] = [];
      let refuser: Layer | undefined;
      for (const c of checks) {
        const f = c.check(icmp);
        if (f.kind === "allows") {
          note(allowed, f.detail, icmp);
          continue;
        }
        note(details, f.detail, icmp);
        if (f.kind === "refuses") {
          refuser = c.layer;
          break;
        }
        open.push(c.layer);
      }
      if (refuser !== undefined || open.length > 0) outcomes.push({ icmp, open, ...(refuser ? { refuser } : {}) });
      else allowedClasses++;
    }
    return { outcomes, details, allowed, allowedClasses };
  }

  /** The ACL of the interface's subnet on packets going `way`. */
  private aclFinding(
    eni: NetworkInterface,
    way: "inbound" | "outbound",
    protocol: number,
    peer: string,
    port: number,
    icmp: IcmpClass | undefined,
    words: Sentences,
  ): Finding {
    const acl = this.rules.acl(eni, way === "outbound", protocol, peer, port, icmp);
    if (!acl) return { kind: "unknown", detail: words.rule.aclNotGiven({ subnet: eni.subnetId ?? eni.id }) };
    return acl.entry?.allow
      ? { kind: "allows", detail: words.rule.aclAllows({ acl: acl.acl, rule: entryText(acl.entry), way }) }
      : { kind: "refuses", detail: words.rule.aclDenies({ acl: acl.acl, rule: entryText(acl.entry), way }) };
  }

  /** The interface's security groups on packets going `way` (none: the layer is absent and refuses nothing). */
  private groupFinding(
    eni: NetworkInterface,
    way: "inbound" | "outbound",
    protocol: number,
    peer: string,
    port: number,
    icmp: IcmpClass | undefined,
    words: Sentences,
  ): Finding {
    if (eni.groups.length === 0) return { kind: "allows", detail: "" };
    const sg = this.rules.securityGroups(eni, way, protocol, peer, port, icmp);
    if (sg.allows === true) return { kind: "allows", detail: words.rule.securityGroupAllows({ group: sg.group, rule: sg.rule }) };
    const groups = eni.groups.join(", ");
    return sg.allows === false
      ? { kind: "refuses", detail: words.rule.securityGroupHasNoRule({ groups, way }) }
      : { kind: "unknown", detail: words.rule.securityGroupUnresolved({ groups, way, unresolved: sg.unresolved.join(", ") }) };
  }
}
