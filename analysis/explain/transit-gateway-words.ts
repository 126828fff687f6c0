/**
 * The words of transit gateway records (transit-gateway.ts), one table per language, typed
 * alike: a record's sentence, each loss cause with what to check, the summary's ranking.
 */
import { TRANSIT_GATEWAY_MTU, VPN_ATTACHMENT_MTU, type LossCause } from "../../constructs/records/transit-gateway-format";
import { enCount, type Language } from "./sentences";

/** What a sentence names of one side of a record. */
export interface SideNames {
  readonly attachment?: string;
  readonly vpc?: string;
  readonly subnet?: string;
  readonly account?: string;
}

/** The values of a record's sentence. */
export interface RecordWords {
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
export interface LossWords {
  readonly packets: string;
  readonly source: string;
  readonly destination: string;
}

/** The words of transit gateway records, in each language. */
export interface TransitGatewayWords {
  record(w: RecordWords): string;
  noData(w: { time: string; where: string }): string;
  skipData(w: { time: string; where: string }): string;
  side(s: SideNames, address: string): string;
  loss: Readonly<Record<LossCause, (w: LossWords) => string>>;
  /** An attachment the record does not name. */
  readonly unnamed: string;
  readonly lossesTitle: string;
  readonly noLosses: string;
  lossGroup(w: { rank: number; from: string; to: string; cause: LossCause; packets: string; records: string; time: string }): string;
}

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
  s: SideNames,
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

/** The words of each language. */
export const TRANSIT_GATEWAY_SENTENCES: Readonly<Record<Language, TransitGatewayWords>> = { en, ja };
