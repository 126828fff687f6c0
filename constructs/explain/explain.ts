/**
 * Flow-log records in words. Records stream through a {@link RecordExplainer}: each is
 * explained as it comes, and kept only while its conversation can still grow
 * (conversations.ts judges them), so memory holds the last minutes of flows, not the input.
 * A record whose direction nothing tells yet waits (at most {@link LOOKAHEAD} records, and
 * never past the next settling of conversations) for later records of its interface to tell
 * which address is the interface's own; records come out in the order they went in.
 */
import { RecordFormat } from "../records/record-format";
import { FlowRecord, numberOf, parseRecord, RecordProblem, textOf } from "./record";
import { Conversations, ExplainedConversation, SETTLE_SECONDS } from "./conversations";
import type { Direction, RefusalJudge } from "./question";
import { Language, SENTENCES, Sentences } from "./sentences";
import { flagNames, isPrivateAddress, isServicePort, PROTOCOLS, SERVICES } from "./vocabulary";

/** How many records may wait for their interface's direction. */
export const LOOKAHEAD = 512;

/** A record read, waiting to be explained. */
interface Pending {
  readonly record: FlowRecord;
  readonly line: number;
  readonly source?: string;
  readonly event?: string;
}

/**
 * The server's port of a record: the service port facing an ephemeral one; of two service
 * ports, the one below 1024 (a NAT gateway's source ports are above it, whatever service
 * shares their number), then the destination's.
 */
export function serverPortOf(src: number | undefined, dst: number | undefined): number | undefined {
  const service = (p: number | undefined) => p !== undefined && isServicePort(p);
  if (service(dst) && !service(src)) return dst;
  if (service(src) && !service(dst)) return src;
  if (!service(src)) return undefined;
  const low = (p: number | undefined) => p !== undefined && p < 1024;
  if (low(src) && !low(dst)) return src;
  return dst;
}

export type { ExplainedConversation } from "./conversations";
export type { Direction, Endpoint } from "./question";

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
  readonly rules?: RefusalJudge;
  /** Which records to explain (filter.ts); the others are skipped, counted, and form no conversation. */
  readonly keep?: (record: FlowRecord) => boolean;
}

/** A record explained. */
export interface ExplainedRecord {
  readonly kind: "record";
  /** 1-based line (or Parquet row) number in its source. */
  readonly line: number;
  readonly source?: string;
  /** The CloudWatch Logs event id, when the source gives it (`aws logs filter-log-events`). */
  readonly event?: string;
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

/** A line that could not be read, and why. */
export interface ExplainProblem {
  readonly kind: "problem";
  readonly line: number;
  readonly source?: string;
  readonly message: string;
}

export type Explained = ExplainedRecord | ExplainedConversation | ExplainProblem;

/** Explains records as they come; see the module's comment. */
export class RecordExplainer {
  private readonly words: Sentences;
  private readonly time: Intl.DateTimeFormat;
  private readonly clock: Intl.DateTimeFormat;
  private readonly conversations: Conversations;
  /** Per interface: records seen and how often each address appeared, to find its own address. */
  private readonly seen = new Map<string, { records: number; addresses: Map<string, number> }>();
  private latest = 0;
  private readonly windows = new Map<number, string>();
  private readonly tally = { records: 0, problems: 0, skipped: 0 };
  private pending: Pending[] = [];
  format: RecordFormat;

  constructor(private readonly options: ExplainOptions) {
    this.words = SENTENCES[options.language ?? "en"];
    this.format = options.format;
    this.conversations = new Conversations(this.words, options.rules);
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
  *line(text: string, line: number, source?: string, event?: string): Generator<Explained> {
    let record: FlowRecord;
    try {
      record = parseRecord(text, this.format);
    } catch (e) {
      if (!(e instanceof RecordProblem)) throw e;
      this.tally.problems++;
      yield { kind: "problem", line, ...(source ? { source } : {}), message: e.message };
      return;
    }
    if (this.options.keep && !this.options.keep(record)) {
      this.tally.skipped++;
      return;
    }
    this.tally.records++;
    const start = numberOf(record, "start") ?? 0;
    if (start > this.latest + 60) {
      this.latest = start;
      // Waiting records join their conversations before any is judged.
      yield* this.release(Infinity);
      yield* this.conversations.settle(start - SETTLE_SECONDS);
    }
    this.learn(record);
    if (this.pending.length === 0) {
      const own = this.decided(record);
      if (own !== false) {
        yield this.emit({ record, line, source, event }, own);
        return;
      }
    }
    this.pending.push({ record, line, source, event });
    yield* this.release(0);
  }

  /** The interface's own address in a record, undefined when none applies, or false while nothing tells yet. */
  private decided(r: FlowRecord): string | undefined | false {
    const status = textOf(r, "log-status");
    if (status === "NODATA" || status === "SKIPDATA") return undefined;
    const own = this.ownAddress(r);
    return own === undefined && textOf(r, "srcaddr") !== undefined && textOf(r, "dstaddr") !== undefined ? false : own;
  }

  /** Explains the waiting records whose direction is now told, in order; `force` of them at least (all with Infinity). */
  private *release(force: number): Generator<Explained> {
    let forced = Math.max(force, this.pending.length - LOOKAHEAD);
    let i = 0;
    for (; i < this.pending.length; i++) {
      const p = this.pending[i];
      const own = this.decided(p.record);
      if (own === false && forced <= 0) break;
      forced--;
      yield this.emit(p, own === false ? undefined : own);
    }
    if (i > 0) this.pending = this.pending.slice(i);
  }

  /** Explains one record and adds it to its conversation. */
  private emit(p: Pending, own: string | undefined): ExplainedRecord {
    const explained = this.explainRecord(p, own);
    if (explained.logStatus === "OK") this.conversations.add(p.record, explained.direction, p.line);
    return explained;
  }

  /** Records explained, lines that were not records, records the filter skipped, conversations judged. */
  get counts(): { records: number; problems: number; skipped: number; conversations: number } {
    return { ...this.tally, conversations: this.conversations.judged };
  }

  /** Explains the records still waiting and judges every conversation still open: call at the end of the input. */
  *end(): Generator<Explained> {
    yield* this.release(Infinity);
    yield* this.conversations.settle(Infinity);
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

  private explainRecord({ record: r, line, source, event }: Pending, own: string | undefined): ExplainedRecord {
    const w = this.words;
    const interfaceId = textOf(r, "interface-id") ?? "-";
    const start = numberOf(r, "start");
    const end = numberOf(r, "end");
    const time = start === undefined ? "-" : this.window(start, end ?? start);
    const logStatus = textOf(r, "log-status") ?? "OK";
    const base = { kind: "record" as const, line, ...(source ? { source } : {}), ...(event ? { event } : {}), fields: r.fields, logStatus };
    if (logStatus === "NODATA" || logStatus === "SKIPDATA") {
      const sentence = (logStatus === "NODATA" ? w.noData : w.skipData)({ time, interfaceId });
      return { ...base, direction: "unknown", sentence, notes: [] };
    }
    const src = textOf(r, "srcaddr") ?? "-";
    const dst = textOf(r, "dstaddr") ?? "-";
    const direction: Direction = own === undefined ? "unknown" : own === dst ? "inbound" : "outbound";
    const protocolNumber = numberOf(r, "protocol");
    const protocol = protocolNumber === undefined ? undefined : (PROTOCOLS[protocolNumber] ?? `protocol ${protocolNumber}`);
    const ports = [numberOf(r, "srcport"), numberOf(r, "dstport")];
    const hasPorts = ports.some((p) => p !== undefined && p > 0);
    const serverPort = hasPorts ? serverPortOf(ports[0], ports[1]) : undefined;
    const service = serverPort !== undefined ? SERVICES[serverPort] : undefined;
    // Only the server's port is named: a client's or a NAT gateway's source port is a number, whatever shares it.
    const endpoint = (address: string, port: number | undefined, side: 0 | 1) =>
      w.endpoint(
        address,
        hasPorts && port !== undefined ? String(port) : "",
        port !== undefined && port === serverPort && (side === 1 || ports[1] !== serverPort) ? SERVICES[port] : undefined,
      );
    const action = textOf(r, "action");
    const sentence = w.record({
      time,
      interfaceId,
      direction,
      from: endpoint(src, ports[0], 0),
      to: endpoint(dst, ports[1], 1),
      protocol: protocol ?? "-",
      packets: textOf(r, "packets") ?? "-",
      bytes: textOf(r, "bytes") ?? "-",
      action: action === "ACCEPT" || action === "REJECT" ? action : "unknown",
    });
    const notes: string[] = [];
    const flags = numberOf(r, "tcp-flags");
    // Flags as seen; what they mean for the connection is judged over both sides, in its conversation.
    if (flags !== undefined && flags > 0 && protocolNumber === 6) notes.push(w.flags(flagNames(flags).join(", ")));
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
