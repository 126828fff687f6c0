/**
 * A conversation as a whole: what the explainer keeps of its records (counts, sums, its time,
 * the lines it cites) and its ends, checked as one object, with the records of both sides
 * interleaved, in either order, and a side's earliest record not read first.
 */
import { explainRecords, ExplainedConversation, type Explained } from "../../analysis/explain";
import { LINES_KEPT } from "../../analysis/explain/explained-conversation";
import { RecordFormat } from "../../constructs/records/record-format";

const ENI = "eni-0aaaaaaaaaaaaaaaa";
const CLIENT = "10.0.1.5";
const SERVER = "10.0.2.7";
const T0 = 1_700_000_000;

interface Rec {
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly packets: number;
  readonly bytes: number;
  readonly start: number;
  readonly end: number;
  readonly action?: "ACCEPT" | "REJECT";
  readonly protocol?: number;
}

const line = (r: Rec) =>
  `2 123456789012 ${ENI} ${r.src} ${r.dst} ${r.srcPort} ${r.dstPort} ${r.protocol ?? 6} ${r.packets} ${r.bytes} ${r.start} ${r.end} ${r.action ?? "ACCEPT"} OK`;

const conversationsOf = (out: Explained[]) => out.filter((e): e is ExplainedConversation => e.kind === "conversation");
const explain = (records: readonly Rec[]) =>
  conversationsOf(explainRecords(records.map(line), { format: RecordFormat.DEFAULT, language: "en" }));

const ask = (packets: number, bytes: number, start: number, end: number): Rec => ({
  src: CLIENT,
  dst: SERVER,
  srcPort: 40000,
  dstPort: 443,
  packets,
  bytes,
  start: T0 + start,
  end: T0 + end,
});
const answer = (packets: number, bytes: number, start: number, end: number): Rec => ({
  src: SERVER,
  dst: CLIENT,
  srcPort: 443,
  dstPort: 40000,
  packets,
  bytes,
  start: T0 + start,
  end: T0 + end,
});

describe("what a conversation keeps of its records", () => {
  // The reply's first window starts before the request's; the last window read is not the latest.
  const records = [
    ask(3, 180, 10, 70),
    answer(2, 1000, 0, 60),
    ask(1, 40, 70, 130),
    answer(5, 5000, 70, 250),
    ask(1, 40, 130, 190),
    answer(1, 40, 130, 190),
    ask(1, 40, 190, 240),
  ];

  test("its ends, counts, sums, time and the first lines of both sides", () => {
    const [c, ...others] = explain(records);
    expect(others).toEqual([]);
    expect(c).toMatchObject({
      interfaceId: ENI,
      protocol: "TCP",
      client: { address: CLIENT, port: 40000 },
      server: { address: SERVER, port: 443 },
      service: "https",
      direction: "unknown",
      verdict: "CONNECTED",
      layers: [],
      basis: "records",
      records: 7,
      packets: 14,
      bytes: 6340,
      start: T0,
      end: T0 + 250,
      lines: [1, 2, 3, 4, 5],
    });
  });

  test("the same, whichever side's records come first", () => {
    const reordered = [records[1], records[0], records[3], records[2], records[5], records[4], records[6]];
    const [c] = explain(reordered);
    expect(c).toMatchObject({ client: { address: CLIENT, port: 40000 }, records: 7, packets: 14, bytes: 6340, start: T0, end: T0 + 250 });
    expect(c.lines).toEqual([1, 2, 3, 4, 5]);
  });

  test(`a side of many records cites its first ${LINES_KEPT} lines, in order; the other side's lines between them`, () => {
    const many = Array.from({ length: 8 }, (_, i) => ask(1, 40, i * 10, i * 10 + 60));
    expect(explain(many)[0]).toMatchObject({ records: 8, packets: 8, bytes: 320, start: T0, end: T0 + 130, lines: [1, 2, 3, 4, 5] });
    // The reply's lines after the request's fifth: the request's first five and none of the reply's.
    const [c] = explain([...many, answer(1, 40, 0, 60)]);
    expect(c).toMatchObject({ records: 9, lines: [1, 2, 3, 4, 5] });
    // The reply read second: its line is among the first.
    const [d] = explain([many[0], answer(1, 40, 0, 60), ...many.slice(1)]);
    expect(d.lines).toEqual([1, 2, 3, 4, 5]);
    expect(d.records).toBe(9);
    // The higher end's side alone: its lines as read, not negated or lost.
    const replies = Array.from({ length: 3 }, (_, i) => answer(1, 40, i * 10, i * 10 + 60));
    expect(explain(replies)[0]).toMatchObject({ records: 3, lines: [1, 2, 3], start: T0, end: T0 + 80 });
  });

  test("a record that starts later but ends earlier keeps the conversation's end", () => {
    const [c] = explain([ask(1, 40, 0, 300), answer(1, 40, 10, 70)]);
    expect(c).toMatchObject({ start: T0, end: T0 + 300 });
  });

  test("two conversations of one interface apart by protocol, ports or peer", () => {
    const udp = { ...ask(1, 40, 0, 60), protocol: 17 };
    const otherPort = { ...ask(1, 40, 0, 60), srcPort: 40001 };
    const otherServerPort = { ...ask(1, 40, 0, 60), dstPort: 8443 };
    const otherPeer = { ...ask(1, 40, 0, 60), dst: "10.0.2.8" };
    const out = explain([ask(1, 40, 0, 60), udp, otherPort, otherServerPort, otherPeer]);
    expect(out.map((c) => [c.protocol, c.client.port, c.server.address, c.server.port, c.records])).toEqual([
      ["TCP", 40000, SERVER, 443, 1],
      ["UDP", 40000, SERVER, 443, 1],
      ["TCP", 40001, SERVER, 443, 1],
      ["TCP", 40000, SERVER, 8443, 1],
      ["TCP", 40000, "10.0.2.8", 443, 1],
    ]);
  });
});
