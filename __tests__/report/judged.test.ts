/**
 * The report of a verdict query's result (analysis/report/judged.ts) against an oracle computed
 * here: refused conversations per account or interface and verdict, the top refused pairs, the
 * share of each verdict; over generated rows, in any order, and over the cases a result mixes
 * (rows with and without ends, ports with and without a service, ties).
 */
import fc from "fast-check";
import { explainJudgedRow, type JudgedRow } from "../../analysis/explain/judged-rows";
import { SENTENCES } from "../../analysis/explain/sentences";
import { judgedChartSpecs, judgedData, TOP_PAIRS } from "../../analysis/report/judged";
import { REPORT_WORDS } from "../../analysis/report/words";
import { RECORDS_VERDICTS, REFUSED_VERDICTS } from "../../constructs/records/verdicts";

const words = SENTENCES.en;
const said = (rows: readonly JudgedRow[]) => rows.map((r, i) => explainJudgedRow(r, words, i + 1));

/** The figures straight from the rows. */
function oracle(rows: readonly JudgedRow[]) {
  const byAccount = rows.some((r) => r.account !== undefined);
  const who = (r: JudgedRow) => (byAccount ? (r.account ?? "") : (r.interfaceId ?? ""));
  const refusedRows = rows.filter((r) => REFUSED_VERDICTS.includes(r.verdict));
  const groups: Record<string, { who: string; verdict: string; conversations: number; records: number }> = {};
  for (const r of refusedRows) {
    const g = (groups[`${who(r)}|${r.verdict}`] ??= { who: who(r), verdict: r.verdict, conversations: 0, records: 0 });
    g.conversations += r.conversations;
    g.records += r.records;
  }
  const total = rows.reduce((n, r) => n + r.conversations, 0);
  const verdicts = [...new Set(rows.map((r) => r.verdict))];
  const share = verdicts.map((verdict) => {
    const of = rows.filter((r) => r.verdict === verdict);
    const conversations = of.reduce((n, r) => n + r.conversations, 0);
    return {
      verdict,
      conversations,
      records: of.reduce((n, r) => n + r.records, 0),
      percent: total > 0 ? (100 * conversations) / total : 0,
    };
  });
  return {
    byAccount,
    refusedBy: Object.values(groups).sort((a, b) => (a.who === b.who ? b.conversations - a.conversations : a.who < b.who ? -1 : 1)),
    pairRecords: refusedRows
      .filter((r) => r.client !== undefined && r.server !== undefined)
      .map((r) => r.records)
      .sort((a, b) => b - a)
      .slice(0, TOP_PAIRS),
    share: share.sort((a, b) => b.conversations - a.conversations || (a.verdict < b.verdict ? -1 : 1)),
  };
}

/** A generated row: every verdict a query can give; an account or an interface or neither; both ends, one or none. */
const rowArb = (byAccount: boolean): fc.Arbitrary<JudgedRow> =>
  fc
    .record({
      // By account, a row may still lack one; by interface, a row may lack its interface.
      account: byAccount ? fc.constantFrom("111111111111", "222222222222", undefined) : fc.constant(undefined),
      interfaceId: fc.constantFrom("eni-0a", "eni-0b", "eni-0c", undefined),
      ends: fc.constantFrom("both", "client", "server", "none"),
      client: fc.constantFrom("203.0.113.12", "10.0.1.5", "2001:db8::7"),
      server: fc.constantFrom("10.0.1.9", "198.51.100.4", "2001:db8::1"),
      serverPort: fc.constantFrom(0, 22, 443, 50000),
      verdict: fc.constantFrom(...RECORDS_VERDICTS),
      conversations: fc.integer({ min: 1, max: 5 }),
      records: fc.constantFrom(1, 2, 3, 40),
      bytes: fc.integer({ min: 40, max: 9000 }),
    })
    .map((g) => ({
      ...(g.account !== undefined ? { account: g.account } : g.interfaceId !== undefined ? { interfaceId: g.interfaceId } : {}),
      ...(g.ends === "both" || g.ends === "client" ? { client: g.client } : {}),
      ...(g.ends === "both" || g.ends === "server" ? { server: g.server, serverPort: g.serverPort, protocol: 6 } : {}),
      verdict: g.verdict,
      conversations: g.conversations,
      records: g.records,
      bytes: g.bytes,
    }));

describe("a verdict query's result, as the report draws it", () => {
  test.each([true, false])("generated rows (by account: %s), in either order: every figure equals the oracle's", (byAccount) => {
    fc.assert(
      fc.property(fc.array(rowArb(byAccount), { minLength: 1, maxLength: 30 }), fc.boolean(), (rows, reversed) => {
        const input = reversed ? [...rows].reverse() : rows;
        const data = judgedData(said(input), words);
        const o = oracle(input);
        expect(data.byAccount).toBe(o.byAccount);
        expect(data.refusedBy.map(({ who, verdict, conversations, records }) => ({ who, verdict, conversations, records }))).toEqual(
          o.refusedBy,
        );
        expect(data.pairs.map((p) => p.records)).toEqual(o.pairRecords);
        expect(data.share).toEqual(o.share);
      }),
      { numRuns: 150 },
    );
  });

  test("a pair names its server with its port and service; port 0 or none, the address alone; each row its layer and sentence", () => {
    const rows: JudgedRow[] = [
      {
        interfaceId: "eni-0a",
        client: "203.0.113.12",
        server: "10.0.1.5",
        serverPort: 22,
        protocol: 6,
        verdict: "REFUSED_INBOUND",
        conversations: 12,
        records: 40,
        bytes: 2400,
      },
      {
        interfaceId: "eni-0a",
        client: "10.0.1.5",
        server: "2001:db8::1",
        serverPort: 50000,
        protocol: 6,
        verdict: "REFUSED_OUTBOUND",
        conversations: 1,
        records: 30,
        bytes: 60,
      },
      {
        interfaceId: "eni-0b",
        client: "10.0.1.5",
        server: "198.51.100.4",
        serverPort: 0,
        protocol: 1,
        verdict: "REFUSED_OUTBOUND",
        conversations: 2,
        records: 20,
        bytes: 168,
      },
      {
        interfaceId: "eni-0b",
        client: "10.0.1.5",
        server: "198.51.100.9",
        protocol: 47,
        verdict: "REFUSED_OUTBOUND",
        conversations: 1,
        records: 10,
        bytes: 100,
      },
      // Connected and refused without ends: in the share, never among the pairs.
      { interfaceId: "eni-0b", verdict: "REFUSED_INBOUND", conversations: 3, records: 50, bytes: 150 },
      {
        interfaceId: "eni-0c",
        client: "10.0.1.5",
        server: "10.0.2.9",
        serverPort: 443,
        protocol: 6,
        verdict: "CONNECTED",
        conversations: 9,
        records: 90,
        bytes: 9e6,
      },
    ];
    const explained = said(rows);
    const data = judgedData(explained, words);
    expect(data.byAccount).toBe(false);
    expect(data.pairs).toEqual([
      {
        who: "eni-0a",
        client: "203.0.113.12",
        server: "10.0.1.5:22 (ssh)",
        verdict: "REFUSED_INBOUND",
        layer: words.layer("REFUSED_INBOUND", explained[0].layers),
        conversations: 12,
        records: 40,
        bytes: 2400,
        sentence: explained[0].sentence,
      },
      {
        who: "eni-0a",
        client: "10.0.1.5",
        server: "[2001:db8::1]:50000",
        verdict: "REFUSED_OUTBOUND",
        layer: words.layer("REFUSED_OUTBOUND", explained[1].layers),
        conversations: 1,
        records: 30,
        bytes: 60,
        sentence: explained[1].sentence,
      },
      expect.objectContaining({ who: "eni-0b", server: "198.51.100.4", records: 20 }),
      expect.objectContaining({ who: "eni-0b", server: "198.51.100.9", records: 10 }),
    ]);
    expect(data.refusedBy).toEqual([
      {
        who: "eni-0a",
        verdict: "REFUSED_INBOUND",
        layer: words.layer("REFUSED_INBOUND", explained[0].layers),
        conversations: 12,
        records: 40,
      },
      {
        who: "eni-0a",
        verdict: "REFUSED_OUTBOUND",
        layer: words.layer("REFUSED_OUTBOUND", explained[1].layers),
        conversations: 1,
        records: 30,
      },
      // eni-0b: its refused outbound (3 conversations) before its refused inbound (3 as well: the order they came).
      {
        who: "eni-0b",
        verdict: "REFUSED_OUTBOUND",
        layer: words.layer("REFUSED_OUTBOUND", explained[2].layers),
        conversations: 3,
        records: 30,
      },
      {
        who: "eni-0b",
        verdict: "REFUSED_INBOUND",
        layer: words.layer("REFUSED_INBOUND", explained[4].layers),
        conversations: 3,
        records: 50,
      },
    ]);
    expect(data.share).toEqual([
      { verdict: "REFUSED_INBOUND", conversations: 15, records: 90, percent: (100 * 15) / 28 },
      { verdict: "CONNECTED", conversations: 9, records: 90, percent: (100 * 9) / 28 },
      { verdict: "REFUSED_OUTBOUND", conversations: 4, records: 60, percent: (100 * 4) / 28 },
    ]);
  });

  test(`more refused pairs than ${TOP_PAIRS}: the ${TOP_PAIRS} with the most records`, () => {
    const rows: JudgedRow[] = Array.from({ length: TOP_PAIRS + 5 }, (_, i) => ({
      account: "111111111111",
      client: `203.0.113.${i}`,
      server: "10.0.1.5",
      serverPort: 22,
      protocol: 6,
      verdict: "REFUSED_INBOUND" as const,
      conversations: 1,
      records: (i * 7) % 16,
      bytes: 40,
    }));
    const data = judgedData(said(rows), words);
    expect(data.byAccount).toBe(true);
    expect(data.pairs.map((p) => p.records)).toEqual(
      rows
        .map((r) => r.records)
        .sort((a, b) => b - a)
        .slice(0, TOP_PAIRS),
    );
    expect(data.pairs.every((p) => p.who === "111111111111")).toBe(true);
  });

  test("no rows: nothing to draw, and no share divided by zero", () => {
    expect(judgedData([], words)).toEqual({ byAccount: false, refusedBy: [], pairs: [], share: [] });
    const zero = judgedData(said([{ interfaceId: "eni-0a", verdict: "CONNECTED", conversations: 0, records: 0, bytes: 0 }]), words);
    expect(zero.share).toEqual([{ verdict: "CONNECTED", conversations: 0, records: 0, percent: 0 }]);
    expect(judgedChartSpecs({ byAccount: false, refusedBy: [], pairs: [], share: [] }, REPORT_WORDS.en)).toEqual([]);
  });

  test("the charts: one per figure that has rows, titled and encoded in the page's words", () => {
    const rows: JudgedRow[] = [
      {
        account: "111111111111",
        client: "203.0.113.12",
        server: "10.0.1.5",
        serverPort: 22,
        protocol: 6,
        verdict: "REFUSED_INBOUND",
        conversations: 2,
        records: 4,
        bytes: 200,
      },
      { account: "222222222222", verdict: "CONNECTED", conversations: 6, records: 12, bytes: 900 },
    ];
    const data = judgedData(said(rows), words);
    const w = REPORT_WORDS.en;
    const specs = judgedChartSpecs(data, w);
    expect(specs.map((s) => [s.id, s.title])).toEqual([
      ["refused-by-layer", "Refused conversations by layer, per account"],
      ["refused-pairs", w.judged.pairs],
      ["verdict-share", w.judged.share],
    ]);
    const [byLayer, pairs, share] = specs.map(
      (s) => s.spec as unknown as { data: { values: unknown[] }; mark: string; encoding: Record<string, unknown> },
    );
    expect(byLayer.data.values).toEqual(data.refusedBy);
    expect(byLayer.mark).toBe("bar");
    expect(byLayer.encoding).toEqual({
      y: { field: "who", type: "nominal", title: w.judged.account },
      x: { field: "conversations", type: "quantitative", title: w.conversations },
      color: { field: "verdict", type: "nominal", title: w.verdicts.verdict },
    });
    expect(pairs.data.values).toEqual([{ pair: "1. 203.0.113.12 → 10.0.1.5:22 (ssh)", records: 4, verdict: "REFUSED_INBOUND" }]);
    expect(pairs.mark).toBe("bar");
    expect(pairs.encoding).toEqual({
      y: { field: "pair", type: "nominal", sort: "-x", title: w.topTalkers.pair },
      x: { field: "records", type: "quantitative", title: w.records },
      color: { field: "verdict", type: "nominal", title: w.verdicts.verdict },
    });
    expect(share.data.values).toEqual(data.share);
    expect(share.mark).toBe("bar");
    expect(share.encoding).toEqual({
      y: { field: "verdict", type: "nominal", sort: "-x", title: w.verdicts.verdict },
      x: { field: "percent", type: "quantitative", title: w.judged.percent },
    });
    // Per interface when the rows name no account.
    const perInterface = judgedData(
      said([{ interfaceId: "eni-0a", verdict: "REFUSED_INBOUND", conversations: 1, records: 1, bytes: 40 }]),
      words,
    );
    const [chart] = judgedChartSpecs(perInterface, w);
    expect(chart.title).toBe("Refused conversations by layer, per interface");
    expect((chart.spec as unknown as { encoding: { y: { title: string } } }).encoding.y.title).toBe(w.verdicts.interface);
  });
});
