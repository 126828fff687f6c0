/**
 * Flow-log records in words. Records stream through a {@link RecordExplainer}: each is
 * explained as it comes, and kept only while its conversation can still grow
 * (conversations.ts judges them), so memory holds the last minutes of flows, not the input.
 */
import { RecordFormat } from "../records/record-format";
import { FlowRecord, numberOf, parseRecord, RecordProblem, textOf } from "./record";
import { Conversations, ExplainedConversation, SETTLE_SECONDS } from "./conversations";
import type { Direction, RefusalJudge } from "./question";
import { Language, SENTENCES, Sentences } from "./sentences";
import { flagNames, isPrivateAddress, isSynOnly, PROTOCOLS, SERVICES } from "./vocabulary";

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
  *line(text: string, line: number, source?: string): Generator<Explained> {
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
      yield* this.conversations.settle(start - SETTLE_SECONDS);
    }
    this.learn(record);
    const explained = this.explainRecord(record, line, source);
    yield explained;
    if (explained.logStatus === "OK") this.conversations.add(record, explained.interfaceAddress, line);
  }

  /** Records explained, lines that were not records, records the filter skipped, conversations judged. */
  get counts(): { records: number; problems: number; skipped: number; conversations: number } {
    return { ...this.tally, conversations: this.conversations.judged };
  }

  /** Judges every conversation still open: call at the end of the input. */
  *end(): Generator<Explained> {
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
