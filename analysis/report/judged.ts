/**
 * The report of a verdict query's result (explain/judged-rows.ts): a picture of the
 * organisation. Refused conversations by layer, per account (per interface where the rows name
 * no account); the top refused pairs, where the rows name their ends; and the share of each
 * verdict. Rows are few (a query groups them): they are kept as they come.
 */
import type { TopLevelSpec } from "vega-lite/build/index";
import { REFUSED_VERDICTS } from "../../constructs/records/verdicts";
import { SERVICES } from "../../constructs/records/vocabulary";
import type { ExplainedJudgedRow } from "../explain/judged-rows";
import { hostPort, type Sentences } from "../explain/sentences";
import { CHART_BASE } from "./charts";
import type { ReportWords } from "./words";

/** How many pairs the top refused pairs show. */
export const TOP_PAIRS = 10;

/** What the page draws of judged rows. */
export interface JudgedData {
  /** Whether the rows name their account (the organisation's queries), else their interface. */
  readonly byAccount: boolean;
  /** Per account (or interface) and refused verdict: conversations and records. */
  readonly refusedBy: readonly { who: string; verdict: string; layer: string; conversations: number; records: number }[];
  /** The refused rows that name their ends, most records first. */
  readonly pairs: readonly {
    who: string;
    client: string;
    server: string;
    verdict: string;
    layer: string;
    conversations: number;
    records: number;
    bytes: number;
    sentence: string;
  }[];
  /** Every verdict's conversations and records, and its share of the conversations. */
  readonly share: readonly { verdict: string; conversations: number; records: number; percent: number }[];
}

/** The rows' aggregates. */
export function judgedData(rows: readonly ExplainedJudgedRow[], words: Sentences): JudgedData {
  const byAccount = rows.some((r) => r.account !== undefined);
  const who = (r: ExplainedJudgedRow) => (byAccount ? (r.account ?? "") : (r.interfaceId ?? ""));
  const refused = rows.filter((r) => (REFUSED_VERDICTS as readonly string[]).includes(r.verdict));
  const refusedBy = new Map<string, JudgedData["refusedBy"][number]>();
  for (const r of refused) {
    const key = `${who(r)}\u0000${r.verdict}`;
    const had = refusedBy.get(key);
    if (had) {
      had.conversations += r.conversations;
      had.records += r.records;
    } else
      refusedBy.set(key, {
        who: who(r),
        verdict: r.verdict,
        layer: words.layer(r.verdict, r.layers),
        conversations: r.conversations,
        records: r.records,
      });
  }
  const pairs = refused
    .filter((r) => r.client !== undefined && r.server !== undefined)
    .sort((a, b) => b.records - a.records)
    .slice(0, TOP_PAIRS)
    .map((r) => {
      const port = r.serverPort ?? 0;
      return {
        who: who(r),
        client: r.client!,
        server: port > 0 ? `${hostPort(r.server!, String(port))}${SERVICES[port] ? ` (${SERVICES[port]})` : ""}` : r.server!,
        verdict: r.verdict,
        layer: words.layer(r.verdict, r.layers),
        conversations: r.conversations,
        records: r.records,
        bytes: r.bytes,
        sentence: r.sentence,
      };
    });
  const perVerdict = new Map<string, { conversations: number; records: number }>();
  for (const r of rows) {
    const v = perVerdict.get(r.verdict) ?? { conversations: 0, records: 0 };
    v.conversations += r.conversations;
    v.records += r.records;
    perVerdict.set(r.verdict, v);
  }
  const total = rows.reduce((n, r) => n + r.conversations, 0);
  const mostFirst = (a: { verdict: string; conversations: number }, b: typeof a) =>
    // Stryker disable next-line EqualityOperator: the verdicts of the share are distinct, never equal.
    b.conversations - a.conversations || (a.verdict < b.verdict ? -1 : 1);
  const share = [...perVerdict]
    .map(([verdict, v]) => ({ verdict, ...v, percent: total > 0 ? (100 * v.conversations) / total : 0 }))
    .sort(mostFirst);
  return {
    byAccount,
    refusedBy: [...refusedBy.values()].sort((a, b) => (a.who < b.who ? -1 : a.who > b.who ? 1 : b.conversations - a.conversations)),
    pairs,
    share,
  };
}

/** The charts of judged rows. */
export function judgedChartSpecs(data: JudgedData, words: ReportWords): { id: string; title: string; spec: TopLevelSpec }[] {
  const w = words.judged;
  const specs: { id: string; title: string; spec: TopLevelSpec }[] = [];
  if (data.refusedBy.length > 0)
    specs.push({
      id: "refused-by-layer",
      title: w.byLayer(data.byAccount),
      spec: {
        ...CHART_BASE,
        data: { values: data.refusedBy.map((r) => ({ ...r })) },
        mark: "bar",
        encoding: {
          y: { field: "who", type: "nominal", title: data.byAccount ? w.account : words.verdicts.interface },
          x: { field: "conversations", type: "quantitative", title: words.conversations },
          color: { field: "verdict", type: "nominal", title: words.verdicts.verdict },
        },
      },
    });
  if (data.pairs.length > 0)
    specs.push({
      id: "refused-pairs",
      title: w.pairs,
      spec: {
        ...CHART_BASE,
        data: {
          values: data.pairs.map((p, i) => ({ pair: `${i + 1}. ${p.client} → ${p.server}`, records: p.records, verdict: p.verdict })),
        },
        mark: "bar",
        encoding: {
          y: { field: "pair", type: "nominal", sort: "-x", title: words.topTalkers.pair },
          x: { field: "records", type: "quantitative", title: words.records },
          color: { field: "verdict", type: "nominal", title: words.verdicts.verdict },
        },
      },
    });
  if (data.share.length > 0)
    specs.push({
      id: "verdict-share",
      title: w.share,
      spec: {
        ...CHART_BASE,
        data: { values: data.share.map((s) => ({ ...s })) },
        mark: "bar",
        encoding: {
          y: { field: "verdict", type: "nominal", sort: "-x", title: words.verdicts.verdict },
          x: { field: "percent", type: "quantitative", title: w.percent },
        },
      },
    });
  return specs;
}
