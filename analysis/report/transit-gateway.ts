/**
 * The report's transit gateway section, drawn when the input holds transit gateway records: the
 * traffic between attachments (bytes, most first) and the packets the gateway dropped by cause,
 * per 5 minutes. A flow is recorded at each attachment it passes, so traffic is counted from the
 * records where it came in (where the format tells the direction); losses happen where it came
 * in and are counted once anyway. Memory holds one entry per pair and per bin and cause.
 */
import type { TopLevelSpec } from "vega-lite/build/index";
import { LOSS_CAUSES, type LossCause } from "../../constructs/records/transit-gateway-format";
import { BoundedTally, type TallyLoss } from "../../constructs/shared/bounded-tally";
import { detached } from "../../constructs/shared/detached";
import { sideName, type TransitGatewayRecord } from "../explain/transit-gateway";
import type { Language } from "../explain/sentences";
import { BIN_SECONDS, KEPT, TOP } from "./aggregate";
import { CHART_BASE } from "./charts";

/** Traffic from one attachment to another. */
export interface AttachmentTraffic {
  readonly from: string;
  readonly to: string;
  bytes: number;
  packets: number;
  records: number;
}

/** What the section draws. */
export interface TransitGatewayReportData {
  readonly records: number;
  /** The pairs with the most bytes, most first. */
  readonly pairs: readonly AttachmentTraffic[];
  readonly pairsLoss?: TallyLoss;
  /** Packets dropped per 5-minute bin and cause, in time order (bins without a loss left out). */
  readonly losses: readonly { start: number; cause: LossCause; packets: number }[];
  /** Packets dropped and records with a drop, per cause, in AWS's order. */
  readonly lossTotals: readonly { cause: LossCause; packets: number; records: number }[];
}

/** Adds up transit gateway records as they are read. */
export class TransitGatewayAggregate {
  private readonly pairs = new BoundedTally<AttachmentTraffic>(KEPT, (p) => p.bytes);
  private readonly bins = new Map<number, number[]>();
  private readonly totals = LOSS_CAUSES.map(() => ({ packets: 0, records: 0 }));
  private records = 0;

  observe(r: TransitGatewayRecord): void {
    this.records++;
    const { from, to, direction } = r.sides;
    const bytes = r.number("bytes");
    // Counted where the flow came in: each flow once.
    if (bytes !== undefined && direction !== "egress") {
      const fromName = sideName(from);
      const toName = sideName(to);
      const p = this.pairs.entry(`${fromName} ${toName}`, () => ({
        from: detached(fromName),
        to: detached(toName),
        bytes: 0,
        packets: 0,
        records: 0,
      }));
      p.bytes += bytes;
      p.packets += r.number("packets") ?? 0;
      p.records++;
    }
    const losses = r.losses;
    if (losses.length === 0) return;
    const start = r.number("start") ?? 0;
    const bin = start - (start % BIN_SECONDS);
    let counts = this.bins.get(bin);
    if (!counts) this.bins.set(bin, (counts = LOSS_CAUSES.map(() => 0)));
    for (const l of losses) {
      const i = LOSS_CAUSES.indexOf(l.cause);
      counts[i] += l.packets;
      this.totals[i].packets += l.packets;
      this.totals[i].records++;
    }
  }

  /** The section's data, or undefined when no transit gateway record was read. */
  data(): TransitGatewayReportData | undefined {
    if (this.records === 0) return undefined;
    const pairs = [...this.pairs.values()]
      .sort((a, b) => b.bytes - a.bytes || (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0))
      .slice(0, TOP);
    const losses = [...this.bins]
      .sort(([a], [b]) => a - b)
      .flatMap(([start, counts]) => LOSS_CAUSES.flatMap((cause, i) => (counts[i] > 0 ? [{ start, cause, packets: counts[i] }] : [])));
    return {
      records: this.records,
      pairs,
      ...(this.pairs.loss ? { pairsLoss: this.pairs.loss } : {}),
      losses,
      lossTotals: LOSS_CAUSES.map((cause, i) => ({ cause, ...this.totals[i] })),
    };
  }
}

/** The section's words. */
export interface TransitGatewayWords {
  readonly title: string;
  readonly traffic: string;
  readonly losses: string;
  readonly noLosses: string;
  readonly pair: string;
  readonly from: string;
  readonly to: string;
  readonly bytes: string;
  readonly packets: string;
  readonly records: string;
  readonly time: string;
  readonly cause: string;
  readonly causes: Readonly<Record<LossCause, string>>;
  readonly totals: string;
}

export const TRANSIT_GATEWAY_WORDS: Readonly<Record<Language, TransitGatewayWords>> = {
  en: {
    title: "Transit gateway",
    traffic: "Traffic between attachments by bytes (counted where it entered the gateway)",
    losses: "Packets the transit gateway dropped, by cause, per 5 minutes",
    noLosses: "The transit gateway dropped no packet in these records.",
    pair: "Attachment → attachment",
    from: "From",
    to: "To",
    bytes: "Bytes",
    packets: "Packets",
    records: "Records",
    time: "Time",
    cause: "Cause",
    causes: { "no-route": "no route", blackhole: "blackhole route", "mtu-exceeded": "larger than the MTU", "ttl-expired": "TTL expired" },
    totals: "Packets dropped per cause, and the records with a drop",
  },
  ja: {
    title: "トランジットゲートウェイ",
    traffic: "アタッチメント間の通信 (バイト数、ゲートウェイに入った所で数える)",
    losses: "トランジットゲートウェイが破棄したパケット (原因別、5 分ごと)",
    noLosses: "これらのレコードでトランジットゲートウェイが破棄したパケットはありません。",
    pair: "アタッチメント → アタッチメント",
    from: "送信元",
    to: "宛先",
    bytes: "バイト",
    packets: "パケット",
    records: "レコード",
    time: "時刻",
    cause: "原因",
    causes: { "no-route": "経路なし", blackhole: "ブラックホール経路", "mtu-exceeded": "MTU 超過", "ttl-expired": "TTL 切れ" },
    totals: "原因ごとの破棄されたパケットと、破棄のあったレコード",
  },
};

/** The section's charts. */
export function transitGatewayChartSpecs(
  data: TransitGatewayReportData,
  w: TransitGatewayWords,
  binLabel: (start: number) => string,
): { id: string; title: string; spec: TopLevelSpec }[] {
  const specs: { id: string; title: string; spec: TopLevelSpec }[] = [];
  if (data.pairs.length > 0)
    specs.push({
      id: "transit-gateway-traffic",
      title: w.traffic,
      spec: {
        ...CHART_BASE,
        data: { values: data.pairs.map((p) => ({ pair: `${p.from} → ${p.to}`, bytes: p.bytes })) },
        mark: "bar",
        encoding: {
          y: { field: "pair", type: "nominal", sort: "-x", title: w.pair },
          x: { field: "bytes", type: "quantitative", title: w.bytes },
        },
      },
    });
  if (data.losses.length > 0)
    specs.push({
      id: "transit-gateway-losses",
      title: w.losses,
      spec: {
        ...CHART_BASE,
        data: {
          values: data.losses.map((l) => ({ time: binLabel(l.start), order: l.start, cause: w.causes[l.cause], packets: l.packets })),
        },
        mark: "bar",
        encoding: {
          x: { field: "time", type: "ordinal", sort: { field: "order" }, title: w.time, axis: { labelAngle: -45, labelOverlap: true } },
          y: { field: "packets", type: "quantitative", stack: true, title: w.packets },
          color: { field: "cause", type: "nominal", title: w.cause, scale: { domain: LOSS_CAUSES.map((c) => w.causes[c]) } },
        },
      },
    });
  return specs;
}
