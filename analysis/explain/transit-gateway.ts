/**
 * Transit gateway records explained: what each says (the attachments, VPCs, subnets and
 * accounts on either side, the packets and bytes, the direction) and, when the gateway dropped
 * packets, why and what to check. Losses are also counted by attachment pair and cause for a
 * summary. A transit gateway record has no interface and no action, so it joins no
 * conversation: the gateway's four loss counters say what refused it, not a security layer.
 */
import {
  LOSS_CAUSES,
  LOSS_FIELDS,
  TRANSIT_GATEWAY_FIELDS,
  TRANSIT_GATEWAY_MTU,
  TransitGatewayFormat,
  VPN_ATTACHMENT_MTU,
  type LossCause,
  type TransitGatewayField,
} from "../../constructs/records/transit-gateway-format";
import { BoundedTally } from "../../constructs/shared/bounded-tally";
import { detached } from "../../constructs/shared/detached";
import { quoted } from "../../constructs/shared/quoted";
import { PROTOCOLS, serverPortOf, SERVICES } from "../../constructs/records/vocabulary";
import { RecordProblem } from "./record";
import { hostPort, type Language } from "./sentences";

/** One side of a transit gateway record: where the traffic came from or went to. */
export interface TransitGatewaySide {
  readonly attachment?: string;
  readonly vpc?: string;
  readonly subnet?: string;
  readonly account?: string;
  readonly availabilityZone?: string;
  readonly address?: string;
  readonly port?: number;
}

/** Packets the gateway dropped in a record, for one cause. */
export interface TransitGatewayLoss {
  readonly cause: LossCause;
  readonly packets: number;
}

/** A transit gateway record explained. */
export interface ExplainedTransitGatewayRecord {
  readonly kind: "transit-gateway-record";
  readonly line: number;
  readonly source?: string;
  readonly event?: string;
  /** Each field's text as read (`-` as null in JSON). */
  readonly fields: Readonly<Partial<Record<TransitGatewayField, string | number | null>>>;
  readonly logStatus: string;
  readonly transitGateway?: string;
  /** Where the flow log is: `TransitGateway` or `TransitGatewayAttachment`. */
  readonly resourceType?: string;
  /** The attachment the record was captured at, and the direction there. */
  readonly attachment?: string;
  readonly direction?: "ingress" | "egress";
  readonly from: TransitGatewaySide;
  readonly to: TransitGatewaySide;
  readonly protocol?: string;
  readonly service?: string;
  readonly packets?: number;
  readonly bytes?: number;
  readonly start?: number;
  readonly end?: number;
  /** Packets dropped, by cause (none when the gateway dropped nothing or the format has no counter). */
  readonly losses: readonly TransitGatewayLoss[];
  readonly sentence: string;
  /** What each loss means and what to check. */
  readonly notes: readonly string[];
}

/** The values of a record's sentence. */
interface RecordWords {
  readonly time: string;
  readonly where: string;
  readonly from: string;
  readonly to: string;
  readonly protocol?: string;
  readonly packets: string;
  readonly bytes: string;
  readonly direction?: "ingress" | "egress";
}

/** What is said of a loss: the packets, where, and the destination. */
interface LossWords {
  readonly packets: string;
  readonly source: string;
  readonly destination: string;
}

/** The words of transit gateway records, in each language. */
interface TransitGatewayWords {
  record(w: RecordWords): string;
  noData(w: { time: string; where: string }): string;
  skipData(w: { time: string; where: string }): string;
  side(s: TransitGatewaySide, address: string): string;
  loss: Readonly<Record<LossCause, (w: LossWords) => string>>;
  /** An attachment the record does not name. */
  readonly unnamed: string;
  readonly lossesTitle: string;
  readonly noLosses: string;
  lossGroup(w: { rank: number; from: string; to: string; cause: LossCause; packets: string; records: string; time: string }): string;
}

const enCount = (n: string, noun: string) => `${n} ${n === "1" ? noun : `${noun}s`}`;
const EN_CAUSES: Readonly<Record<LossCause, string>> = {
  "no-route": "no route",
  blackhole: "blackhole route",
  "mtu-exceeded": "larger than the MTU",
  "ttl-expired": "time to live expired",
};
const JA_CAUSES: Readonly<Record<LossCause, string>> = {
  "no-route": "経路なし",
  blackhole: "ブラックホール経路",
  "mtu-exceeded": "MTU 超過",
  "ttl-expired": "TTL 切れ",
};

/** A side as words: its address and port (and service), its attachment, then its VPC, subnet and account as known. */
const sideText = (
  s: TransitGatewaySide,
  address: string,
  words: { in: (attachment: string) => string; vpc: string; subnet: string; account: string },
) => {
  const parts = [
    s.vpc ? `${words.vpc} ${s.vpc}` : undefined,
    s.subnet ? `${words.subnet} ${s.subnet}` : undefined,
    s.account ? `${words.account} ${s.account}` : undefined,
  ].filter((p): p is string => p !== undefined);
  return `${address}${s.attachment ? words.in(s.attachment) : ""}${parts.length > 0 ? ` (${parts.join(", ")})` : ""}`;
};

const en: TransitGatewayWords = {
  record: (w) =>
    `${w.time} ${w.where}${w.direction ? ` ${w.direction}` : ""}: ${w.from} → ${w.to}${w.protocol ? ` ${w.protocol}` : ""}, ` +
    `${enCount(w.packets, "packet")}, ${enCount(w.bytes, "byte")}.`,
  noData: (w) => `${w.time} ${w.where}: NODATA, no traffic through it in this window.`,
  skipData: (w) =>
    `${w.time} ${w.where}: SKIPDATA, records of this window were skipped (an internal capacity limit or error): traffic is missing, not absent.`,
  side: (s, address) => sideText(s, address, { in: (a) => ` in ${a}`, vpc: "VPC", subnet: "subnet", account: "account" }),
  loss: {
    "no-route": (w) =>
      `${enCount(w.packets, "packet")} lost, no route: the transit gateway route table associated with ${w.source} has no route to ${w.destination}. ` +
      `Check that table: add a static route, or propagate the destination's attachment into it.`,
    blackhole: (w) =>
      `${enCount(w.packets, "packet")} lost to a blackhole route: a blackhole route in the transit gateway route table associated with ${w.source} matched ${w.destination}. ` +
      `Remove it, or give the prefix a route to an attachment, if the traffic should pass.`,
    "mtu-exceeded": (w) =>
      `${enCount(w.packets, "packet")} lost, larger than the MTU: a transit gateway passes at most ${TRANSIT_GATEWAY_MTU} bytes between VPCs, Direct Connect and peering attachments, and ${VPN_ATTACHMENT_MTU} over a VPN. ` +
      `It sends no ICMP "fragmentation needed" back, so path MTU discovery cannot help: lower the MTU of the sender behind ${w.source} (TCP's MSS is clamped; UDP and ICMP are not).`,
    "ttl-expired": (w) =>
      `${enCount(w.packets, "packet")} lost, time to live expired at the transit gateway: a routing loop is likely. ` +
      `Follow the routes to ${w.destination} from ${w.source}: a route that points back (a VPC's route to the gateway and the gateway's route to that VPC for one prefix, or two gateways peered both ways) loops.`,
  },
  unnamed: "an attachment the record does not name",
  lossesTitle: "Packets the transit gateway dropped, by attachment pair and cause, most first:",
  noLosses: "The transit gateway records show no dropped packet.",
  lossGroup: (w) =>
    `${w.rank}. ${w.from} → ${w.to}: ${EN_CAUSES[w.cause]}, ${enCount(w.packets, "packet")} in ${enCount(w.records, "record")}, ${w.time}`,
};

const ja: TransitGatewayWords = {
  record: (w) =>
    `${w.time} ${w.where}${w.direction ? ` ${w.direction === "ingress" ? "受信" : "送信"}` : ""}: ${w.from} → ${w.to}${w.protocol ? ` ${w.protocol}` : ""}、` +
    `${w.packets} パケット、${w.bytes} バイト。`,
  noData: (w) => `${w.time} ${w.where}: NODATA。この集約期間に通過した通信はありません。`,
  skipData: (w) =>
    `${w.time} ${w.where}: SKIPDATA。この集約期間のレコードは欠落しています (内部の容量制限またはエラー)。通信がなかったのではなく、記録されていません。`,
  side: (s, address) => sideText(s, address, { in: (a) => ` [${a}]`, vpc: "VPC", subnet: "サブネット", account: "アカウント" }),
  loss: {
    "no-route": (w) =>
      `${w.packets} パケットを破棄 (経路なし): ${w.source} に関連付けたトランジットゲートウェイのルートテーブルに ${w.destination} への経路がありません。` +
      `そのルートテーブルに静的ルートを加えるか、宛先のアタッチメントを伝播してください。`,
    blackhole: (w) =>
      `${w.packets} パケットを破棄 (ブラックホール経路): ${w.source} に関連付けたルートテーブルのブラックホール経路が ${w.destination} に一致しました。` +
      `通すべき通信なら、その経路を消すか、アタッチメントへの経路にしてください。`,
    "mtu-exceeded": (w) =>
      `${w.packets} パケットを破棄 (MTU 超過): トランジットゲートウェイが通すのは VPC・Direct Connect・ピアリングの間で ${TRANSIT_GATEWAY_MTU} バイト、VPN で ${VPN_ATTACHMENT_MTU} バイトまでです。` +
      `ICMP の「フラグメント化が必要」を返さないため経路 MTU 探索は効きません: ${w.source} の向こうの送信元の MTU を下げてください (TCP の MSS は調整されますが、UDP と ICMP はされません)。`,
    "ttl-expired": (w) =>
      `${w.packets} パケットを破棄 (TTL 切れ): ルーティングのループが疑われます。` +
      `${w.source} から ${w.destination} への経路をたどってください: 折り返す経路 (同じプレフィックスに VPC からゲートウェイへ、ゲートウェイからその VPC への経路、または双方向にピアリングした二つのゲートウェイ) がループします。`,
  },
  unnamed: "レコードに名前のないアタッチメント",
  lossesTitle: "トランジットゲートウェイが破棄したパケット (アタッチメントの組と原因ごと、多い順):",
  noLosses: "トランジットゲートウェイのレコードに破棄されたパケットはありません。",
  lossGroup: (w) => `${w.rank}. ${w.from} → ${w.to}: ${JA_CAUSES[w.cause]}、${w.records} レコードで ${w.packets} パケット、${w.time}`,
};

const WORDS: Readonly<Record<Language, TransitGatewayWords>> = { en, ja };

/** Whether a field holds numbers (read as numbers, `-` as none). */
const NUMERIC = new Set(
  Object.entries(TRANSIT_GATEWAY_FIELDS)
    .filter(([, s]) => s.kind === "number")
    .map(([f]) => f),
);

/** A transit gateway record read from its line: each field's text, `-` as undefined. */
export class TransitGatewayRecord {
  private constructor(
    readonly format: TransitGatewayFormat,
    private readonly values: readonly string[],
  ) {}

  /** Reads a line in `format`; throws a RecordProblem for a line that is not one of its records. */
  static parse(line: string, format: TransitGatewayFormat): TransitGatewayRecord {
    const values = line.trim().split(/\s+/);
    if (values.length !== format.fields.length)
      throw new RecordProblem(
        `${values.length} fields where the transit gateway format has ${format.fields.length} (${format.fields.join(" ")})`,
      );
    format.fields.forEach((f, i) => {
      const v = values[i];
      if (NUMERIC.has(f) && v !== "-" && !/^\d{1,15}$/.test(v)) throw new RecordProblem(`${f} = ${quoted(v)}: expected a number or -`);
    });
    return new TransitGatewayRecord(format, values);
  }

  text(field: TransitGatewayField): string | undefined {
    const i = this.format.indexOf(field);
    const v = i < 0 ? undefined : this.values[i];
    return v === "-" ? undefined : v;
  }

  number(field: TransitGatewayField): number | undefined {
    const v = this.text(field);
    return v === undefined ? undefined : Number(v);
  }

  /** The fields as JSON gives them: numbers as numbers, `-` as null. */
  get fields(): Partial<Record<TransitGatewayField, string | number | null>> {
    const out: Partial<Record<TransitGatewayField, string | number | null>> = {};
    this.format.fields.forEach((f, i) => {
      const v = this.values[i];
      out[f] = v === "-" ? null : NUMERIC.has(f) ? Number(v) : v;
    });
    return out;
  }

  /** Packets dropped, by cause, in AWS's order of the counters. */
  get losses(): TransitGatewayLoss[] {
    return LOSS_CAUSES.flatMap((cause) => {
      const packets = this.number(LOSS_FIELDS[cause]) ?? 0;
      return packets > 0 ? [{ cause, packets }] : [];
    });
  }

  /**
   * The two sides. At an attachment, ingress traffic came in from it and leaves by the pair
   * attachment; egress traffic came in by the pair and leaves by it.
   */
  get sides(): { from: TransitGatewaySide; to: TransitGatewaySide; direction?: "ingress" | "egress" } {
    const direction = this.text("flow-direction");
    const here = this.text("tgw-attachment-id");
    const pair = this.text("tgw-pair-attachment-id");
    const side = (end: "src" | "dst", attachment: string | undefined): TransitGatewaySide => {
      const port = this.number(end === "src" ? "srcport" : "dstport");
      return clean({
        attachment,
        vpc: this.text(`tgw-${end}-vpc-id`),
        subnet: this.text(`tgw-${end}-subnet-id`),
        account: this.text(`tgw-${end}-vpc-account-id`),
        availabilityZone: this.text(`tgw-${end}-az-id`),
        address: this.text(end === "src" ? "srcaddr" : "dstaddr"),
        port,
      });
    };
    if (direction === "ingress") return { from: side("src", here), to: side("dst", pair), direction };
    if (direction === "egress") return { from: side("src", pair), to: side("dst", here), direction };
    return { from: side("src", undefined), to: side("dst", undefined) };
  }
}

/** An object without its undefined values (JSON leaves them out; a test compares it whole). */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Whether a line that is not a record of the VPC's format is one of `format`'s: as many values,
 * and its resource type one a transit gateway writes (a format without that field is never guessed).
 */
export function looksTransitGateway(line: string, format: TransitGatewayFormat): boolean {
  const at = format.indexOf("resource-type");
  if (at < 0) return false;
  const values = line.trim().split(/\s+/);
  return values.length === format.fields.length && (values[at] === "TransitGateway" || values[at] === "TransitGatewayAttachment");
}

/**
 * Which transit gateway records a filter keeps: an address at either end, an attachment on
 * either side for `--interface` (an attachment is where a gateway meets a network), a window
 * that meets the times, and for `--action` REJECT the records with dropped packets (ACCEPT: without).
 */
export function transitGatewayFilter(o: {
  readonly address?: (address: string) => boolean;
  readonly interfaceId?: string;
  readonly since?: number;
  readonly until?: number;
  readonly action?: "ACCEPT" | "REJECT";
}): ((r: TransitGatewayRecord) => boolean) | undefined {
  const tests: ((r: TransitGatewayRecord) => boolean)[] = [];
  const { address, interfaceId, since, until, action } = o;
  if (address) tests.push((r) => [r.text("srcaddr"), r.text("dstaddr")].some((a) => a !== undefined && address(a)));
  if (interfaceId !== undefined)
    tests.push((r) => r.text("tgw-attachment-id") === interfaceId || r.text("tgw-pair-attachment-id") === interfaceId);
  if (since !== undefined) tests.push((r) => (r.number("end") ?? r.number("start") ?? Infinity) >= since);
  if (until !== undefined) tests.push((r) => (r.number("start") ?? -Infinity) <= until);
  if (action !== undefined) tests.push((r) => r.losses.length > 0 === (action === "REJECT"));
  return tests.length === 0 ? undefined : (r) => tests.every((t) => t(r));
}

/** Explains a transit gateway record; `time` writes its window as the explainer writes every time. */
export function explainTransitGatewayRecord(
  record: TransitGatewayRecord,
  where: { line: number; source?: string; event?: string },
  language: Language,
  time: (start: number | undefined, end: number | undefined) => string,
): ExplainedTransitGatewayRecord {
  const w = WORDS[language];
  // Counts as the VPC's records write them: digits as read.
  const n = (x: number | undefined) => (x === undefined ? "?" : String(x));
  const logStatus = record.text("log-status") ?? "OK";
  const start = record.number("start");
  const end = record.number("end");
  const { from, to, direction } = record.sides;
  const here = record.text("tgw-attachment-id") ?? record.text("tgw-id") ?? record.text("resource-type") ?? "transit gateway";
  const protocolNumber = record.number("protocol");
  const protocol = protocolNumber === undefined ? undefined : (PROTOCOLS[protocolNumber] ?? `protocol ${protocolNumber}`);
  const port = protocolNumber === 6 || protocolNumber === 17 ? serverPortOf(from.port, to.port) : undefined;
  const service = port !== undefined ? SERVICES[port] : undefined;
  const address = (s: TransitGatewaySide) => {
    const text = s.address === undefined ? "?" : s.port !== undefined && s.port > 0 ? hostPort(s.address, String(s.port)) : s.address;
    return service && s.port === port ? `${text} (${service})` : text;
  };
  const losses = record.losses;
  const timeText = time(start, end);
  const sentence =
    logStatus === "NODATA"
      ? w.noData({ time: timeText, where: here })
      : logStatus === "SKIPDATA"
        ? w.skipData({ time: timeText, where: here })
        : w.record({
            time: timeText,
            where: here,
            direction,
            from: w.side(from, address(from)),
            to: w.side(to, address(to)),
            protocol,
            packets: n(record.number("packets")),
            bytes: n(record.number("bytes")),
          });
  const source = from.attachment ?? (direction === undefined ? record.text("tgw-attachment-id") : undefined) ?? w.unnamed;
  const notes = losses.map((l) => w.loss[l.cause]({ packets: n(l.packets), source, destination: to.address ?? "?" }));
  return clean({
    kind: "transit-gateway-record" as const,
    line: where.line,
    source: where.source,
    event: where.event,
    fields: record.fields,
    logStatus,
    transitGateway: record.text("tgw-id"),
    resourceType: record.text("resource-type"),
    attachment: record.text("tgw-attachment-id"),
    direction,
    from,
    to,
    protocol,
    service,
    packets: record.number("packets"),
    bytes: record.number("bytes"),
    start,
    end,
    losses,
    sentence,
    notes,
  });
}

/** The losses of one attachment pair and cause. */
export interface LossGroup {
  /** Where the traffic entered the gateway, and where it was to leave (as the records name them). */
  readonly from: string;
  readonly to: string;
  readonly fromVpc?: string;
  readonly toVpc?: string;
  readonly cause: LossCause;
  packets: number;
  records: number;
  first: number;
  last: number;
}

/** How many loss groups a summary keeps when there are more (see BoundedTally). */
const LOSS_GROUPS_KEPT = 10_000;
/** How many loss groups a summary shows. */
export const LOSS_GROUPS_SHOWN = 20;

/** Counts the packets a transit gateway dropped, by attachment pair and cause, as records are read. */
export class TransitGatewayLosses {
  private readonly groups = new BoundedTally<LossGroup>(LOSS_GROUPS_KEPT, (g) => g.packets);
  /** Transit gateway records read. */
  records = 0;

  add(record: TransitGatewayRecord): void {
    this.records++;
    const losses = record.losses;
    if (losses.length === 0) return;
    const { from, to } = record.sides;
    const fromName = from.attachment ?? from.vpc ?? from.address ?? "-";
    const toName = to.attachment ?? to.vpc ?? to.address ?? "-";
    const start = record.number("start") ?? 0;
    const end = record.number("end") ?? start;
    for (const l of losses) {
      const g = this.groups.entry(`${fromName} ${toName} ${l.cause}`, () => ({
        from: detached(fromName),
        to: detached(toName),
        ...(from.vpc ? { fromVpc: detached(from.vpc) } : {}),
        ...(to.vpc ? { toVpc: detached(to.vpc) } : {}),
        cause: l.cause,
        packets: 0,
        records: 0,
        first: start,
        last: end,
      }));
      g.packets += l.packets;
      g.records++;
      g.first = Math.min(g.first, start);
      g.last = Math.max(g.last, end);
    }
  }

  /** The groups, most packets first, then by pair and cause (a stable order). */
  ranked(): LossGroup[] {
    return [...this.groups.values()].sort(
      (a, b) =>
        b.packets - a.packets ||
        a.from.localeCompare(b.from) ||
        a.to.localeCompare(b.to) ||
        LOSS_CAUSES.indexOf(a.cause) - LOSS_CAUSES.indexOf(b.cause),
    );
  }

  /** The ranking as a summary's lines (none when no transit gateway record was read). */
  text(language: Language, time: (start: number, end: number) => string): string[] {
    const ranked = this.ranked().slice(0, LOSS_GROUPS_SHOWN);
    const w = WORDS[language];
    if (ranked.length === 0) return this.records > 0 ? [w.noLosses] : [];
    const n = (x: number) => x.toLocaleString(language === "ja" ? "ja-JP" : "en-US");
    const name = (attachment: string, vpc?: string) => (vpc && vpc !== attachment ? `${attachment} (${vpc})` : attachment);
    return [
      w.lossesTitle,
      ...ranked.map(
        (g, i) =>
          `  ${w.lossGroup({
            rank: i + 1,
            from: name(g.from, g.fromVpc),
            to: name(g.to, g.toVpc),
            cause: g.cause,
            packets: n(g.packets),
            records: n(g.records),
            time: time(g.first, g.last),
          })}`,
      ),
    ];
  }
}
