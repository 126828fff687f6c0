/**
 * Every sentence the explanation says, one table per language. The logic chooses an entry and
 * gives it values; it never joins words itself, so a language is a table, and the tables are
 * typed alike (a missing entry does not compile).
 */

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

/** The request of a conversation, in the words of a verdict. */
export interface ConversationWords {
  readonly client: string;
  readonly clientAddress: string;
  readonly server: string;
  readonly service: string;
  readonly protocol: string;
  readonly serverPort: string;
  readonly interfaceId: string;
  /** The protocol has no ports (ICMP): rules are by type and code, not by port. */
  readonly portless: boolean;
}

/** Verdict codes: stable, for machines; each has a sentence per language. */
export type VerdictCode =
  | "CONNECTED"
  | "HOST_RESET"
  | "REFUSED_INBOUND"
  | "REFUSED_OUTBOUND"
  | "REFUSED"
  | "REPLY_REFUSED_BY_ACL_INBOUND"
  | "REPLY_REFUSED_BY_ACL_OUTBOUND"
  | "REPLY_REFUSED_BY_ACL"
  | "REPLY_NOT_SEEN"
  | "REQUEST_NOT_SEEN"
  | "REFUSED_BY_SECURITY_GROUP"
  | "REFUSED_BY_NETWORK_ACL"
  | "REFUSED_BY_BLOCK_PUBLIC_ACCESS"
  | "REPLY_REFUSED_BY_SECURITY_GROUP"
  | "LATE_REPLY_OR_SCAN"
  | "MIXED";

/** A language's table. */
export interface Sentences {
  readonly record: (w: RecordWords) => string;
  /** An aggregation window's start and end, as a record's time. */
  readonly timeRange: (start: string, end: string) => string;
  readonly endpoint: (address: string, port: string, service?: string) => string;
  readonly noData: (w: { time: string; interfaceId: string }) => string;
  readonly skipData: (w: { time: string; interfaceId: string }) => string;
  readonly flags: (names: string) => string;
  /** Said of a conversation whose client sent SYN and no reply is in the records. */
  readonly synWithoutSynAck: string;
  readonly realPeer: (w: { source: string; destination: string }) => string;
  readonly trafficPath: (path: string) => string;
  readonly trafficPaths: Readonly<Record<number, string>>;
  readonly rejectReason: (reason: string) => string;
  readonly rejectReasons: Readonly<Record<string, string>>;
  readonly verdict: Readonly<Record<VerdictCode, (w: ConversationWords & { detail?: string }) => string>>;
  /** Which layer a verdict puts it on, in a few words (summaries). */
  readonly layer: Readonly<Record<VerdictCode, string>>;
  /** The headings and phrases of a summary. */
  readonly summary: {
    readonly title: (w: { records: string; conversations: string; skipped: string }) => string;
    readonly verdicts: string;
    readonly refused: (w: { shown: number; groups: number }) => string;
    readonly noneRefused: string;
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
    readonly aclDenies: (w: { acl: string; rule: string; way: "inbound" | "outbound" }) => string;
    readonly aclAllows: (w: { acl: string; rule: string; way: "inbound" | "outbound" }) => string;
  };
}

const way = { inbound: "inbound", outbound: "outbound" } as const;

/** An address and port as written in every language: an IPv6 address in brackets (`[2001:db8::5]:443`). */
export function hostPort(address: string, port: string): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

/** An endpoint: the address alone when the protocol has no ports, the service after the server's port. */
const endpoint = (address: string, port: string, service?: string) =>
  port === "" ? address : service ? `${hostPort(address, port)} (${service})` : hostPort(address, port);

/** The one exception to "only the ACL refuses a reply", said with every reply refused. */
const enTracking =
  "The one exception: a reply that came after the security group stopped tracking the connection (its idle timeout: 30 s for UDP by default, per EC2's connection-tracking docs) is refused by the security group instead.";

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
      REFUSED_INBOUND: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): refused on the way in, no reply. The security group's inbound rules or the network ACL's inbound rules refused it; records alone cannot tell which.`,
      REFUSED_OUTBOUND: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): refused on the way out. The security group's outbound rules or the network ACL's outbound rules refused it; records alone cannot tell which.`,
      REFUSED: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): refused, no reply. A security group or a network ACL refused it; without the interface's own address, not even the way is known.`,
      REPLY_REFUSED_BY_ACL_INBOUND: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the request went out and was accepted, the reply was rejected on the way in. Security groups let replies through (they are stateful), so the network ACL's inbound rules refused it: ${w.portless ? `they must allow ${w.protocol} from ${w.server} (${w.protocol} has no ports; an ACL's ${w.protocol} rule is by type and code)` : `they must allow ${w.protocol} from ${w.server} to ports 1024-65535 (the client's ephemeral ports)`}. ${w.detail ?? enTracking}`,
      REPLY_REFUSED_BY_ACL_OUTBOUND: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the request came in and was accepted, the reply was rejected on the way out. Security groups let replies through (they are stateful), so the network ACL's outbound rules refused it: ${w.portless ? `they must allow ${w.protocol} to ${w.clientAddress} (${w.protocol} has no ports; an ACL's ${w.protocol} rule is by type and code)` : `they must allow ${w.protocol} to ${w.clientAddress} on ports 1024-65535 (the client's ephemeral ports)`}. ${w.detail ?? enTracking}`,
      REPLY_REFUSED_BY_ACL: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the request was accepted and the reply rejected. Security groups let replies through (they are stateful), so a network ACL refused the reply; without the interface's own address, which way (inbound or outbound rules) is not known. ${enTracking}`,
      REPLY_NOT_SEEN: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the request was accepted; no reply is in these records. The server may not have answered, or the reply is in another aggregation window, another flow log (one that records other traffic), or a window AWS skipped.`,
      REQUEST_NOT_SEEN: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): only the reply is in these records; the request is in another aggregation window or flow log, or was skipped.`,
      REFUSED_BY_SECURITY_GROUP: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): refused by the security group. ${w.detail ?? ""}`.trim(),
      REFUSED_BY_NETWORK_ACL: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): refused by the network ACL. ${w.detail ?? ""}`.trim(),
      REFUSED_BY_BLOCK_PUBLIC_ACCESS: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): refused by VPC Block Public Access (the record's reject-reason is BPA), not by a security group or network ACL: the VPC or subnet blocks this internet gateway traffic unless an exclusion allows it.`,
      REPLY_REFUSED_BY_SECURITY_GROUP: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): the request was accepted and the reply rejected, and the network ACL allows the reply: the security group had stopped tracking the connection (after its idle timeout: 30 s for UDP by default), so the reply was judged as new traffic, which no rule allows. ${w.detail ?? ""}`.trim(),
      LATE_REPLY_OR_SCAN: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): only a rejected packet from the server's port to the client's is in these records, no request: the mark of a reply that came after its connection was forgotten (the security group's tracking timed out, or the request is in another window) or of a scan; it is not a request to allow.`,
      MIXED: (w) =>
        `${w.client} ${arrow} ${w.server} (${w.service}): accepted in some windows and rejected in others: the rules changed while it ran, or several flows share these addresses and ports.`,
    },
    layer: {
      CONNECTED: "connected",
      HOST_RESET: "the host reset it",
      REFUSED_INBOUND: "security group or network ACL, inbound",
      REFUSED_OUTBOUND: "security group or network ACL, outbound",
      REFUSED: "security group or network ACL",
      REPLY_REFUSED_BY_ACL_INBOUND: "network ACL, inbound (the reply)",
      REPLY_REFUSED_BY_ACL_OUTBOUND: "network ACL, outbound (the reply)",
      REPLY_REFUSED_BY_ACL: "network ACL (the reply)",
      REPLY_NOT_SEEN: "no reply in the records",
      REQUEST_NOT_SEEN: "no request in the records",
      REFUSED_BY_SECURITY_GROUP: "security group",
      REFUSED_BY_NETWORK_ACL: "network ACL",
      REFUSED_BY_BLOCK_PUBLIC_ACCESS: "VPC Block Public Access",
      REPLY_REFUSED_BY_SECURITY_GROUP: "security group (the reply, after tracking timed out)",
      LATE_REPLY_OR_SCAN: "a late reply or a scan",
      MIXED: "accepted and rejected",
    },
    summary: {
      title: (w) =>
        `${w.records} records, ${w.conversations} conversations${w.skipped ? ` (${w.skipped} records left out by the filter)` : ""}.`,
      verdicts: "Conversations by verdict:",
      refused: (w) => `Refused conversations, most records first (${w.shown} of ${w.groups} groups by client, server and verdict):`,
      noneRefused: "No conversation was refused.",
      group: (w) =>
        `${w.rank}. ${w.from} ${arrow} ${w.to} (${w.service}): ${w.conversations} conversations, ${w.records} records, ${w.bytes} bytes; ${w.layer}; on ${w.interfaces}`,
      count: (w) => `${w.verdict}: ${w.conversations} conversations, ${w.records} records`,
      approximate: (w) =>
        `(More groups than memory keeps: ${w.dropped} of the lightest were dropped while reading, so a count may be low by up to ${w.bound} records.)`,
    },
    rule: {
      securityGroupAllows: (w) => `Security group ${w.group} allows it: ${w.rule}.`,
      securityGroupHasNoRule: (w) =>
        `No ${way[w.way]} rule of ${w.groups} allows it (security groups only allow; what no rule allows is refused).`,
      aclDenies: (w) => `Network ACL ${w.acl}, ${way[w.way]}: ${w.rule} matched first and denies it.`,
      aclAllows: (w) => `Network ACL ${w.acl}, ${way[w.way]}: ${w.rule} matched first and allows it.`,
    },
  };
}

/** English as it is read. */
const en = english({ arrow: "→", dash: "–" });

const jaWay = { inbound: "インバウンド", outbound: "アウトバウンド" } as const;

/** The exception, in Japanese. */
const jaTracking =
  "唯一の例外: セキュリティグループが接続の追跡をやめた後 (アイドルタイムアウト。UDP は既定で 30 秒。EC2 の接続追跡のドキュメントによる) に届いた応答は、セキュリティグループが拒否します。";

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
    REFUSED_INBOUND: (w) =>
      `${w.client} → ${w.server} (${w.service}): 受信時に拒否され、応答はありません。セキュリティグループのインバウンドルールかネットワーク ACL のインバウンドルールが拒否しました。レコードだけではどちらかは分かりません。`,
    REFUSED_OUTBOUND: (w) =>
      `${w.client} → ${w.server} (${w.service}): 送信時に拒否されました。セキュリティグループのアウトバウンドルールかネットワーク ACL のアウトバウンドルールが拒否しました。レコードだけではどちらかは分かりません。`,
    REFUSED: (w) =>
      `${w.client} → ${w.server} (${w.service}): 拒否され、応答はありません。セキュリティグループかネットワーク ACL が拒否しました。インターフェイス自身のアドレスが分からないため、方向も分かりません。`,
    REPLY_REFUSED_BY_ACL_INBOUND: (w) =>
      `${w.client} → ${w.server} (${w.service}): 要求は送信され許可されましたが、応答が受信時に拒否されました。セキュリティグループはステートフルで応答を通すため、拒否したのはネットワーク ACL のインバウンドルールです: ${w.portless ? `${w.server} からの ${w.protocol} を許可する必要があります (${w.protocol} にポートはなく、ACL の ${w.protocol} ルールはタイプとコードで指定します)` : `${w.server} からポート 1024-65535 (クライアントのエフェメラルポート) への ${w.protocol} を許可する必要があります`}。${w.detail ?? jaTracking}`,
    REPLY_REFUSED_BY_ACL_OUTBOUND: (w) =>
      `${w.client} → ${w.server} (${w.service}): 要求は受信され許可されましたが、応答が送信時に拒否されました。セキュリティグループはステートフルで応答を通すため、拒否したのはネットワーク ACL のアウトバウンドルールです: ${w.portless ? `${w.clientAddress} への ${w.protocol} を許可する必要があります (${w.protocol} にポートはなく、ACL の ${w.protocol} ルールはタイプとコードで指定します)` : `${w.clientAddress} のポート 1024-65535 (クライアントのエフェメラルポート) への ${w.protocol} を許可する必要があります`}。${w.detail ?? jaTracking}`,
    REPLY_REFUSED_BY_ACL: (w) =>
      `${w.client} → ${w.server} (${w.service}): 要求は許可され、応答が拒否されました。セキュリティグループはステートフルで応答を通すため、応答を拒否したのはネットワーク ACL です。インターフェイス自身のアドレスが分からないため、インバウンドとアウトバウンドのどちらのルールかは分かりません。${jaTracking}`,
    REPLY_NOT_SEEN: (w) =>
      `${w.client} → ${w.server} (${w.service}): 要求は許可されましたが、応答はこのレコードにありません。サーバーが応答しなかったか、応答が別の集約期間・別のフローログ (別のトラフィックを記録するもの) にあるか、欠落した期間にあります。`,
    REQUEST_NOT_SEEN: (w) =>
      `${w.client} → ${w.server} (${w.service}): 応答だけがこのレコードにあります。要求は別の集約期間か別のフローログにあるか、欠落しています。`,
    REFUSED_BY_SECURITY_GROUP: (w) => `${w.client} → ${w.server} (${w.service}): セキュリティグループが拒否しました。${w.detail ?? ""}`,
    REFUSED_BY_NETWORK_ACL: (w) => `${w.client} → ${w.server} (${w.service}): ネットワーク ACL が拒否しました。${w.detail ?? ""}`,
    REFUSED_BY_BLOCK_PUBLIC_ACCESS: (w) =>
      `${w.client} → ${w.server} (${w.service}): VPC ブロックパブリックアクセスが拒否しました (レコードの reject-reason が BPA)。セキュリティグループやネットワーク ACL ではありません: 除外で許可しない限り、VPC またはサブネットがこのインターネットゲートウェイの通信をブロックします。`,
    REPLY_REFUSED_BY_SECURITY_GROUP: (w) =>
      `${w.client} → ${w.server} (${w.service}): 要求は許可され応答が拒否されましたが、ネットワーク ACL は応答を許可しています: セキュリティグループが接続の追跡をやめていた (アイドルタイムアウト後。UDP は既定で 30 秒) ため、応答は新しい通信として判定され、許可するルールがありませんでした。${w.detail ?? ""}`,
    LATE_REPLY_OR_SCAN: (w) =>
      `${w.client} → ${w.server} (${w.service}): サーバーのポートからクライアントのポートへの拒否されたパケットだけがあり、要求はありません: 接続が忘れられた後に届いた応答 (セキュリティグループの追跡のタイムアウト、または要求が別の期間にある) か、スキャンの特徴です。許可すべき要求ではありません。`,
    MIXED: (w) =>
      `${w.client} → ${w.server} (${w.service}): ある期間は許可され、別の期間は拒否されています。途中でルールが変わったか、同じアドレスとポートを複数の通信が使っています。`,
  },
  layer: {
    CONNECTED: "接続成功",
    HOST_RESET: "ホストがリセット",
    REFUSED_INBOUND: "セキュリティグループかネットワーク ACL (インバウンド)",
    REFUSED_OUTBOUND: "セキュリティグループかネットワーク ACL (アウトバウンド)",
    REFUSED: "セキュリティグループかネットワーク ACL",
    REPLY_REFUSED_BY_ACL_INBOUND: "ネットワーク ACL のインバウンド (応答)",
    REPLY_REFUSED_BY_ACL_OUTBOUND: "ネットワーク ACL のアウトバウンド (応答)",
    REPLY_REFUSED_BY_ACL: "ネットワーク ACL (応答)",
    REPLY_NOT_SEEN: "応答がレコードにない",
    REQUEST_NOT_SEEN: "要求がレコードにない",
    REFUSED_BY_SECURITY_GROUP: "セキュリティグループ",
    REFUSED_BY_NETWORK_ACL: "ネットワーク ACL",
    REFUSED_BY_BLOCK_PUBLIC_ACCESS: "VPC ブロックパブリックアクセス",
    REPLY_REFUSED_BY_SECURITY_GROUP: "セキュリティグループ (追跡のタイムアウト後の応答)",
    LATE_REPLY_OR_SCAN: "遅れた応答かスキャン",
    MIXED: "許可と拒否が混在",
  },
  summary: {
    title: (w) => `${w.records} レコード、${w.conversations} 会話${w.skipped ? ` (フィルターで除いたレコード ${w.skipped})` : ""}。`,
    verdicts: "判定ごとの会話:",
    refused: (w) => `拒否された会話 (レコードの多い順、クライアント・サーバー・判定ごとの ${w.groups} グループのうち ${w.shown}):`,
    noneRefused: "拒否された会話はありません。",
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
    aclDenies: (w) => `ネットワーク ACL ${w.acl} の${jaWay[w.way]}: ${w.rule} が最初に一致し、拒否しています。`,
    aclAllows: (w) => `ネットワーク ACL ${w.acl} の${jaWay[w.way]}: ${w.rule} が最初に一致し、許可しています。`,
  },
};

/** The table of each language. */
export const SENTENCES: Readonly<Record<Language, Sentences>> = { en, ja };

/**
 * What stands for English's arrow and dash in the explainer's own strings: three characters below
 * 0x100 each, the first 0x80 (which no record or sentence has), so that a line of them stays a
 * one-byte string. Written as Latin-1 bytes, each mark takes exactly the place of its character's
 * three UTF-8 bytes, which the writer puts there ({@link patchMarks}); read through the API, a
 * sentence has the real characters ({@link unmark}). A string with one real arrow in it is stored
 * two bytes a character, and flattening and encoding those cost a fifth of the explainer's time.
 */
export const MARK = { arrow: "\u0080\u0081\u0082", dash: "\u0080\u0083\u0084" } as const;

/** English with marks for the arrow and the dash (Japanese is written as it is: it is not one-byte text anyway). */
export const MARKED_ENGLISH: Sentences = english(MARK);

const MARKS = /\u0080[\u0081\u0083][\u0082\u0084]/g;

/** A string with the real characters where marks stand. */
export function unmark(s: string): string {
  return s.includes("\u0080") ? s.replace(MARKS, (m) => (m === MARK.arrow ? "→" : "–")) : s;
}

/** The plain characters: printable ASCII without a quote or backslash (nothing to escape in JSON). */
const PLAIN = "\\x20\\x21\\x23-\\x5b\\x5d-\\x7e";
const NOT_PLAIN = new RegExp(`[^${PLAIN}]`);

/** A character of a text of lines that is not plain, its line ends aside (one test over a whole chunk read). */
export const NOT_PLAIN_IN_LINES = new RegExp(`[^\\n${PLAIN}]`);

/** Whether a string is plain, so that it can go into marked text (and JSON) as it is. */
export function plainAscii(s: string): boolean {
  return !NOT_PLAIN.test(s);
}

/**
 * Puts the UTF-8 bytes of the real characters where `text`, written as Latin-1 at `at` in
 * `buffer`, has marks.
 */
export function patchMarks(text: string, buffer: Buffer, at: number): void {
  for (let i = text.indexOf("\u0080"); i >= 0; i = text.indexOf("\u0080", i + 3)) {
    const arrow = text.charCodeAt(i + 1) === 0x81;
    buffer[at + i] = 0xe2;
    buffer[at + i + 1] = arrow ? 0x86 : 0x80;
    buffer[at + i + 2] = arrow ? 0x92 : 0x93;
  }
}
