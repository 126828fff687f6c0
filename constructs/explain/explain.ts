/**
 * Flow-log records in words, and the conversations they form. Records stream through a
 * {@link RecordExplainer}: each is explained as it comes, and kept only while its conversation
 * can still grow (records of one interface and one 5-tuple, either way, in overlapping
 * windows); a conversation is judged once no record can join it any more, so memory holds the
 * last minutes of flows, not the input.
 *
 * A verdict says only what the records (and, given, the rules) allow: a request rejected on the
 * way in with no reply may be either layer's doing, and says so; an accepted request whose reply
 * is rejected can only be a network ACL's, because security groups are stateful.
 */
import { RecordFormat } from "../records/record-format";
import { FlowRecord, numberOf, parseRecord, RecordProblem, textOf } from "./record";
import type { RuleJudge } from "./rules";
import { ConversationWords, Language, SENTENCES, Sentences, VerdictCode } from "./sentences";
import { flagNames, isPrivateAddress, isServicePort, isSynAck, isSynOnly, PROTOCOLS, SERVICES, TCP_FLAGS } from "./vocabulary";

/** Options of an explanation. */
export interface ExplainOptions {
  /** The format of the records (an S3 file's header sets it per file). */
  readonly format: RecordFormat;
  /** @default "en" */
  readonly language?: Language;
  /** IANA time zone of the times shown. @default "UTC" */
  readonly timeZone?: string;
  /** Each interface's own addresses (from `describe-network-interfaces`), when known. */
  readonly interfaceAddresses?: ReadonlyMap<string, readonly string[]>;
  /** Security groups and network ACLs to name the rule that decided (rules.ts). */
  readonly rules?: RuleJudge;
}

/** The direction of a record or a request, seen from the interface. */
export type Direction = "inbound" | "outbound" | "unknown";

/** A record explained. */
export interface ExplainedRecord {
  readonly kind: "record";
  /** 1-based line (or event) number in its source. */
  readonly line: number;
  readonly source?: string;
  readonly fields: FlowRecord["fields"];
  readonly logStatus: string;
  readonly action?: string;
  readonly direction: Direction;
  /** The interface's own address in this record, when known. */
  readonly interfaceAddress?: string;
  readonly protocol?: string;
  /** The service of the record's server-side port, when it has a name. */
  readonly service?: string;
  readonly sentence: string;
  /** Further sentences: TCP flags, the real peer behind a NAT gateway, the traffic path, the reject reason. */
  readonly notes: readonly string[];
}

/** One end of a conversation. */
export interface Endpoint {
  readonly address: string;
  readonly port: number;
}

/** A conversation judged. */
export interface ExplainedConversation {
  readonly kind: "conversation";
  readonly interfaceId: string;
  readonly protocol: string;
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly service: string;
  /** Of the request, seen from the interface. */
  readonly direction: Direction;
  readonly verdict: VerdictCode;
  /** What the verdict rests on: the records alone, or the rules given as well. */
  readonly basis: "records" | "rules";
  readonly sentence: string;
  /** The lines of its records. */
  readonly lines: readonly number[];
}

/** A line that could not be read, and why. */
export interface ExplainProblem {
  readonly kind: "problem";
  readonly line: number;
  readonly source?: string;
  readonly message: string;
}

export type Explained = ExplainedRecord | ExplainedConversation | ExplainProblem;

/** One direction of a conversation. */
interface Side {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly lines: number[];
  readonly actions: Set<string>;
  flags: number;
  flagsKnown: boolean;
  start: number;
  ingress: boolean;
  egress: boolean;
}

interface Conversation {
  readonly interfaceId: string;
  readonly protocol: number;
  readonly sides: Map<string, Side>;
  end: number;
}

/** A side whose windows opened a connection (SYN, no ACK). */
const synSide = (s: Side) => s.flagsKnown && isSynOnly(s.flags);
/** A side whose windows answered an opening (SYN-ACK). */
const synAckSide = (s: Side) => s.flagsKnown && isSynAck(s.flags);
/** A side sent from a service port to an ephemeral one: a reply, by its ports. */
const sentFromService = (s: Side) => isServicePort(s.from.port) && !isServicePort(s.to.port);

/** Seconds after a conversation's last window before it is judged: the longest aggregation interval, and a minute of lateness. */
const SETTLE_SECONDS = 660;

const endpointKey = (e: Endpoint) => `${e.address} ${e.port}`;

/** Explains records as they come; see the module's comment. */
export class RecordExplainer {
  private readonly words: Sentences;
  private readonly time: Intl.DateTimeFormat;
  private readonly clock: Intl.DateTimeFormat;
  private readonly open = new Map<string, Conversation>();
  /** Per interface: records seen and how often each address appeared, to find its own address. */
  private readonly seen = new Map<string, { records: number; addresses: Map<string, number> }>();
  private latest = 0;
  private readonly windows = new Map<number, string>();
  readonly counts = { records: 0, problems: 0, conversations: 0 };
  format: RecordFormat;

  constructor(private readonly options: ExplainOptions) {
    this.words = SENTENCES[options.language ?? "en"];
    this.format = options.format;
    const timeZone = options.timeZone ?? "UTC";
    try {
      const common = { timeZone, hourCycle: "h23" } as const;
      this.time = new Intl.DateTimeFormat("sv-SE", {
        ...common,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
      // The zone's short name as each language writes it (JST in Japanese, GMT+9 in English).
      const locale = options.language === "ja" ? "ja-JP" : "en-GB";
      this.clock = new Intl.DateTimeFormat(locale, {
        ...common,
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
        timeZoneName: "short",
      });
    } catch {
      throw new RecordProblem(`unknown time zone "${timeZone}": expected an IANA name such as UTC, Asia/Tokyo or Europe/Dublin`);
    }
  }

  /** Explains one record line (a problem when it is not one) and judges the conversations it closes. */
  *line(text: string, line: number, source?: string): Generator<Explained> {
    let record: FlowRecord;
    try {
      record = parseRecord(text, this.format);
    } catch (e) {
      if (!(e instanceof RecordProblem)) throw e;
      this.counts.problems++;
      yield { kind: "problem", line, ...(source ? { source } : {}), message: e.message };
      return;
    }
    this.counts.records++;
    const start = numberOf(record, "start") ?? 0;
    if (start > this.latest + 60) {
      this.latest = start;
      yield* this.settle(start - SETTLE_SECONDS);
    }
    this.learn(record);
    const explained = this.explainRecord(record, line, source);
    yield explained;
    this.track(record, explained, line);
  }

  /** Judges every conversation still open: call at the end of the input. */
  *end(): Generator<Explained> {
    yield* this.settle(Infinity);
  }

  private learn(r: FlowRecord): void {
    const id = textOf(r, "interface-id");
    if (!id) return;
    const s = this.seen.get(id) ?? { records: 0, addresses: new Map<string, number>() };
    s.records++;
    for (const a of new Set([textOf(r, "srcaddr"), textOf(r, "dstaddr")])) if (a) s.addresses.set(a, (s.addresses.get(a) ?? 0) + 1);
    // An address missing from one record can never be in every record: forget it (memory stays flat).
    for (const [a, count] of s.addresses) if (count < s.records) s.addresses.delete(a);
    this.seen.set(id, s);
  }

  /** The interface's own address among a record's two, when something tells. */
  private ownAddress(r: FlowRecord): string | undefined {
    const id = textOf(r, "interface-id");
    const src = textOf(r, "srcaddr");
    const dst = textOf(r, "dstaddr");
    if (!src || !dst) return undefined;
    const known = id ? this.options.interfaceAddresses?.get(id) : undefined;
    if (known) return known.includes(src) ? src : known.includes(dst) ? dst : undefined;
    const direction = textOf(r, "flow-direction");
    if (direction === "ingress") return dst;
    if (direction === "egress") return src;
    // An address in every record of the interface, and only one such, is its own.
    const s = id ? this.seen.get(id) : undefined;
    if (s && s.records > 1) {
      const always = [src, dst].filter((a) => s.addresses.get(a) === s.records);
      if (always.length === 1) return always[0];
    }
    const priv = [src, dst].filter(isPrivateAddress);
    return priv.length === 1 ? priv[0] : undefined;
  }

  /** A window's times as words; records of one window share it, so the last windows' are kept. */
  private window(start: number, end: number): string {
    const key = start * 1e6 + (end - start);
    let text = this.windows.get(key);
    if (text === undefined) {
      if (this.windows.size > 256) this.windows.clear();
      text = `${this.time.format(start * 1000)}–${this.clock.format(end * 1000)}`;
      this.windows.set(key, text);
    }
    return text;
  }

  private explainRecord(r: FlowRecord, line: number, source?: string): ExplainedRecord {
    const w = this.words;
    const interfaceId = textOf(r, "interface-id") ?? "-";
    const start = numberOf(r, "start");
    const end = numberOf(r, "end");
    const time = start === undefined ? "-" : this.window(start, end ?? start);
    const logStatus = textOf(r, "log-status") ?? "OK";
    const base = { kind: "record" as const, line, ...(source ? { source } : {}), fields: r.fields, logStatus };
    if (logStatus === "NODATA" || logStatus === "SKIPDATA") {
      const sentence = (logStatus === "NODATA" ? w.noData : w.skipData)({ time, interfaceId });
      return { ...base, direction: "unknown", sentence, notes: [] };
    }
    const own = this.ownAddress(r);
    const src = textOf(r, "srcaddr") ?? "-";
    const dst = textOf(r, "dstaddr") ?? "-";
    const direction: Direction = own === undefined ? "unknown" : own === dst ? "inbound" : "outbound";
    const protocolNumber = numberOf(r, "protocol");
    const protocol = protocolNumber === undefined ? undefined : (PROTOCOLS[protocolNumber] ?? `protocol ${protocolNumber}`);
    const ports = [numberOf(r, "srcport"), numberOf(r, "dstport")];
    const hasPorts = ports.some((p) => p !== undefined && p > 0);
    const serverPort = ports.find((p) => p !== undefined && SERVICES[p] !== undefined);
    const service = serverPort !== undefined ? SERVICES[serverPort] : undefined;
    const endpoint = (address: string, port: number | undefined) =>
      w.endpoint(address, hasPorts && port !== undefined ? String(port) : "", port !== undefined ? SERVICES[port] : undefined);
    const action = textOf(r, "action");
    const sentence = w.record({
      time,
      interfaceId,
      direction,
      from: endpoint(src, ports[0]),
      to: endpoint(dst, ports[1]),
      protocol: protocol ?? "-",
      packets: textOf(r, "packets") ?? "-",
      bytes: textOf(r, "bytes") ?? "-",
      action: action === "ACCEPT" || action === "REJECT" ? action : "unknown",
    });
    const notes: string[] = [];
    const flags = numberOf(r, "tcp-flags");
    if (flags !== undefined && flags > 0 && protocolNumber === 6) {
      notes.push(w.flags(flagNames(flags).join(", ")));
      if (isSynOnly(flags)) notes.push(w.synWithoutSynAck);
    }
    const pktSrc = textOf(r, "pkt-srcaddr");
    const pktDst = textOf(r, "pkt-dstaddr");
    if ((pktSrc && pktSrc !== src) || (pktDst && pktDst !== dst))
      notes.push(w.realPeer({ source: pktSrc ?? src, destination: pktDst ?? dst }));
    const path = numberOf(r, "traffic-path");
    if (path !== undefined) notes.push(w.trafficPath(w.trafficPaths[path] ?? String(path)));
    const reason = textOf(r, "reject-reason");
    if (reason) notes.push(w.rejectReason(w.rejectReasons[reason] ?? reason));
    return {
      ...base,
      ...(action ? { action } : {}),
      direction,
      ...(own ? { interfaceAddress: own } : {}),
      ...(protocol ? { protocol } : {}),
      ...(service ? { service } : {}),
      sentence,
      notes,
    };
  }

  private track(r: FlowRecord, explained: ExplainedRecord, line: number): void {
    if (explained.logStatus !== "OK" && explained.logStatus !== "-") return;
    const interfaceId = textOf(r, "interface-id");
    const protocol = numberOf(r, "protocol");
    const src = textOf(r, "srcaddr");
    const dst = textOf(r, "dstaddr");
    const action = textOf(r, "action");
    if (!interfaceId || protocol === undefined || !src || !dst || !action) return;
    const from = { address: src, port: numberOf(r, "srcport") ?? 0 };
    const to = { address: dst, port: numberOf(r, "dstport") ?? 0 };
    const ends = [endpointKey(from), endpointKey(to)].sort();
    const key = `${interfaceId} ${protocol} ${ends.join(" ")}`;
    const start = numberOf(r, "start") ?? 0;
    const end = numberOf(r, "end") ?? start;
    const conv = this.open.get(key) ?? { interfaceId, protocol, sides: new Map<string, Side>(), end };
    conv.end = Math.max(conv.end, end);
    const sideKey = `${endpointKey(from)} > ${endpointKey(to)}`;
    const side = conv.sides.get(sideKey) ?? {
      from,
      to,
      lines: [],
      actions: new Set<string>(),
      flags: 0,
      flagsKnown: false,
      start,
      ingress: false,
      egress: false,
    };
    side.lines.push(line);
    side.actions.add(action);
    const flags = numberOf(r, "tcp-flags");
    if (flags !== undefined) {
      side.flags |= flags;
      side.flagsKnown = true;
    }
    side.start = Math.min(side.start, start);
    const own = explained.interfaceAddress;
    if (own === dst) side.ingress = true;
    if (own === src) side.egress = true;
    conv.sides.set(sideKey, side);
    this.open.set(key, conv);
  }

  private *settle(before: number): Generator<Explained> {
    for (const [key, conv] of this.open) {
      if (conv.end >= before) continue;
      this.open.delete(key);
      this.counts.conversations++;
      yield this.judge(conv);
    }
  }

  /** Which side is the request: flags, then service ports, then which was accepted, then time. */
  private request(sides: Side[]): { request?: Side; reply?: Side } {
    if (sides.length === 1) {
      const [s] = sides;
      return sentFromService(s) || synAckSide(s) ? { reply: s } : { request: s };
    }
    const [a, b] = sides;
    const order = (request: Side, reply: Side) => ({ request, reply });
    if (synSide(a) || synAckSide(b)) return order(a, b);
    if (synSide(b) || synAckSide(a)) return order(b, a);
    if (sentFromService(b) && !sentFromService(a)) return order(a, b);
    if (sentFromService(a) && !sentFromService(b)) return order(b, a);
    // A reply exists only if its request got through: an accepted side facing a rejected one is the request.
    const accepted = (s: Side) => s.actions.has("ACCEPT") && !s.actions.has("REJECT");
    const rejected = (s: Side) => s.actions.has("REJECT") && !s.actions.has("ACCEPT");
    if (accepted(a) && rejected(b)) return order(a, b);
    if (accepted(b) && rejected(a)) return order(b, a);
    if (a.start !== b.start) return a.start < b.start ? order(a, b) : order(b, a);
    return a.to.port <= b.to.port ? order(a, b) : order(b, a);
  }

  private judge(conv: Conversation): ExplainedConversation {
    const sides = [...conv.sides.values()];
    const { request, reply } = this.request(sides);
    const asked = request ?? reply!;
    const client = request ? request.from : reply!.to;
    const server = request ? request.to : reply!.from;
    const direction: Direction = asked.ingress
      ? request
        ? "inbound"
        : "outbound"
      : asked.egress
        ? request
          ? "outbound"
          : "inbound"
        : "unknown";
    const protocol = PROTOCOLS[conv.protocol] ?? `protocol ${conv.protocol}`;
    const service = SERVICES[server.port] ?? (server.port > 0 ? String(server.port) : protocol);
    const only = (s: Side | undefined, action: string) => s !== undefined && s.actions.size === 1 && s.actions.has(action);
    const mixed = sides.some((s) => s.actions.size > 1);
    let verdict: VerdictCode;
    if (mixed) verdict = "MIXED";
    else if (!request) verdict = "REQUEST_NOT_SEEN";
    else if (only(request, "REJECT")) {
      verdict = only(reply, "ACCEPT")
        ? "MIXED"
        : direction === "inbound"
          ? "REFUSED_INBOUND"
          : direction === "outbound"
            ? "REFUSED_OUTBOUND"
            : "REFUSED";
    } else if (!reply) verdict = "REPLY_NOT_SEEN";
    else if (only(reply, "REJECT")) {
      verdict =
        direction === "outbound"
          ? "REPLY_REFUSED_BY_ACL_INBOUND"
          : direction === "inbound"
            ? "REPLY_REFUSED_BY_ACL_OUTBOUND"
            : "REPLY_REFUSED_BY_ACL";
    } else {
      const reset = reply.flagsKnown && (reply.flags & TCP_FLAGS.RST) !== 0 && (reply.flags & TCP_FLAGS.SYN) === 0;
      verdict = reset ? "HOST_RESET" : "CONNECTED";
    }
    const w = this.words;
    const hasPorts = client.port > 0 || server.port > 0;
    const words: ConversationWords = {
      client: w.endpoint(client.address, hasPorts ? String(client.port) : ""),
      clientAddress: client.address,
      server: w.endpoint(server.address, hasPorts ? String(server.port) : ""),
      service,
      protocol,
      serverPort: String(server.port),
      interfaceId: conv.interfaceId,
    };
    let basis: "records" | "rules" = "records";
    let detail: string | undefined;
    const judged = this.options.rules?.judge(
      { interfaceId: conv.interfaceId, protocol: conv.protocol, client, server, direction, verdict },
      w,
    );
    if (judged) {
      verdict = judged.verdict;
      detail = judged.detail;
      basis = "rules";
    }
    return {
      kind: "conversation",
      interfaceId: conv.interfaceId,
      protocol,
      client,
      server,
      service,
      direction,
      verdict,
      basis,
      sentence: w.verdict[verdict]({ ...words, ...(detail ? { detail } : {}) }),
      lines: sides.flatMap((s) => s.lines).sort((a, b) => a - b),
    };
  }
}

/** Explains record lines of one format, all at once: records, conversations and problems, in order. */
export function explainRecords(lines: Iterable<string>, options: ExplainOptions): Explained[] {
  const explainer = new RecordExplainer(options);
  const out: Explained[] = [];
  let n = 0;
  for (const line of lines) {
    n++;
    if (line.trim() === "") continue;
    out.push(...explainer.line(line, n));
  }
  out.push(...explainer.end());
  return out;
}
