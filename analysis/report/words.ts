/**
 * The report page's words, one table per language, typed alike (a missing entry does not
 * compile). The verdicts' sentences and layers come from the explainer's tables.
 */
import { enCount, type Language } from "../explain/sentences";

/** A language's words for the page. */
export interface ReportWords {
  readonly title: string;
  readonly generated: (w: { records: string; conversations: string; problems: string; zone: string }) => string;
  readonly sources: string;
  readonly noRecords: string;
  readonly topTalkers: { readonly title: string; readonly pair: string; readonly source: string; readonly destination: string };
  readonly overTime: { readonly title: string; readonly time: string; readonly series: string };
  readonly verdicts: { readonly title: string; readonly interface: string; readonly verdict: string };
  readonly ports: { readonly title: string; readonly port: string; readonly protocol: string; readonly service: string };
  readonly refused: {
    readonly title: (w: { shown: number; groups: number }) => string;
    readonly none: string;
    readonly rank: string;
    readonly client: string;
    readonly server: string;
    readonly layer: string;
    readonly sentence: string;
    readonly interfaces: string;
  };
  readonly bytes: string;
  readonly flows: string;
  readonly rejected: string;
  readonly conversations: string;
  readonly records: string;
  readonly approximate: (w: { dropped: string; bound: string; unit: string }) => string;
  /** The caption of a chart's table: what the table is, not the section's heading again. */
  readonly chartTable: string;
  /** The caption of the refused conversations' table. */
  readonly refusedTable: string;
  /** Shown in a chart's axis title when one bar dwarfs the rest and the axis is logarithmic. */
  readonly logScale: string;
  /** The page of a verdict query's result (judged.ts). */
  readonly judged: {
    readonly generated: (w: { rows: string; conversations: string; problems: string }) => string;
    readonly byLayer: (byAccount: boolean) => string;
    readonly account: string;
    readonly pairs: string;
    readonly share: string;
    readonly percent: string;
    readonly rank: string;
  };
}

const en: ReportWords = {
  title: "VPC flow logs: what the records show",
  generated: (w) =>
    `${enCount(w.records, "record")}, ${enCount(w.conversations, "conversation")}, ${enCount(w.problems, "problem")}; times in ${w.zone}.`,
  sources: "Read from",
  noRecords: "No record to show.",
  topTalkers: { title: "Top talkers by bytes", pair: "Source → destination", source: "Source", destination: "Destination" },
  overTime: { title: "Flows and rejected flows, per 5 minutes", time: "Time", series: "Records" },
  verdicts: { title: "Conversations by verdict, per interface", interface: "Interface", verdict: "Verdict" },
  ports: { title: "Top destination ports and services by bytes", port: "Port", protocol: "Protocol", service: "Service" },
  refused: {
    title: (w) => `Refused conversations, most records first (${w.shown} of ${w.groups} groups)`,
    none: "No conversation was refused.",
    rank: "#",
    client: "Client",
    server: "Server",
    layer: "Where",
    sentence: "What the records say",
    interfaces: "Interfaces",
  },
  bytes: "Bytes",
  flows: "Flows",
  rejected: "Rejected",
  conversations: "Conversations",
  records: "Records",
  approximate: (w) =>
    `More entries than memory keeps: ${w.dropped} of the lightest were dropped while reading, so a figure above may be low by up to ${w.bound} (${w.unit.toLowerCase()}).`,
  chartTable: "The chart's numbers",
  refusedTable: "One row per client, server and verdict; the first conversation's sentence",
  logScale: "log scale: one bar dwarfs the rest",
  judged: {
    generated: (w) =>
      `${enCount(w.rows, "row")} of a verdict query's result, ${enCount(w.conversations, "conversation")}, ${enCount(w.problems, "problem")}.`,
    byLayer: (byAccount) => `Refused conversations by layer, per ${byAccount ? "account" : "interface"}`,
    account: "Account",
    pairs: "Top refused pairs, most records first",
    share: "The share of each verdict, of the conversations",
    percent: "Share of the conversations (%)",
    rank: "#",
  },
};

const ja: ReportWords = {
  title: "VPC フローログ: レコードが示すこと",
  generated: (w) => `${w.records} レコード、${w.conversations} 会話、問題 ${w.problems}。時刻は ${w.zone}。`,
  sources: "読み込んだもの",
  noRecords: "表示するレコードがありません。",
  topTalkers: { title: "バイト数の多い通信 (送信元 → 宛先)", pair: "送信元 → 宛先", source: "送信元", destination: "宛先" },
  overTime: { title: "5 分ごとのフロー数と拒否されたフロー数", time: "時刻", series: "レコード" },
  verdicts: { title: "インターフェイスごとの判定別の会話", interface: "インターフェイス", verdict: "判定" },
  ports: { title: "バイト数の多い宛先ポートとサービス", port: "ポート", protocol: "プロトコル", service: "サービス" },
  refused: {
    title: (w) => `拒否された会話 (レコードの多い順、${w.groups} グループのうち ${w.shown})`,
    none: "拒否された会話はありません。",
    rank: "#",
    client: "クライアント",
    server: "サーバー",
    layer: "どこで",
    sentence: "レコードが示すこと",
    interfaces: "インターフェイス",
  },
  bytes: "バイト",
  flows: "フロー",
  rejected: "拒否",
  conversations: "会話",
  records: "レコード",
  approximate: (w) =>
    `メモリに保てる数を超えました: 読み込み中に少ないものから ${w.dropped} 件を除いたため、上の数は最大 ${w.bound} (${w.unit}) 少ないことがあります。`,
  chartTable: "グラフの数値",
  refusedTable: "クライアント・サーバー・判定ごとに 1 行。最初の会話の文",
  logScale: "対数目盛: 1 本の棒が他よりはるかに長い",
  judged: {
    generated: (w) => `判定クエリの結果 ${w.rows} 行、${w.conversations} 会話、問題 ${w.problems}。`,
    byLayer: (byAccount) => `${byAccount ? "アカウント" : "インターフェイス"}ごとの、拒否した層別の拒否された会話`,
    account: "アカウント",
    pairs: "拒否された組 (レコードの多い順)",
    share: "判定ごとの会話の割合",
    percent: "会話に占める割合 (%)",
    rank: "#",
  },
};

/** The table of each language. */
export const REPORT_WORDS: Readonly<Record<Language, ReportWords>> = { en, ja };
