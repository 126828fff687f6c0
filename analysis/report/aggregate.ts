/**
 * What a report shows, gathered while the records stream: aggregates, never the records.
 * - top talkers: bytes by source and destination, most first (as the saved top-talkers query);
 * - flows and rejected flows per 5 minutes (by each record's start);
 * - conversations by verdict, per interface;
 * - destination ports and services by bytes, most first (a record's server port);
 * - the refused conversations, grouped and ranked as the explainer's summary ranks them, each
 *   with its first conversation's sentence.
 * Memory holds one entry per pair, bin, interface, port and refused group; pairs, ports and
 * groups at most {@link KEPT} twice over (beyond, the lightest are dropped, and the page says by
 * how much a figure may be low: see BoundedTally).
 */
import { BoundedTally, type TallyLoss } from "../../constructs/shared/bounded-tally";
import type { ExplainedConversation } from "../explain/explained-conversation";
import { serverPortOf } from "../../constructs/records/vocabulary";
import { F, type FlowRecord } from "../explain/record";
import { detached } from "../../constructs/shared/detached";
import type { VerdictCode } from "../explain/sentences";
import { ConversationSummary } from "../explain/summary";
import { SERVICES } from "../../constructs/records/vocabulary";

/** The width of a time bin, in seconds. */
export const BIN_SECONDS = 300;
/** How many rows the ranked charts show. */
export const TOP = 10;
/** How many pairs and ports are kept when there are more. */
export const KEPT = 10_000;

/** A pair's bytes. */
export interface Talker {
  readonly source: string;
  readonly destination: string;
  bytes: number;
  flows: number;
}

/** A time bin's flows. */
export interface Bin {
  /** Epoch seconds of the bin's start. */
  readonly start: number;
  flows: number;
  rejected: number;
}

/** A destination port's traffic. */
export interface PortTraffic {
  readonly port: number;
  readonly protocol: number;
  readonly service?: string;
  bytes: number;
  flows: number;
}

/** The report's numbers. */
export interface ReportData {
  readonly records: number;
  readonly conversations: number;
  readonly topTalkers: readonly Talker[];
  readonly overTime: readonly Bin[];
  /** Per interface, conversations by verdict. */
  readonly verdicts: readonly { interfaceId: string; verdict: VerdictCode; conversations: number }[];
  readonly topPorts: readonly PortTraffic[];
  readonly refused: ReturnType<ConversationSummary["json"]>["refused"];
  readonly refusedGroups: number;
  /** Where a tally dropped entries to stay bounded: by how much its figures may be low. */
  readonly approximate: { readonly talkers?: TallyLoss; readonly ports?: TallyLoss; readonly refused?: TallyLoss };
}

/** Gathers a report's numbers from records (observe) and conversations (add). */
export class ReportAggregate {
  private readonly pairs = new BoundedTally<Talker>(KEPT, (t) => t.bytes);
  private readonly bins = new Map<number, Bin>();
  private readonly ports = new BoundedTally<PortTraffic>(KEPT, (p) => p.bytes);
  private readonly summary = new ConversationSummary();
  private records = 0;
  private conversations = 0;

  /** A record the filter kept (the explainer's `observe`). */
  observe(r: FlowRecord): void {
    this.records++;
    const status = r.textAt(F["log-status"]);
    if (status === "NODATA" || status === "SKIPDATA") return;
    const bytes = r.numberAt(F.bytes) ?? 0;
    const src = r.textAt(F.srcaddr);
    const dst = r.textAt(F.dstaddr);
    if (src && dst) {
      const t = this.pairs.entry(`${src} ${dst}`, () => ({ source: detached(src), destination: detached(dst), bytes: 0, flows: 0 }));
      t.bytes += bytes;
      t.flows++;
    }
    const start = r.numberAt(F.start);
    if (start !== undefined) {
      const binStart = start - (start % BIN_SECONDS);
      let b = this.bins.get(binStart);
      if (!b) {
        b = { start: binStart, flows: 0, rejected: 0 };
        this.bins.set(binStart, b);
      }
      b.flows++;
      if (r.textAt(F.action) === "REJECT") b.rejected++;
    }
    const protocol = r.numberAt(F.protocol);
    const srcPort = r.numberAt(F.srcport);
    const dstPort = r.numberAt(F.dstport);
    const port = serverPortOf(srcPort, dstPort) ?? dstPort;
    if (protocol !== undefined && port !== undefined && port > 0) {
      const p = this.ports.entry(`${protocol} ${port}`, () => ({
        port,
        protocol,
        ...(SERVICES[port] ? { service: SERVICES[port] } : {}),
        bytes: 0,
        flows: 0,
      }));
      p.bytes += bytes;
      p.flows++;
    }
  }

  /** A conversation judged. */
  add(c: ExplainedConversation): void {
    this.conversations++;
    this.summary.add(c);
  }

  /** The numbers, ranked and ordered. */
  data(problems: number, words: Parameters<ConversationSummary["json"]>[1]): ReportData {
    const byBytes = <T extends { bytes: number; flows: number }>(a: T, b: T) => b.bytes - a.bytes || b.flows - a.flows;
    // Stryker disable next-line ObjectLiteral: the summary's counts are not read here (only its breakdown, refused groups and loss).
    const summary = this.summary.json({ records: this.records, conversations: this.conversations, problems, skipped: 0 }, words);
    return {
      records: this.records,
      conversations: this.conversations,
      topTalkers: [...this.pairs.values()]
        .sort((a, b) => byBytes(a, b) || a.source.localeCompare(b.source) || a.destination.localeCompare(b.destination))
        .slice(0, TOP),
      overTime: [...this.bins.values()].sort((a, b) => a.start - b.start),
      // The summary's breakdown, in the page's order: by interface, then by verdict.
      verdicts: summary.byInterface
        .map(({ interfaceId, verdict, conversations }) => ({ interfaceId, verdict, conversations }))
        .sort((a, b) => a.interfaceId.localeCompare(b.interfaceId) || a.verdict.localeCompare(b.verdict)),
      topPorts: [...this.ports.values()].sort((a, b) => byBytes(a, b) || a.port - b.port || a.protocol - b.protocol).slice(0, TOP),
      refused: summary.refused,
      refusedGroups: summary.refusedGroups,
      approximate: {
        ...(this.pairs.loss ? { talkers: this.pairs.loss } : {}),
        ...(this.ports.loss ? { ports: this.ports.loss } : {}),
        ...(summary.approximate ? { refused: summary.approximate } : {}),
      },
    };
  }
}
