/**
 * How a conversation is bounded in time, defined once and held whatever the order records come
 * in: the records of one interface, protocol and pair of ends (either way), taken by their start,
 * form one conversation until a record starts more than SETTLE_SECONDS (the longest aggregation
 * interval and a minute) after the latest end of the records before it; that record begins the
 * next. The reference below is that sentence as code (the SQL over the archive computes the same
 * with window functions); the explainer must agree with it on records in time order, and on the
 * same records ordered by interface (as a synced folder or CloudWatch's streams give them).
 * Streaming, it judges a conversation once the records' time is past it, so an interface's record
 * that comes after other interfaces' records more than that gap later may begin a conversation
 * of its own (docs/explain-and-report.md says so).
 */
import fc from "fast-check";
import { explainRecords, ExplainedConversation } from "../../analysis/explain";
import { SETTLE_SECONDS } from "../../analysis/explain/conversations";
import { RecordFormat } from "../../constructs/records/record-format";

const FORMAT = RecordFormat.DEFAULT;
const T0 = 1_700_000_000;

interface Rec {
  readonly eni: string;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly start: number;
  readonly end: number;
  readonly action: "ACCEPT" | "REJECT";
}

const line = (r: Rec) => `2 123456789012 ${r.eni} ${r.src} ${r.dst} ${r.srcPort} ${r.dstPort} 6 3 180 ${r.start} ${r.end} ${r.action} OK`;

/** The definition: conversations per key, each key's records by start, a new one past the gap. */
function referenceCount(records: readonly Rec[]): number {
  const byKey = new Map<string, Rec[]>();
  for (const r of records) {
    const ends = [`${r.src}:${r.srcPort}`, `${r.dst}:${r.dstPort}`].sort().join(" ");
    const key = `${r.eni} 6 ${ends}`;
    byKey.set(key, [...(byKey.get(key) ?? []), r]);
  }
  let count = 0;
  for (const list of byKey.values()) {
    let latestEnd = -Infinity;
    for (const r of [...list].sort((a, b) => a.start - b.start)) {
      if (r.start > latestEnd + SETTLE_SECONDS) count++;
      latestEnd = Math.max(latestEnd, r.end);
    }
  }
  return count;
}

const conversationsOf = (records: readonly Rec[]) =>
  explainRecords(records.map(line), { format: FORMAT, language: "en" }).filter(
    (e): e is ExplainedConversation => e.kind === "conversation",
  );

/** A request and its reply, `minutes` after T0. */
function exchange(eni: string, client: string, server: string, port: number, minutes: number, action: Rec["action"] = "ACCEPT"): Rec[] {
  const start = T0 + minutes * 60;
  return [
    { eni, src: client, dst: server, srcPort: 40000, dstPort: port, start, end: start + 60, action },
    { eni, src: server, dst: client, srcPort: port, dstPort: 40000, start, end: start + 60, action },
  ];
}

describe("a conversation's bound in time", () => {
  test("twenty minutes apart, two conversations: alone, and with another interface's earlier records between them", () => {
    const a = "eni-0aaaaaaaaaaaaaaaa";
    const b = "eni-0bbbbbbbbbbbbbbbb";
    const first = exchange(b, "10.0.1.5", "10.0.2.7", 443, 0);
    const later = exchange(b, "10.0.1.5", "10.0.2.7", 443, 20);
    // Another interface's hour, read before b's second exchange: the order a file by interface gives.
    const other = Array.from({ length: 12 }, (_, i) => exchange(a, "10.0.1.9", "10.0.3.3", 5432, i * 5)).flat();
    expect(conversationsOf([...first, ...later])).toHaveLength(2);
    expect(conversationsOf([...other, ...first, ...later]).filter((c) => c.interfaceId === b)).toHaveLength(2);
    expect(conversationsOf([...first, ...other, ...later]).filter((c) => c.interfaceId === b)).toHaveLength(2);
    // Within the gap, one conversation, b's records before or after the other interface's.
    const soon = exchange(b, "10.0.1.5", "10.0.2.7", 443, 10);
    expect(conversationsOf([...other, ...first, ...soon]).filter((c) => c.interfaceId === b)).toHaveLength(1);
    expect(conversationsOf([...first, ...soon, ...other]).filter((c) => c.interfaceId === b)).toHaveLength(1);
  });

  test("the explainer's conversations are the definition's, in time order and ordered by interface", () => {
    const enis = ["eni-0aaaaaaaaaaaaaaaa", "eni-0bbbbbbbbbbbbbbbb", "eni-0cccccccccccccccc"];
    const exchangeArb = fc.record({
      eni: fc.constantFrom(...enis),
      server: fc.constantFrom("10.0.2.7", "10.0.2.8"),
      port: fc.constantFrom(443, 5432),
      // Gaps around the bound: most within, some just past, some far past.
      minute: fc.integer({ min: 0, max: 180 }),
      action: fc.constantFrom<Rec["action"]>("ACCEPT", "ACCEPT", "REJECT"),
    });
    fc.assert(
      fc.property(fc.array(exchangeArb, { minLength: 1, maxLength: 40 }), (exchanges) => {
        const records = exchanges.flatMap((x) => exchange(x.eni, "10.0.1.5", x.server, x.port, x.minute, x.action));
        const inTime = [...records].sort((x, y) => x.start - y.start);
        const byInterfaceInTime = enis
          .slice()
          .reverse()
          .flatMap((eni) => inTime.filter((r) => r.eni === eni));
        const expected = referenceCount(records);
        // Each conversation's key and size: the same in both orders, and as many as the definition gives.
        const spans = (list: Rec[]) =>
          conversationsOf(list)
            .map((c) => `${c.interfaceId} ${c.server?.address ?? ""} ${c.records}`)
            .sort();
        expect(spans(inTime)).toHaveLength(expected);
        expect(spans(byInterfaceInTime)).toEqual(spans(inTime));
      }),
      { numRuns: 150 },
    );
  });
});
