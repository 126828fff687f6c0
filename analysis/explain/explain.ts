/**
 * Flow-log records explained. Records stream through a {@link RecordExplainer}: each is
 * explained as it comes, and kept only while its conversation can still grow
 * (conversations.ts judges them), so memory holds the last minutes of flows, not the input.
 * A record whose direction nothing tells yet waits (at most {@link LOOKAHEAD} records, and
 * never past the next settling of conversations) for later records of its interface to tell
 * which address is the interface's own; records come out in the order they went in.
 */
import type { RecordFormat } from "../../constructs/records/record-format";
import { TransitGatewayFormat, type AnyRecordFormat } from "../../constructs/records/transit-gateway-format";
import { F, FlowRecord, parseRecord, RecordProblem } from "./record";
import { Conversations, SETTLE_SECONDS } from "./conversations";
import type { ExplainedConversation } from "./explained-conversation";
import type { RecordView } from "./filter";
import type { Direction, RefusalJudge } from "./question";
import { plainAscii, unmark } from "./marked-text";
import { patchApplied } from "../../constructs/shared/speed-patches";
import { Language, MARKED_ENGLISH, SENTENCES, Sentences } from "./sentences";
import { flagNames, isPrivateAddress, PROTOCOLS, serverPortOf, SERVICES } from "../../constructs/records/vocabulary";
import { NO_NOTES, RecordExplanation, type ExplainedRecord } from "./explained-record";
import { explainJudgedRow, type ExplainedJudgedRow, type JudgedRow } from "./judged-rows";
import {
  explainTransitGatewayRecord,
  transitGatewayValues,
  TransitGatewayLosses,
  TransitGatewayRecord,
  type ExplainedTransitGatewayRecord,
} from "./transit-gateway";

/** The fields a record needs to join a conversation (an address may be the packet's own, `pkt-*`). */
const CONVERSATION_FIELDS = ["interface-id", "srcaddr", "dstaddr", "protocol", "action"] as const;

/** How many records may wait for their interface's direction. */
export const LOOKAHEAD = 512;

/**
 * What waits in order: a record read, to be explained once its direction is told, or a
 * transit gateway record explained already, waiting for the records before it.
 */
type Pending = WaitingRecord | { readonly ready: ExplainedTransitGatewayRecord };

/** A record read, waiting to be explained. */
interface WaitingRecord {
  readonly ready?: undefined;
  readonly record: FlowRecord;
  readonly line: number;
  readonly source?: string;
  readonly event?: string;
  /** Whether the view shows it (it joins its conversation either way). */
  readonly shown: boolean;
}

export type { ExplainedConversation } from "./explained-conversation";
export { RECORD, RecordExplanation, type ExplainedRecord } from "./explained-record";
export type { Direction, Endpoint } from "./question";

/** Options of an explanation. */
export interface ExplainOptions {
  /** The format of the records (an S3 file's header sets it per file): a VPC's, or a transit gateway's. */
  readonly format: AnyRecordFormat;
  /**
   * The format of transit gateway records met among records of a VPC's format: a line that is
   * not a record of that format, with as many values as this one and a transit gateway's
   * resource type, is read in it. @default TransitGatewayFormat.DEFAULT
   */
  readonly transitGatewayFormat?: TransitGatewayFormat;
  /** Which transit gateway records to show (transit-gateway.ts `transitGatewayFilter`); the others are counted as left out. */
  readonly transitGatewayView?: (record: TransitGatewayRecord) => boolean;
  /** @default "en" */
  readonly language?: Language;
  /** IANA time zone of the times shown. @default "UTC" */
  readonly timeZone?: string;
  /** Each interface's own addresses (from `describe-network-interfaces`), when known. */
  readonly interfaceAddresses?: ReadonlyMap<string, readonly string[]>;
  /** Security groups and network ACLs to name the rule that decided (rules.ts). */
  readonly rules?: RefusalJudge;
  /**
   * Which records to read (filter.ts `recordSelector`); the others are skipped, counted, and
   * form no conversation. Only for a test that keeps or drops whole conversations (an
   * interface, an address): a verdict must not change with what is selected.
   */
  readonly keep?: (record: FlowRecord) => boolean;
  /** Which records and conversations to show (filter.ts `recordView`); all are judged from every record read. */
  readonly view?: RecordView;
  /**
   * Whether an interface's own address may be learnt from its other records (the one address in
   * every record of it). False judges each record by itself: its `flow-direction`, else its
   * private end, as the Athena verdict queries do. @default true
   */
  readonly learnAddresses?: boolean;
  /** Whether each record is explained; false: only conversations and problems come out (a summary's reading). @default true */
  readonly records?: boolean;
  /** Called with each record the filter keeps, as it is read (a report's aggregates). */
  readonly observe?: (record: FlowRecord) => void;
  /** Called with each transit gateway record the filter keeps, as it is read. */
  readonly observeTransitGateway?: (record: TransitGatewayRecord) => void;
}

/** A line that could not be read, and why. */
export interface ExplainProblem {
  readonly kind: "problem";
  readonly line: number;
  readonly source?: string;
  readonly message: string;
  /** What the line is not, when it is not a record: a row of a verdict query's result. */
  readonly not?: string;
}

export type Explained = ExplainedRecord | ExplainedConversation | ExplainedJudgedRow | ExplainedTransitGatewayRecord | ExplainProblem;

/** Where the explainer puts what it gives: an array, or a consumer that takes each at once. */
export interface ExplainedSink {
  push(e: Explained): unknown;
}

/** Explains records as they come; see the module's comment. */
export class RecordExplainer {
  private readonly words: Sentences;
  /** English with marks for its two characters beyond ASCII (marked-text.ts), for records of ASCII text; none in Japanese. */
  private readonly marked?: Sentences;
  private readonly time: Intl.DateTimeFormat;
  private readonly clock: Intl.DateTimeFormat;
  private readonly conversations: Conversations;
  /** Per interface: records seen and the addresses in every one of them (at most two), to find its own address. */
  private readonly seen = new Map<string, { records: number; always: string[] }>();
  private latest = 0;
  private readonly windows = new Map<number, string>();
  private readonly tally = { records: 0, problems: 0, skipped: 0 };
  /** Rows of verdict queries' results read (judged-rows.ts). */
  judgedRows = 0;
  private pending: Pending[] = [];
  /** Whether the last format seen has a field that gives a note (flags, packets' own addresses, path, reason). */
  private notesOf?: RecordFormat;
  private formatHasNotes = false;
  format: AnyRecordFormat;
  /** The packets transit gateways dropped in the records read, by attachment pair and cause. */
  readonly transitGatewayLosses = new TransitGatewayLosses();

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
    // Marks only where the times are ASCII too (the zone's name, in winter and in summer).
    if ((options.language ?? "en") === "en") {
      const times = [Date.UTC(2024, 0, 15), Date.UTC(2024, 6, 15)].map((t) => this.time.format(t) + this.clock.format(t));
      if (times.every(plainAscii) && patchApplied("marks")) this.marked = MARKED_ENGLISH;
    }
    const view = options.view;
    this.conversations = new Conversations(this.words, options.rules, this.marked, view ? (c) => view.conversation(c) : undefined);
  }

  /** Explains one record line (a problem when it is not one) and judges the conversations it closes. */
  *line(text: string, line: number, source?: string, event?: string): Generator<Explained> {
    const out: Explained[] = [];
    this.read(text, line, source, event, out);
    yield* out;
  }

  /** As {@link line}, the results pushed onto `out` (the command's way: no generator per record). */
  read(text: string, line: number, source: string | undefined, event: string | undefined, out: ExplainedSink, plain = false): void {
    const format = this.format;
    if (format.records === "transit-gateway") {
      this.readTransitGateway(text, format, line, source, event, out);
      return;
    }
    let record: FlowRecord;
    try {
      record = parseRecord(text, format, plain);
    } catch (e) {
      if (!(e instanceof RecordProblem)) throw e;
      const tgw = this.options.transitGatewayFormat ?? TransitGatewayFormat.DEFAULT;
      const values = transitGatewayValues(text, tgw);
      if (values) {
        this.readTransitGateway(values, tgw, line, source, event, out);
        return;
      }
      this.tally.problems++;
      out.push({ kind: "problem", line, ...(source ? { source } : {}), message: e.message });
      return;
    }
    // Time and the interface's addresses are learnt from every record, kept or not: what is
    // selected must not change when conversations close or which address is the interface's.
    const start = record.numberAt(F["start"]) ?? 0;
    if (start > this.latest + 60) {
      this.latest = start;
      // Waiting records join their conversations before any is judged.
      this.release(Infinity, out);
      this.conversations.settle(start - SETTLE_SECONDS, out);
    }
    this.learn(record);
    if (this.options.keep && !this.options.keep(record)) {
      this.tally.skipped++;
      return;
    }
    const shown = this.options.view === undefined || this.options.view.record(record);
    if (shown) {
      this.tally.records++;
      this.options.observe?.(record);
    } else this.tally.skipped++;
    if (this.pending.length === 0) {
      const own = this.decided(record);
      if (own !== false) {
        this.emit(record, line, source, event, own, out, shown);
        return;
      }
    }
    this.pending.push({ record, line, source, event, shown });
    this.release(0, out);
  }

  /** Reads and explains a transit gateway record (it joins no conversation), and counts its losses. */
  private readTransitGateway(
    text: string | readonly string[],
    format: TransitGatewayFormat,
    line: number,
    source: string | undefined,
    event: string | undefined,
    out: ExplainedSink,
  ): void {
    let record: TransitGatewayRecord;
    try {
      record = TransitGatewayRecord.parse(text, format);
    } catch (e) {
      if (!(e instanceof RecordProblem)) throw e;
      this.tally.problems++;
      out.push({ kind: "problem", line, ...(source ? { source } : {}), message: e.message });
      return;
    }
    if (this.options.transitGatewayView && !this.options.transitGatewayView(record)) {
      this.tally.skipped++;
      return;
    }
    this.tally.records++;
    this.transitGatewayLosses.add(record);
    this.options.observeTransitGateway?.(record);
    if (this.options.records === false) return;
    const time = (start: number | undefined, end: number | undefined) =>
      start === undefined ? "-" : unmark(this.window(start, end ?? start));
    const explained = explainTransitGatewayRecord(record, { line, source, event }, this.options.language ?? "en", time);
    // Records come out in the order they went in: behind VPC records still waiting, it waits too.
    if (this.pending.length > 0) this.pending.push({ ready: explained });
    else out.push(explained);
  }

  /** A window of time as records' sentences write it. */
  timeText(start: number, end: number): string {
    return unmark(this.window(start, end));
  }

  /** The interface's own address in a record, undefined when none applies, or false while nothing tells yet. */
  private decided(r: FlowRecord): string | undefined | false {
    const status = r.textAt(F["log-status"]);
    if (status === "NODATA" || status === "SKIPDATA") return undefined;
    const own = this.ownAddress(r);
    // Nothing left to learn from: each record is judged by itself.
    if (this.options.learnAddresses === false) return own;
    return own === undefined && r.textAt(F["srcaddr"]) !== undefined && r.textAt(F["dstaddr"]) !== undefined ? false : own;
  }

  /** Explains the waiting records whose direction is now told, in order; `force` of them at least (all with Infinity). */
  private release(force: number, out: ExplainedSink): void {
    let forced = Math.max(force, this.pending.length - LOOKAHEAD);
    let i = 0;
    for (; i < this.pending.length; i++) {
      const p = this.pending[i];
      if (p.ready) {
        out.push(p.ready);
        continue;
      }
      const own = this.decided(p.record);
      if (own === false && forced <= 0) break;
      forced--;
      this.emit(p.record, p.line, p.source, p.event, own === false ? undefined : own, out, p.shown);
    }
    if (i > 0) this.pending = this.pending.slice(i);
  }

  /** Explains one record and adds it to its conversation. */
  private emit(
    record: FlowRecord,
    line: number,
    source: string | undefined,
    event: string | undefined,
    own: string | undefined,
    out: ExplainedSink,
    shown: boolean,
  ): void {
    if (this.options.records === false || !shown) {
      // Not explained: only what its conversation needs, its direction.
      const status = record.textAt(F["log-status"]);
      if (status !== "NODATA" && status !== "SKIPDATA") {
        const direction = own === undefined ? "unknown" : own === record.textAt(F.dstaddr) ? "inbound" : "outbound";
        this.conversations.add(record, direction, line);
      }
      return;
    }
    const explained = this.explainRecord(record, line, source, event, own);
    if (explained.logStatus !== "NODATA" && explained.logStatus !== "SKIPDATA") this.conversations.add(record, explained.direction, line);
    out.push(explained);
  }

  /** A line of the input that could not be read, and why. */
  problem(line: number, source: string | undefined, message: string, not: string, out: ExplainedSink): void {
    this.tally.problems++;
    out.push({ kind: "problem", line, ...(source ? { source } : {}), message, not });
  }

  /** Says a row of a verdict query's result (judged-rows.ts) as a conversation is said, with its counts. */
  readJudged(row: JudgedRow, line: number, source: string | undefined, out: ExplainedSink): void {
    this.judgedRows++;
    out.push(explainJudgedRow(row, this.words, line, source));
  }

  /** Records shown, lines that were not records, records the filters left out, conversations shown (all are judged). */
  get counts(): { records: number; problems: number; skipped: number; conversations: number } {
    return { ...this.tally, conversations: this.conversations.judged };
  }

  /** Records read so far, shown or not (a reader's check that a source holds records at all). */
  get recordsRead(): number {
    return this.tally.records + this.tally.skipped;
  }

  /** Lines that were not records, so far. */
  get problemsRead(): number {
    return this.tally.problems;
  }

  /** Conversations still open (not judged yet): what a long reading holds in memory. */
  get openConversations(): number {
    return this.conversations.openCount;
  }

  /**
   * Why records could form no conversation, when some could not: the fields a conversation
   * needs that their format lacks (undefined when each had them, or when they were `-`).
   */
  get unjudged(): { records: number; missing: readonly string[] } | undefined {
    const c = this.conversations;
    if (c.unjudged === 0 || !c.unjudgedFormat) return undefined;
    const format = c.unjudgedFormat;
    return { records: c.unjudged, missing: CONVERSATION_FIELDS.filter((f) => !format.has(f)) };
  }

  /** Explains the records still waiting and judges every conversation still open: call at the end of the input. */
  *end(): Generator<Explained> {
    const out: Explained[] = [];
    this.finish(out);
    yield* out;
  }

  /** As {@link end}, the results pushed onto `out`. */
  finish(out: ExplainedSink): void {
    this.release(Infinity, out);
    this.conversations.settle(Infinity, out);
  }

  private learn(r: FlowRecord): void {
    const id = r.textAt(F["interface-id"]);
    if (!id) return;
    const src = r.textAt(F["srcaddr"]);
    const dst = r.textAt(F["dstaddr"]);
    const s = this.seen.get(id);
    if (!s) {
      this.seen.set(id, { records: 1, always: [src, dst].filter((a): a is string => a !== undefined && a !== "") });
      return;
    }
    s.records++;
    // An address missing from one record can never be in every record: forget it (memory stays flat).
    const always = s.always;
    for (let i = 0; i < always.length; i++) {
      if (always[i] !== src && always[i] !== dst) {
        s.always = always.filter((a) => a === src || a === dst);
        break;
      }
    }
  }

  /** The interface's own address among a record's two, when something tells. */
  private ownAddress(r: FlowRecord): string | undefined {
    const src = r.textAt(F["srcaddr"]);
    const dst = r.textAt(F["dstaddr"]);
    if (!src || !dst) return undefined;
    const id = r.textAt(F["interface-id"]);
    const known = id ? this.options.interfaceAddresses?.get(id) : undefined;
    if (known) return known.includes(src) ? src : known.includes(dst) ? dst : undefined;
    const direction = r.textAt(F["flow-direction"]);
    if (direction === "ingress") return dst;
    if (direction === "egress") return src;
    // An address in every record of the interface, and only one such, is its own.
    const s = id && this.options.learnAddresses !== false ? this.seen.get(id) : undefined;
    if (s && s.records > 1 && s.always.length === 1 && src !== dst) return s.always[0];
    const srcPrivate = isPrivateAddress(src);
    return srcPrivate !== isPrivateAddress(dst) ? (srcPrivate ? src : dst) : undefined;
  }

  /** A window's times as words (marked where English is); records of one window share it, so the last windows' are kept. */
  private window(start: number, end: number): string {
    const key = start * 1e6 + (end - start);
    let text = this.windows.get(key);
    if (text === undefined) {
      if (this.windows.size > 256) this.windows.clear();
      text = (this.marked ?? this.words).timeRange(this.time.format(start * 1000), this.clock.format(end * 1000));
      this.windows.set(key, text);
    }
    return text;
  }

  private explainRecord(
    r: FlowRecord,
    line: number,
    source: string | undefined,
    event: string | undefined,
    own: string | undefined,
  ): ExplainedRecord {
    // The hot path: one object literal of a fixed shape, no spreads and no closures per record.
    // A record of ASCII text is written with marks for the arrow and dash (one-byte strings, written fast).
    const marked = r.ascii ? this.marked : undefined;
    const fast = marked !== undefined;
    const w = marked ?? this.words;
    const interfaceId = r.textAt(F["interface-id"]) ?? "-";
    const start = r.numberAt(F["start"]);
    const window = start === undefined ? "-" : this.window(start, r.numberAt(F["end"]) ?? start);
    const time = fast ? window : unmark(window);
    const logStatus = r.textAt(F["log-status"]) ?? "OK";
    if (logStatus === "NODATA" || logStatus === "SKIPDATA") {
      const sentence = (logStatus === "NODATA" ? w.noData : w.skipData)({ time, interfaceId });
      return new RecordExplanation(
        r,
        line,
        source,
        event,
        logStatus,
        undefined,
        "unknown",
        undefined,
        undefined,
        undefined,
        sentence,
        NO_NOTES,
        fast,
      );
    }
    const src = r.textAt(F["srcaddr"]) ?? "-";
    const dst = r.textAt(F["dstaddr"]) ?? "-";
    const direction: Direction = own === undefined ? "unknown" : own === dst ? "inbound" : "outbound";
    const protocolNumber = r.numberAt(F["protocol"]);
    const protocol = protocolNumber === undefined ? undefined : (PROTOCOLS[protocolNumber] ?? `protocol ${protocolNumber}`);
    const srcPort = r.numberAt(F["srcport"]);
    const dstPort = r.numberAt(F["dstport"]);
    const hasPorts = (srcPort !== undefined && srcPort > 0) || (dstPort !== undefined && dstPort > 0);
    const serverPort = hasPorts ? serverPortOf(srcPort, dstPort) : undefined;
    const service = serverPort !== undefined ? SERVICES[serverPort] : undefined;
    // Only the server's port is named (the destination's when both are it): a client's or a NAT
    // gateway's source port is a number, whatever shares it.
    const dstNamed = serverPort !== undefined && dstPort === serverPort;
    const srcNamed = serverPort !== undefined && srcPort === serverPort && !dstNamed;
    const action = r.textAt(F["action"]);
    const sentence = w.record({
      time,
      interfaceId,
      direction,
      from: w.endpoint(src, hasPorts && srcPort !== undefined ? String(srcPort) : "", srcNamed ? service : undefined),
      to: w.endpoint(dst, hasPorts && dstPort !== undefined ? String(dstPort) : "", dstNamed ? service : undefined),
      protocol: protocol ?? "-",
      packets: r.textAt(F["packets"]) ?? "-",
      bytes: r.textAt(F["bytes"]) ?? "-",
      action: action === "ACCEPT" || action === "REJECT" ? action : "unknown",
    });
    // Most records have no note: no array is made for them.
    let notes: string[] | undefined;
    const format = r.format;
    if (format !== this.notesOf) {
      this.notesOf = format;
      this.formatHasNotes = (["tcp-flags", "pkt-srcaddr", "pkt-dstaddr", "traffic-path", "reject-reason"] as const).some((f) =>
        format.has(f),
      );
    }
    if (this.formatHasNotes) {
      const flags = r.numberAt(F["tcp-flags"]);
      // Flags as seen; what they mean for the connection is judged over both sides, in its conversation.
      if (flags !== undefined && flags > 0 && protocolNumber === 6) (notes ??= []).push(w.flags(flagNames(flags).join(", ")));
      const pktSrc = r.textAt(F["pkt-srcaddr"]);
      const pktDst = r.textAt(F["pkt-dstaddr"]);
      if ((pktSrc && pktSrc !== src) || (pktDst && pktDst !== dst))
        (notes ??= []).push(w.realPeer({ source: pktSrc ?? src, destination: pktDst ?? dst }));
      const path = r.numberAt(F["traffic-path"]);
      if (path !== undefined) (notes ??= []).push(w.trafficPath(w.trafficPaths[path] ?? String(path)));
      const reason = r.textAt(F["reject-reason"]);
      if (reason) (notes ??= []).push(w.rejectReason(w.rejectReasons[reason] ?? reason));
    }
    return new RecordExplanation(
      r,
      line,
      source,
      event,
      logStatus,
      action,
      direction,
      own,
      protocol,
      service,
      sentence,
      notes ?? NO_NOTES,
      fast,
    );
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
    explainer.read(line, n, undefined, undefined, out);
  }
  explainer.finish(out);
  return out;
}
