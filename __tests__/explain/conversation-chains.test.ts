/**
 * Open conversations are found by a hash of their interface, protocol and ends; equal hashes
 * share a chain and are told apart by those values. With every hash made equal, every record
 * meets every open conversation of the chain, and every conversation closes out of the chain's
 * middle, head or tail: the explanations must be those of the real hash, and nothing judged may
 * stay held.
 */
import { explainRecords, ExplainedConversation, RecordExplainer, type Explained } from "../../analysis/explain";
import { RecordFormat } from "../../constructs/records/record-format";

const mockHash = { collide: false };
jest.mock("../../analysis/explain/tuple-hash", () => {
  const actual = jest.requireActual<typeof import("../../analysis/explain/tuple-hash")>("../../analysis/explain/tuple-hash");
  return { tupleHash: (...args: Parameters<typeof actual.tupleHash>) => (mockHash.collide ? 7 : actual.tupleHash(...args)) };
});

const A = "eni-0aaaaaaaaaaaaaaaa";
const B = "eni-0bbbbbbbbbbbbbbbb";
const T0 = 1_700_000_000;

const rec = (
  eni: string,
  src: string,
  dst: string,
  sp: number,
  dp: number,
  protocol: number,
  start: number,
  end = start + 60,
  action = "ACCEPT",
) => `2 123456789012 ${eni} ${src} ${dst} ${sp} ${dp} ${protocol} 2 120 ${T0 + start} ${T0 + end} ${action} OK`;

/** Conversations that differ in one value each, ending at different times, read interleaved. */
const LINES = [
  rec(A, "10.0.1.5", "10.0.2.7", 40000, 443, 6, 0, 600),
  rec(A, "10.0.1.5", "10.0.2.7", 40000, 443, 17, 0, 60),
  rec(A, "10.0.1.5", "10.0.2.7", 40001, 443, 6, 10, 300),
  rec(A, "10.0.1.5", "10.0.2.7", 40000, 8443, 6, 10, 70),
  rec(A, "10.0.1.6", "10.0.2.7", 40000, 443, 6, 20, 900),
  rec(A, "10.0.1.5", "10.0.2.8", 40000, 443, 6, 20, 80),
  rec(B, "10.0.1.5", "10.0.2.7", 40000, 443, 6, 30, 90, "REJECT"),
  // Replies, each to its own conversation.
  rec(A, "10.0.2.7", "10.0.1.5", 443, 40000, 6, 40, 620),
  rec(A, "10.0.2.7", "10.0.1.5", 443, 40001, 6, 40, 310),
  rec(A, "10.0.2.8", "10.0.1.5", 443, 40000, 6, 40, 100),
  // Twenty minutes on: the first conversations are over; two of their tuples begin again.
  rec(A, "10.0.1.5", "10.0.2.7", 40000, 443, 17, 1500),
  rec(B, "10.0.1.5", "10.0.2.7", 40000, 443, 6, 1510, 1570, "REJECT"),
  rec(A, "10.0.1.5", "10.0.2.7", 40001, 443, 6, 2400),
];

const conversations = (out: Explained[]) => out.filter((e): e is ExplainedConversation => e.kind === "conversation");
const shown = (c: ExplainedConversation) =>
  [
    c.interfaceId,
    c.protocol,
    `${c.client.address}:${c.client.port}`,
    `${c.server.address}:${c.server.port}`,
    c.verdict,
    c.records,
    c.start - T0,
    c.end - T0,
    c.lines.join(","),
    c.sentence,
  ].join(" | ");

function explained(collide: boolean): string[] {
  mockHash.collide = collide;
  try {
    return conversations(explainRecords(LINES, { format: RecordFormat.DEFAULT, language: "en" })).map(shown);
  } finally {
    mockHash.collide = false;
  }
}

describe("conversations whose hashes are equal", () => {
  test("are told apart by interface, protocol, addresses and ports: the explanations of the real hash", () => {
    const real = explained(false);
    expect(real.map((c) => c.split(" | ").slice(0, 6).join(" "))).toEqual([
      `${A} UDP 10.0.1.5:40000 10.0.2.7:443 REPLY_NOT_SEEN 1`,
      `${A} TCP 10.0.1.5:40000 10.0.2.7:8443 REPLY_NOT_SEEN 1`,
      `${A} TCP 10.0.1.5:40000 10.0.2.8:443 CONNECTED 2`,
      `${B} TCP 10.0.1.5:40000 10.0.2.7:443 REFUSED 1`,
      `${A} TCP 10.0.1.5:40001 10.0.2.7:443 CONNECTED 2`,
      `${A} TCP 10.0.1.5:40000 10.0.2.7:443 CONNECTED 2`,
      `${A} TCP 10.0.1.6:40000 10.0.2.7:443 REPLY_NOT_SEEN 1`,
      `${A} UDP 10.0.1.5:40000 10.0.2.7:443 REPLY_NOT_SEEN 1`,
      `${B} TCP 10.0.1.5:40000 10.0.2.7:443 REFUSED 1`,
      `${A} TCP 10.0.1.5:40001 10.0.2.7:443 REPLY_NOT_SEEN 1`,
    ]);
    expect(explained(true)).toEqual(real);
  });

  test.each([false, true])("nothing judged stays open (every hash equal: %s)", (collide) => {
    mockHash.collide = collide;
    try {
      const explainer = new RecordExplainer({ format: RecordFormat.DEFAULT, language: "en" });
      const out: Explained[] = [];
      const open: number[] = [];
      LINES.forEach((line, i) => {
        explainer.read(line, i + 1, undefined, undefined, out);
        open.push(explainer.openConversations);
      });
      // Several conversations open at once (records wait briefly to learn the interface's address);
      // forty minutes on, those of the first minutes are judged and let go.
      expect(Math.max(...open)).toBeGreaterThanOrEqual(5);
      expect(open[open.length - 1]).toBeLessThanOrEqual(1);
      explainer.finish(out);
      expect(explainer.openConversations).toBe(0);
      expect(conversations(out)).toHaveLength(10);
    } finally {
      mockHash.collide = false;
    }
  });
});
