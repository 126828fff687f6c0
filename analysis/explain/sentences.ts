/**
 * Every sentence the explanation says, one table per language. The logic chooses an entry and
 * gives it values; it never joins words itself, so a language is a table, and the tables are
 * typed alike (a missing entry does not compile).
 */
import { MARK } from "./marked-text";
import type { RecordsVerdict } from "../../constructs/records/verdicts";

/** Languages the explanation speaks. */
export type Language = "en" | "ja";

/** The values of a record's sentence. */
export interface RecordWords {
  readonly time: string;
  readonly interfaceId: string;
  readonly direction: "inbound" | "outbound" | "unknown";
  readonly from: string;
  readonly to: string;
  readonly protocol: string;
  readonly packets: string;
  readonly bytes: string;
  readonly action: "ACCEPT" | "REJECT" | "unknown";
}

/**
 * The layers that can refuse traffic at an interface: its security groups (stateful), its
 * subnet's network ACL (stateless), and VPC Block Public Access (an account-and-Region setting
 * on internet gateway and egress-only internet gateway traffic).
 */
export type { Layer } from "../../constructs/records/verdicts";
import type { Layer } from "../../constructs/records/verdicts";

/** An interface's own idle timeouts of connection tracking, in seconds (`ConnectionTrackingConfiguration`), where the interface file gives them. */
export interface TrackingTimeouts {
  readonly tcpEstablished?: number;
  readonly udp?: number;
  readonly udpStream?: number;
}

/** The request of a conversation, in the words of a verdict. */
export interface ConversationWords {
  readonly client: string;
  readonly clientAddress: string;
  readonly server: string;
  readonly service: string;
  readonly protocol: string;
  readonly serverPort: string;
  readonly interfaceId: string;
  /** The protocol has no ports (ICMP, ICMPv6): rules are by type and code, not by port. */
  readonly portless: boolean;
  /** The protocol's number (which connection-tracking timeout applies). */
  readonly protocolNumber: number;
  /** The layers that may have refused it: the records' reading, narrowed by the rules where given. */
  readonly layers: readonly Layer[];
  /**
   * VPC Block Public Access may have refused it: a rejected record's format has no
   * `reject-reason` to tell, and the peer's address is public (internet traffic).
   */
  readonly bpaPossible: boolean;
  /** The interface's own connection-tracking timeouts, where the interface file gives them. */
  readonly tracking?: TrackingTimeouts;
}

/** Verdict codes: stable, for machines; each has a sentence per language. */
export type VerdictCode =
  | RecordsVerdict
  | "REFUSED_BY_SECURITY_GROUP"
  | "REFUSED_BY_NETWORK_ACL"
  | "REPLY_REFUSED_BY_SECURITY_GROUP"
  | "REFUSED_THOUGH_RULES_ALLOW";

/** A language's table. */
export interface Sentences {
  readonly record: (w: RecordWords) => string;
  /** An aggregation window's start and end, as a record's time. */
  readonly timeRange: (start: string, end: string) => string;
  readonly endpoint: (address: string, port: string, service?: string) => string;
  readonly noData: (w: { time: string; interfaceId: string }) => string;
  readonly skipData: (w: { time: string; interfaceId: string }) => string;
  readonly flags: (names: string) => string;
  /** The explanation of a conversation whose client sent SYN and no reply is in the records. */
  readonly synWithoutSynAck: string;
  readonly realPeer: (w: { source: string; destination: string }) => string;
  readonly trafficPath: (path: string) => string;
  readonly trafficPaths: Readonly<Record<number, string>>;
  readonly rejectReason: (reason: string) => string;
  readonly rejectReasons: Readonly<Record<string, string>>;
  readonly verdict: Readonly<Record<VerdictCode, (w: ConversationWords & { detail?: string }) => string>>;
  /** Which layer a verdict puts it on, in a few words (summaries); the layers that may have refused it name themselves. */
  readonly layer: (verdict: VerdictCode, layers: readonly Layer[]) => string;
  /** A row of a verdict query's result (judged-rows.ts): its counts, and a row that names no ends. */
  readonly judged: {
    readonly counts: (w: {
      conversations: string;
      records: string;
      bytes: string;
      first?: string;
      last?: string;
      account?: string;
      interfaceId?: string;
    }) => string;
    readonly of: (w: { who: string; layer: string }) => string;
  };
  /** The headings and phrases of a summary. */
  readonly summary: {
    readonly title: (w: { records: string; conversations: string; skipped: string }) => string;
    readonly verdicts: string;
    readonly refused: (w: { shown: number; groups: number }) => string;
    readonly noneRefused: string;
    /** The message when no conversation could be judged at all (no record, or none with what a conversation needs). */
    readonly noneJudged: string;
    readonly group: (w: {
      rank: number;
      from: string;
      to: string;
      service: string;
      conversations: string;
      records: string;
      bytes: string;
      layer: string;
      interfaces: string;
    }) => string;
    readonly count: (w: { verdict: string; conversations: string; records: string }) => string;
    readonly approximate: (w: { dropped: string; bound: string }) => string;
  };
  readonly rule: {
    readonly securityGroupAllows: (w: { group: string; rule: string }) => string;
    readonly securityGroupHasNoRule: (w: { groups: string; way: "inbound" | "outbound" }) => string;
    /** No rule allows it for certain, but one the files cannot resolve (a prefix list, a group's members) might. */
    readonly securityGroupUnresolved: (w: { groups: string; way: "inbound" | "outbound"; unresolved: string }) => string;
    /** The interface has no security group (a NAT gateway's, a transit gateway attachment's, ...). */
    readonly noSecurityGroup: (w: { interfaceId: string; kind?: string }) => string;
    readonly aclDenies: (w: { acl: string; rule: string; way: "inbound" | "outbound" }) => string;
    readonly aclAllows: (w: { acl: string; rule: string; way: "inbound" | "outbound" }) => string;
    /** No network ACL of the interface's subnet is in the files. */
    readonly aclNotGiven: (w: { subnet: string }) => string;
    /** Records carry no ICMP type: what follows depends on it. */
    readonly icmpTypeUnknown: (protocol: string) => string;
    /** A detail that holds for packets of these ICMP types and codes only. */
    readonly ifIcmp: (w: { detail: string; classes: readonly IcmpClassWords[] }) => string;
    /** A detail that holds for packets of every ICMP type and code but these. */
    readonly unlessIcmp: (w: { detail: string; classes: readonly IcmpClassWords[] }) => string;
    /** The explanation of a NAT gateway refusing a request from outside when no rule does. */
    readonly natGatewayInbound: string;
    /** Interface kinds by their `InterfaceType`, lower case without `_` (`natgateway`, `transitgateway`). */
    readonly interfaceKinds: Readonly<Record<string, string>>;
  };
}

/** An ICMP type and code a rule names, `other` for those no rule names: how a sentence names a set of ICMP packets. */
export interface IcmpClassWords {
  readonly protocol: string;
  readonly type: number | "other";
  /** `any`: the rules name no code of the type. */
  readonly code: number | "other" | "any";
}

const way = { inbound: "inbound", outbound: "outbound" } as const;

/**
 * A summary's layer column from a table by verdict: a text, or one made from the names of the
 * layers that may have refused it (`names`, listed as the language lists them).
 */
function layerText(
  table: Readonly<Record<VerdictCode, string | ((names: string) => string)>>,
  list: (layers: readonly Layer[]) => string,
): Sentences["layer"] {
  return (verdict, layers) => {
    const t = table[verdict];
    return typeof t === "string" ? t : t(list(layers));
  };
}

/** The layers in the order a verdict lists them and a sentence names them. */
export const LAYERS: readonly Layer[] = ["security-group", "network-acl", "block-public-access"];
/** The layers given, in {@link LAYERS}' order. */
export const ordered = (layers: Iterable<Layer>): Layer[] => {
  const set = new Set(layers);
  return LAYERS.filter((l) => set.has(l));
};

/**
 * A text made of a list of layers, made once per list: the records' verdicts share a few lists
 * (conversations.ts), and a summary says one for every refused conversation.
 */
const layerTexts = new WeakMap<readonly Layer[], Map<string, string>>();
function remembered(layers: readonly Layer[], key: string, make: () => string): string {
  let texts = layerTexts.get(layers);
  if (!texts) layerTexts.set(layers, (texts = new Map<string, string>()));
  let text = texts.get(key);
  if (text === undefined) texts.set(key, (text = make()));
  return text;
}

/** Items joined as English lists them: `a`, `a or b`, `a, b or c`. */
const enOr = (items: readonly string[]) =>
  items.length <= 2 ? items.join(" or ") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Seconds as English writes a duration: `432,000 s (5 days)`. */
const enSeconds = (n: number) => `${n.toLocaleString("en-US")} s${n >= 86_400 && n % 86_400 === 0 ? ` (${n / 86_400} days)` : ""}`;

/**
 * The idle timeout after which a security group stops tracking a connection of the protocol:
 * the interface's own where the file gives it, else EC2's default (API reference,
 * ConnectionTrackingConfiguration; EC2 user guide, "Security group connection tracking").
 */
function enIdleTimeout(protocol: number, t: TrackingTimeouts | undefined): string {
  if (protocol === 6)
    return t?.tcpEstablished !== undefined
      ? `${enSeconds(t.tcpEstablished)} for an established TCP connection on this interface`
      : "432,000 s (5 days) for an established TCP connection by default, 350 s on Nitro v6 instance types";
  if (protocol === 17)
    return t?.udp !== undefined || t?.udpStream !== undefined
      ? `${enSeconds(t.udp ?? 30)} for UDP on this interface, ${enSeconds(t.udpStream ?? 180)} for a UDP stream`
      : "30 s for UDP by default, 180 s for a UDP stream, one of more than one request and response";
  if (protocol === 1 || protocol === 58) return "for ICMP, a timeout that cannot be configured and that EC2's documentation does not give";
  return "600 s for a protocol other than TCP, UDP and ICMP";
}

/** An address and port as written in every language: an IPv6 address in brackets (`[2001:db8::5]:443`). */
export function hostPort(address: string, port: string): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

/** An endpoint: the address alone when the protocol has no ports, the service after the server's port. */
const endpoint = (address: string, port: string, service?: string) =>
  port === "" ? address : service ? `${hostPort(address, port)} (${service})` : hostPort(address, port);

/** The one exception to "only the ACL refuses a reply", added to every reply refused. */
const enTracking = (w: ConversationWords) =>
  `The one exception: a reply that came after the security group stopped tracking the connection (its idle timeout: ${enIdleTimeout(w.protocolNumber, w.tracking)}) is refused by the security group instead.`;

/** The layers as a sentence names them, with the way for the rule layers. */
const enLayers = (layers: readonly Layer[], w: "inbound" | "outbound" | undefined) =>
  remembered(layers, `en ${w}`, () =>
    enOr(
      ordered(layers).map((l) =>
        l === "block-public-access"
          ? "VPC Block Public Access"
          : `the ${l === "security-group" ? "security group" : "network ACL"}'s ${w ? `${w} ` : ""}rules`,
      ),
    ),
  );

/** A set of ICMP packets the rules tell apart, in English. */
const enIcmpClass = (c: IcmpClassWords) =>
  c.type === "other"
    ? `of an ${c.protocol} type no rule names`
    : c.code === "any"
      ? `${c.protocol} type ${c.type}`
      : c.code === "other"
        ? `${c.protocol} type ${c.type} with a code no rule names`
        : `${c.protocol} type ${c.type} code ${c.code}`;

/** Why VPC Block Public Access stays among the layers that may have refused it. */
const enBpaWhy = "the peer's address is public and the record format has no reject-reason field to tell";

/** What the layers that may have refused it say, after the records' account of it. */
const enWhich = (w: ConversationWords & { detail?: string }, way: "inbound" | "outbound" | undefined) =>
  `${capital(enLayers(w.layers, way))} refused it${w.layers.includes("block-public-access") ? ` (${enBpaWhy})` : ""}; ${w.detail ? `the rules given cannot tell which. ${w.detail}` : "records alone cannot tell which."}`;

/** Added after a reply refused by the ACL when VPC Block Public Access may have refused it instead. */
const enBpaInstead = (w: ConversationWords) =>
  w.bpaPossible ? ` VPC Block Public Access may also have blocked the reply (${enBpaWhy} which).` : "";

/** Added after a verdict that names a layer when VPC Block Public Access may have refused it as well. */
const enBpaToo = (w: ConversationWords) =>
  w.layers.includes("block-public-access") ? ` VPC Block Public Access may block it as well (${enBpaWhy}).` : "";

/** A count written as text and its noun, in the singular for one: `1 record`, `1,024 records`. */
export const enCount = (n: string, noun: string) => `${n} ${n.trim() === "1" ? noun : `${noun}s`}`;

/** The short layer names of a summary. */
const EN_LAYER_NAMES: Readonly<Record<Layer, string>> = {
  "security-group": "security group",
  "network-acl": "network ACL",
  "block-public-access": "VPC Block Public Access",
};

const EN_DIRECTIONS = { inbound: "inbound", outbound: "outbound", unknown: "(direction unknown)" } as const;
const EN_ACTIONS = { ACCEPT: "accepted", REJECT: "REJECTED", unknown: "action unknown" } as const;

/**
 * The English table, its two characters beyond ASCII given: the real ones, or the marks that
 * stand for them in what the explainer writes (see {@link MARK}).
 */
function english(glyph: { readonly arrow: string; readonly dash: string }): Sentences {
  const arrow = glyph.arrow;
  return {
    record: (w) =>
      `${w.time} ${w.interfaceId} ${EN_DIRECTIONS[w.direction]}: ` +
      `${w.from} ${arrow} ${w.to} ${w.protocol}, ${w.packets} packets, ${w.bytes} bytes, ${EN_ACTIONS[w.action]}.`,
    timeRange: (start, end) => `${start}${glyph.dash}${end}`,
    endpoint,
    noData: (w) => `${w.time} ${w.interfaceId}: NODATA, no traffic to or from the interface in this window.`,
    skipData: (w) =>
      `${w.time} ${w.interfaceId}: SKIPDATA, records of this window were skipped (an internal capacity limit or error): traffic is missing, not absent.`,
    flags: (names) => `TCP flags seen in the window: ${names}.`,
    synWithoutSynAck: "The client sent SYN and no SYN-ACK is in these records: the connection was not established in them.",
    realPeer: (w) =>
      `The packets' own addresses are ${w.source} ${arrow} ${w.destination}: a NAT gateway or another middlebox is between them.`,
    trafficPath: (path) => `Leaves by: ${path}.`,
    trafficPaths: {
      1: "within the VPC",
      2: "an internet gateway or a gateway VPC endpoint",
      3: "a virtual private gateway",
      4: "intra-region VPC peering",
      5: "inter-region VPC peering",
      6: "a local gateway",
      7: "a gateway VPC endpoint (Nitro)",
      8: "an internet gateway (Nitro)",
    },
    rejectReason: (reason) => `Rejected because: ${reason}.`,
    rejectReasons: { BPA: "VPC Block Public Access" },
    verdict: {
      CONNECTED: (w) => `${w.client} ${arrow} ${w.server} (${w.service}): request and reply both accepted; the connection worked.`,
      HOST_RESET: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the network let it through, and the host answered with a reset: nothing listens there, or it refused.`,
      REFUSED_INBOUND: (w) => `${w.client} ${arrow} ${w.server} (${w.service}): refused on the way in, no reply. ${enWhich(w, "inbound")}`,
      REFUSED_OUTBOUND: (w) => `${w.client} ${arrow} ${w.server} (${w.service}): refused on the way out. ${enWhich(w, "outbound")}`,
      REFUSED: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): refused, no reply. ${capital(enOr(ordered(w.layers).map((l) => (l === "block-public-access" ? "VPC Block Public Access" : `a ${EN_LAYER_NAMES[l]}`))))} refused it; without the interface's own address, not even the way is known.`,
      REPLY_REFUSED_BY_ACL_INBOUND: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the request went out and was accepted, the reply was rejected on the way in. Security groups let replies through (they are stateful), so the network ACL's inbound rules refused it: ${w.portless ? `they must allow ${w.protocol} from ${w.server} (${w.protocol} has no ports; an ACL's ${w.protocol} rule is by type and code)` : `they must allow ${w.protocol} from ${w.server} to ports 1024-65535 (the client's ephemeral ports)`}. ${w.detail ?? enTracking(w)}${enBpaInstead(w)}`,
      REPLY_REFUSED_BY_ACL_OUTBOUND: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the request came in and was accepted, the reply was rejected on the way out. Security groups let replies through (they are stateful), so the network ACL's outbound rules refused it: ${w.portless ? `they must allow ${w.protocol} to ${w.clientAddress} (${w.protocol} has no ports; an ACL's ${w.protocol} rule is by type and code)` : `they must allow ${w.protocol} to ${w.clientAddress} on ports 1024-65535 (the client's ephemeral ports)`}. ${w.detail ?? enTracking(w)}${enBpaInstead(w)}`,
      REPLY_REFUSED_BY_ACL: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the request was accepted and the reply rejected. Security groups let replies through (they are stateful), so a network ACL refused the reply; without the interface's own address, which way (inbound or outbound rules) is not known. ${enTracking(w)}${enBpaInstead(w)}`,
      REPLY_NOT_SEEN: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the request was accepted; no reply is in these records. The server may not have answered, or the reply is in another aggregation window, another flow log (one that records other traffic), or a window AWS skipped.`,
      REQUEST_NOT_SEEN: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): only the reply is in these records; the request is in another aggregation window or flow log, or was skipped.`,
      REFUSED_BY_SECURITY_GROUP: (w) =>
        `${`${w.client} ${arrow} ${w.server} (${w.service}): refused by the security group. ${w.detail ?? ""}`.trim()}${enBpaToo(w)}`,
      REFUSED_BY_NETWORK_ACL: (w) =>
        `${`${w.client} ${arrow} ${w.server} (${w.service}): refused by the network ACL. ${w.detail ?? ""}`.trim()}${enBpaToo(w)}`,
      REFUSED_BY_BLOCK_PUBLIC_ACCESS: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): refused by VPC Block Public Access (the record's reject-reason is BPA), not by a security group or network ACL. Block Public Access is a setting of the account and Region that blocks internet gateway and egress-only internet gateway traffic; a VPC or subnet passes only where an exclusion allows it (an organisation may forbid exclusions).`,
      REPLY_REFUSED_BY_SECURITY_GROUP: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the request was accepted and the reply rejected, and the network ACL allows the reply: the security group had stopped tracking the connection (after its idle timeout: ${enIdleTimeout(w.protocolNumber, w.tracking)}), so the reply was judged as new traffic, which no rule allows.${enBpaInstead(w)} ${w.detail ?? ""}`.trim(),
      REFUSED_THOUGH_RULES_ALLOW: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): rejected, yet the rules given let it through. ${w.detail ?? ""} ${w.bpaPossible ? `VPC Block Public Access may have blocked it (${enBpaWhy}); otherwise ` : "Otherwise "}the rules changed since these records.`.replace(
          / {2,}/g,
          " ",
        ),
      LATE_REPLY_OR_SCAN: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): only a rejected packet from the server's port to the client's is in these records, no request: the mark of a reply that came after its connection was forgotten (the security group's tracking timed out, or the request is in another window) or of a scan; it is not a request to allow.`,
      MIXED: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): accepted in some windows and rejected in others: the rules changed while it ran, or several flows share these addresses and ports.`,
    },
    layer: layerText(
      {
        CONNECTED: "connected",
        HOST_RESET: "the host reset it",
        REFUSED_INBOUND: (names) => `${names}, inbound`,
        REFUSED_OUTBOUND: (names) => `${names}, outbound`,
        REFUSED: (names) => names,
        REPLY_REFUSED_BY_ACL_INBOUND: (names) => `${names}, inbound (the reply)`,
        REPLY_REFUSED_BY_ACL_OUTBOUND: (names) => `${names}, outbound (the reply)`,
        REPLY_REFUSED_BY_ACL: (names) => `${names} (the reply)`,
        REPLY_NOT_SEEN: "no reply in the records",
        REQUEST_NOT_SEEN: "no request in the records",
        REFUSED_BY_SECURITY_GROUP: (names) => names,
        REFUSED_BY_NETWORK_ACL: (names) => names,
        REFUSED_BY_BLOCK_PUBLIC_ACCESS: "VPC Block Public Access",
        REPLY_REFUSED_BY_SECURITY_GROUP: "security group (the reply, after tracking timed out)",
        REFUSED_THOUGH_RULES_ALLOW: (names) => (names ? `not the rules given; perhaps ${names}` : "not the rules given"),
        LATE_REPLY_OR_SCAN: "a late reply or a scan",
        MIXED: "accepted and rejected",
      },
      (layers) => enOr(ordered(layers).map((l) => EN_LAYER_NAMES[l])),
    ),
    judged: {
      counts: (w) =>
        `(${[
          `${enCount(w.conversations, "conversation")}, ${enCount(w.records, "record")}, ${enCount(w.bytes, "byte")}`,
          ...(w.first && w.last ? [`from ${w.first} to ${w.last}`] : []),
          ...(w.account ? [`account ${w.account}`] : []),
          ...(w.interfaceId ? [`on ${w.interfaceId}`] : []),
        ].join("; ")})`,
      of: (w) => `${w.who}: ${w.layer}`,
    },
    summary: {
      title: (w) =>
        `${enCount(w.records, "record")}, ${enCount(w.conversations, "conversation")}${w.skipped ? ` (${enCount(w.skipped, "record")} left out by the filter)` : ""}.`,
      verdicts: "Conversations by verdict:",
      refused: (w) => `Refused conversations, most records first (${w.shown} of ${w.groups} groups by client, server and verdict):`,
      noneRefused: "No conversation was refused.",
      noneJudged: "No conversation was judged (standard error says why).",
      group: (w) =>
        `${w.rank}. ${w.from} ${arrow} ${w.to} (${w.service}): ${enCount(w.conversations, "conversation")}, ${enCount(w.records, "record")}, ${enCount(w.bytes, "byte")}; ${w.layer}; on ${w.interfaces}`,
      // A column of counts: a singular noun keeps its place with a space.
      count: (w) =>
        `${w.verdict}: ${enCount(w.conversations, "conversation")},${w.conversations.trim() === "1" ? " " : ""} ${enCount(w.records, "record")}`,
      approximate: (w) =>
        `(More groups than memory keeps: ${w.dropped} of the lightest were dropped while reading, so a count may be low by up to ${w.bound} records.)`,
    },
    rule: {
      securityGroupAllows: (w) => `Security group ${w.group} allows it: ${w.rule}.`,
      securityGroupHasNoRule: (w) =>
        `No ${way[w.way]} rule of ${w.groups} allows it (security groups only allow; what no rule allows is refused).`,
      securityGroupUnresolved: (w) =>
        `No ${way[w.way]} rule of ${w.groups} allows it for certain: ${w.unresolved} might, and the files do not say what they hold.`,
      noSecurityGroup: (w) =>
        `Interface ${w.interfaceId}${w.kind ? ` (${w.kind})` : ""} has no security group, so no security group refused it.`,
      aclDenies: (w) => `Network ACL ${w.acl}, ${way[w.way]}: ${w.rule} matched first and denies it.`,
      aclAllows: (w) => `Network ACL ${w.acl}, ${way[w.way]}: ${w.rule} matched first and allows it.`,
      aclNotGiven: (w) => `No network ACL of ${w.subnet} is in the files.`,
      icmpTypeUnknown: (protocol) => `Flow-log records do not carry the ${protocol} type, and the rules given depend on it.`,
      ifIcmp: (w) => `If the packets were ${enOr(w.classes.map(enIcmpClass))}: ${w.detail}`,
      unlessIcmp: (w) => `Unless the packets were ${enOr(w.classes.map(enIcmpClass))}: ${w.detail}`,
      natGatewayInbound: "A NAT gateway takes no connection from outside: it carries only the replies to connections made through it.",
      interfaceKinds: {
        natgateway: "a NAT gateway's interface",
        transitgateway: "a transit gateway attachment's interface",
        gatewayloadbalancerendpoint: "a Gateway Load Balancer endpoint's interface",
        gatewayloadbalancer: "a Gateway Load Balancer's interface",
        networkloadbalancer: "a Network Load Balancer's interface",
      },
    },
  };
}

/** English as it is read. */
const en = english({ arrow: "→", dash: "–" });

const jaWay = { inbound: "インバウンド", outbound: "アウトバウンド" } as const;

/** Seconds as Japanese writes a duration. */
const jaSeconds = (n: number) => `${n.toLocaleString("ja-JP")} 秒${n >= 86_400 && n % 86_400 === 0 ? ` (${n / 86_400} 日)` : ""}`;

/** The idle timeout of connection tracking, in Japanese (see {@link enIdleTimeout}). */
function jaIdleTimeout(protocol: number, t: TrackingTimeouts | undefined): string {
  if (protocol === 6)
    return t?.tcpEstablished !== undefined
      ? `このインターフェイスの確立済み TCP 接続は ${jaSeconds(t.tcpEstablished)}`
      : "確立済み TCP 接続は既定で 432,000 秒 (5 日)、Nitro v6 のインスタンスタイプでは 350 秒";
  if (protocol === 17)
    return t?.udp !== undefined || t?.udpStream !== undefined
      ? `このインターフェイスの UDP は ${jaSeconds(t.udp ?? 30)}、UDP ストリームは ${jaSeconds(t.udpStream ?? 180)}`
      : "UDP は既定で 30 秒、要求と応答が複数回ある UDP ストリームは 180 秒";
  if (protocol === 1 || protocol === 58) return "ICMP は設定できず、EC2 のドキュメントに値の記載がありません";
  return "TCP・UDP・ICMP 以外のプロトコルは 600 秒";
}

/** The exception, in Japanese. */
const jaTracking = (w: ConversationWords) =>
  `唯一の例外: セキュリティグループが接続の追跡をやめた後 (アイドルタイムアウト: ${jaIdleTimeout(w.protocolNumber, w.tracking)}) に届いた応答は、セキュリティグループが拒否します。`;

/** Japanese text joined, a space kept between a Latin letter and the next word (`ACL の`, `か VPC`). */
const jaJoin = (a: string, b: string) => (/[A-Za-z0-9]$/.test(a) || /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b);

/** Items joined as Japanese lists alternatives: `AかB`, `A、BかC`. */
const jaOr = (items: readonly string[]) =>
  items.length <= 2
    ? items.reduce((a, b) => jaJoin(jaJoin(a, "か"), b))
    : jaJoin(jaJoin(items.slice(0, -1).join("、"), "か"), items[items.length - 1]);

const JA_LAYER_NAMES: Readonly<Record<Layer, string>> = {
  "security-group": "セキュリティグループ",
  "network-acl": "ネットワーク ACL",
  "block-public-access": "VPC ブロックパブリックアクセス",
};

/** The layers as a sentence names them, with the way for the rule layers. */
const jaLayers = (layers: readonly Layer[], w: "inbound" | "outbound" | undefined) =>
  remembered(layers, `ja ${w}`, () =>
    jaOr(
      ordered(layers).map((l) =>
        l === "block-public-access" ? JA_LAYER_NAMES[l] : jaJoin(JA_LAYER_NAMES[l], `の${w ? jaWay[w] : ""}ルール`),
      ),
    ),
  );

/** A set of ICMP packets the rules tell apart, in Japanese. */
const jaIcmpClass = (c: IcmpClassWords) =>
  c.type === "other"
    ? `どのルールにもない ${c.protocol} タイプ`
    : c.code === "any"
      ? `${c.protocol} タイプ ${c.type}`
      : c.code === "other"
        ? `${c.protocol} タイプ ${c.type} でどのルールにもないコード`
        : `${c.protocol} タイプ ${c.type} コード ${c.code}`;

const jaBpaWhy = "相手のアドレスがパブリックで、レコード形式にそれを見分ける reject-reason フィールドがありません";

const jaWhich = (w: ConversationWords & { detail?: string }, way: "inbound" | "outbound" | undefined) =>
  `${jaLayers(w.layers, way)}が拒否しました${w.layers.includes("block-public-access") ? ` (${jaBpaWhy})` : ""}。${w.detail ? `与えられたルールではどちらかは分かりません。${w.detail}` : "レコードだけではどちらかは分かりません。"}`;

const jaBpaInstead = (w: ConversationWords) =>
  w.bpaPossible ? `VPC ブロックパブリックアクセスが応答をブロックした可能性もあります (${jaBpaWhy})。` : "";

const jaBpaToo = (w: ConversationWords) =>
  w.layers.includes("block-public-access") ? `VPC ブロックパブリックアクセスも拒否している可能性があります (${jaBpaWhy})。` : "";

const JA_DIRECTIONS = { inbound: "受信", outbound: "送信", unknown: "(方向不明)" } as const;
const JA_ACTIONS = { ACCEPT: "許可", REJECT: "拒否", unknown: "アクション不明" } as const;

const ja: Sentences = {
  timeRange: (start, end) => `${start}–${end}`,
  record: (w) =>
    `${w.time} ${w.interfaceId} ${JA_DIRECTIONS[w.direction]}: ` +
    `${w.from} → ${w.to} ${w.protocol}、${w.packets} パケット、${w.bytes} バイト、${JA_ACTIONS[w.action]}。`,
  endpoint,
  noData: (w) => `${w.time} ${w.interfaceId}: NODATA。この集約期間にインターフェイスの通信はありません。`,
  skipData: (w) =>
    `${w.time} ${w.interfaceId}: SKIPDATA。この集約期間のレコードは欠落しています (内部の容量制限またはエラー)。通信がなかったのではなく、記録されていません。`,
  flags: (names) => `この期間に見られた TCP フラグ: ${names}。`,
  synWithoutSynAck: "クライアントは SYN を送りましたが、SYN-ACK はこのレコードにありません: このレコードの範囲で接続は確立していません。",
  realPeer: (w) => `パケット自体のアドレスは ${w.source} → ${w.destination} です: 間に NAT ゲートウェイなどの中継があります。`,
  trafficPath: (path) => `経路: ${path}。`,
  trafficPaths: {
    1: "VPC 内",
    2: "インターネットゲートウェイまたはゲートウェイ VPC エンドポイント",
    3: "仮想プライベートゲートウェイ",
    4: "同一リージョン内の VPC ピアリング",
    5: "リージョン間の VPC ピアリング",
    6: "ローカルゲートウェイ",
    7: "ゲートウェイ VPC エンドポイント (Nitro)",
    8: "インターネットゲートウェイ (Nitro)",
  },
  rejectReason: (reason) => `拒否の理由: ${reason}。`,
  rejectReasons: { BPA: "VPC ブロックパブリックアクセス" },
  verdict: {
    CONNECTED: (w) => `${w.client} → ${w.server} (${w.service}): 要求も応答も許可されました。接続は成功しています。`,
    HOST_RESET: (w) =>
      `${w.client} → ${w.server} (${w.service}): ネットワークは通しましたが、ホストがリセットで応答しました。待ち受けていないか、拒否されています。`,
    REFUSED_INBOUND: (w) => `${w.client} → ${w.server} (${w.service}): 受信時に拒否され、応答はありません。${jaWhich(w, "inbound")}`,
    REFUSED_OUTBOUND: (w) => `${w.client} → ${w.server} (${w.service}): 送信時に拒否されました。${jaWhich(w, "outbound")}`,
    REFUSED: (w) =>
      `${w.client} → ${w.server} (${w.service}): 拒否され、応答はありません。${jaOr(ordered(w.layers).map((l) => JA_LAYER_NAMES[l]))}が拒否しました。インターフェイス自身のアドレスが分からないため、方向も分かりません。`,
    REPLY_REFUSED_BY_ACL_INBOUND: (w) =>
      `${w.client} → ${w.server} (${w.service}): 要求は送信され許可されましたが、応答が受信時に拒否されました。セキュリティグループはステートフルで応答を通すため、拒否したのはネットワーク ACL のインバウンドルールです: ${w.portless ? `${w.server} からの ${w.protocol} を許可する必要があります (${w.protocol} にポートはなく、ACL の ${w.protocol} ルールはタイプとコードで指定します)` : `${w.server} からポート 1024-65535 (クライアントのエフェメラルポート) への ${w.protocol} を許可する必要があります`}。${w.detail ?? jaTracking(w)}${jaBpaInstead(w)}`,
    REPLY_REFUSED_BY_ACL_OUTBOUND: (w) =>
      `${w.client} → ${w.server} (${w.service}): 要求は受信され許可されましたが、応答が送信時に拒否されました。セキュリティグループはステートフルで応答を通すため、拒否したのはネットワーク ACL のアウトバウンドルールです: ${w.portless ? `${w.clientAddress} への ${w.protocol} を許可する必要があります (${w.protocol} にポートはなく、ACL の ${w.protocol} ルールはタイプとコードで指定します)` : `${w.clientAddress} のポート 1024-65535 (クライアントのエフェメラルポート) への ${w.protocol} を許可する必要があります`}。${w.detail ?? jaTracking(w)}${jaBpaInstead(w)}`,
    REPLY_REFUSED_BY_ACL: (w) =>
      `${w.client} → ${w.server} (${w.service}): 要求は許可され、応答が拒否されました。セキュリティグループはステートフルで応答を通すため、応答を拒否したのはネットワーク ACL です。インターフェイス自身のアドレスが分からないため、インバウンドとアウトバウンドのどちらのルールかは分かりません。${jaTracking(w)}${jaBpaInstead(w)}`,
    REPLY_NOT_SEEN: (w) =>
      `${w.client} → ${w.server} (${w.service}): 要求は許可されましたが、応答はこのレコードにありません。サーバーが応答しなかったか、応答が別の集約期間・別のフローログ (別のトラフィックを記録するもの) にあるか、欠落した期間にあります。`,
    REQUEST_NOT_SEEN: (w) =>
      `${w.client} → ${w.server} (${w.service}): 応答だけがこのレコードにあります。要求は別の集約期間か別のフローログにあるか、欠落しています。`,
    REFUSED_BY_SECURITY_GROUP: (w) =>
      `${w.client} → ${w.server} (${w.service}): セキュリティグループが拒否しました。${w.detail ?? ""}${jaBpaToo(w)}`,
    REFUSED_BY_NETWORK_ACL: (w) =>
      `${w.client} → ${w.server} (${w.service}): ネットワーク ACL が拒否しました。${w.detail ?? ""}${jaBpaToo(w)}`,
    REFUSED_BY_BLOCK_PUBLIC_ACCESS: (w) =>
      `${w.client} → ${w.server} (${w.service}): VPC ブロックパブリックアクセスが拒否しました (レコードの reject-reason が BPA)。セキュリティグループやネットワーク ACL ではありません。ブロックパブリックアクセスはアカウントとリージョンの設定で、インターネットゲートウェイと Egress-Only インターネットゲートウェイの通信をブロックします。VPC やサブネットは除外で許可された場合だけ通ります (組織が除外を禁止していることもあります)。`,
    REPLY_REFUSED_BY_SECURITY_GROUP: (w) =>
      `${w.client} → ${w.server} (${w.service}): 要求は許可され応答が拒否されましたが、ネットワーク ACL は応答を許可しています: セキュリティグループが接続の追跡をやめていた (アイドルタイムアウト: ${jaIdleTimeout(w.protocolNumber, w.tracking)}) ため、応答は新しい通信として判定され、許可するルールがありませんでした。${jaBpaInstead(w)}${w.detail ?? ""}`,
    REFUSED_THOUGH_RULES_ALLOW: (w) =>
      `${w.client} → ${w.server} (${w.service}): 拒否されましたが、与えられたルールは通しています。${w.detail ?? ""}${w.bpaPossible ? `VPC ブロックパブリックアクセスが拒否した可能性があります (${jaBpaWhy})。そうでなければ` : "そうでなければ"}、このレコードの後にルールが変わっています。`,
    LATE_REPLY_OR_SCAN: (w) =>
      `${w.client} → ${w.server} (${w.service}): サーバーのポートからクライアントのポートへの拒否されたパケットだけがあり、要求はありません: 接続が忘れられた後に届いた応答 (セキュリティグループの追跡のタイムアウト、または要求が別の期間にある) か、スキャンの特徴です。許可すべき要求ではありません。`,
    MIXED: (w) =>
      `${w.client} → ${w.server} (${w.service}): ある期間は許可され、別の期間は拒否されています。途中でルールが変わったか、同じアドレスとポートを複数の通信が使っています。`,
  },
  layer: layerText(
    {
      CONNECTED: "接続成功",
      HOST_RESET: "ホストがリセット",
      REFUSED_INBOUND: (names) => `${names} (インバウンド)`,
      REFUSED_OUTBOUND: (names) => `${names} (アウトバウンド)`,
      REFUSED: (names) => names,
      REPLY_REFUSED_BY_ACL_INBOUND: (names) => `${names} (インバウンド、応答)`,
      REPLY_REFUSED_BY_ACL_OUTBOUND: (names) => `${names} (アウトバウンド、応答)`,
      REPLY_REFUSED_BY_ACL: (names) => `${names} (応答)`,
      REPLY_NOT_SEEN: "応答がレコードにない",
      REQUEST_NOT_SEEN: "要求がレコードにない",
      REFUSED_BY_SECURITY_GROUP: (names) => names,
      REFUSED_BY_NETWORK_ACL: (names) => names,
      REFUSED_BY_BLOCK_PUBLIC_ACCESS: "VPC ブロックパブリックアクセス",
      REPLY_REFUSED_BY_SECURITY_GROUP: "セキュリティグループ (追跡のタイムアウト後の応答)",
      REFUSED_THOUGH_RULES_ALLOW: (names) => (names ? `与えられたルール以外。${names}の可能性` : "与えられたルール以外"),
      LATE_REPLY_OR_SCAN: "遅れた応答かスキャン",
      MIXED: "許可と拒否が混在",
    },
    (layers) => jaOr(ordered(layers).map((l) => JA_LAYER_NAMES[l])),
  ),
  judged: {
    counts: (w) =>
      `(${[
        `${w.conversations} 会話、${w.records} レコード、${w.bytes} バイト`,
        ...(w.first && w.last ? [`${w.first} から ${w.last}`] : []),
        ...(w.account ? [`アカウント ${w.account}`] : []),
        ...(w.interfaceId ? [`${w.interfaceId}`] : []),
      ].join("、")})`,
    of: (w) => `${w.who}: ${w.layer}`,
  },
  summary: {
    title: (w) => `${w.records} レコード、${w.conversations} 会話${w.skipped ? ` (フィルターで除いたレコード ${w.skipped})` : ""}。`,
    verdicts: "判定ごとの会話:",
    refused: (w) => `拒否された会話 (レコードの多い順、クライアント・サーバー・判定ごとの ${w.groups} グループのうち ${w.shown}):`,
    noneRefused: "拒否された会話はありません。",
    noneJudged: "判定できた会話はありません (理由は標準エラー出力にあります)。",
    group: (w) =>
      `${w.rank}. ${w.from} → ${w.to} (${w.service}): ${w.conversations} 会話、${w.records} レコード、${w.bytes} バイト。${w.layer}。${w.interfaces}`,
    count: (w) => `${w.verdict}: ${w.conversations} 会話、${w.records} レコード`,
    approximate: (w) =>
      `(グループがメモリに保てる数を超えました: 読み込み中に少ないものから ${w.dropped} グループを除いたため、数は最大 ${w.bound} レコード少ないことがあります。)`,
  },
  rule: {
    securityGroupAllows: (w) => `セキュリティグループ ${w.group} が許可しています: ${w.rule}。`,
    securityGroupHasNoRule: (w) =>
      `${w.groups} に、これを許可する${jaWay[w.way]}ルールがありません (セキュリティグループは許可のみで、許可されないものは拒否されます)。`,
    securityGroupUnresolved: (w) =>
      `${w.groups} に、これを確実に許可する${jaWay[w.way]}ルールはありません: ${w.unresolved} が許可する可能性がありますが、その中身はファイルにありません。`,
    noSecurityGroup: (w) =>
      `インターフェイス ${w.interfaceId}${w.kind ? ` (${w.kind})` : ""} にはセキュリティグループがないため、セキュリティグループは拒否していません。`,
    aclDenies: (w) => `ネットワーク ACL ${w.acl} の${jaWay[w.way]}: ${w.rule} が最初に一致し、拒否しています。`,
    aclAllows: (w) => `ネットワーク ACL ${w.acl} の${jaWay[w.way]}: ${w.rule} が最初に一致し、許可しています。`,
    aclNotGiven: (w) => `${w.subnet} のネットワーク ACL はファイルにありません。`,
    icmpTypeUnknown: (protocol) => `フローログのレコードには ${protocol} のタイプがなく、与えられたルールはそれによって変わります。`,
    ifIcmp: (w) => `パケットが${jaOr(w.classes.map(jaIcmpClass))}の場合: ${w.detail}`,
    unlessIcmp: (w) => `パケットが${jaOr(w.classes.map(jaIcmpClass))}でない限り: ${w.detail}`,
    natGatewayInbound: "NAT ゲートウェイは外部からの接続を受け付けません: 通すのは、NAT ゲートウェイを通って出た接続への応答だけです。",
    interfaceKinds: {
      natgateway: "NAT ゲートウェイのインターフェイス",
      transitgateway: "Transit Gateway アタッチメントのインターフェイス",
      gatewayloadbalancerendpoint: "Gateway Load Balancer エンドポイントのインターフェイス",
      gatewayloadbalancer: "Gateway Load Balancer のインターフェイス",
      networkloadbalancer: "Network Load Balancer のインターフェイス",
    },
  },
};

/** The table of each language. */
export const SENTENCES: Readonly<Record<Language, Sentences>> = { en, ja };

/** English with marks for the arrow and the dash (Japanese is written as it is: it is not one-byte text anyway). */
export const MARKED_ENGLISH: Sentences = english(MARK);
