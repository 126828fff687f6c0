/**
 * What the explainer reads of a conversation's records before the rules of the records'
 * judgment (verdict-rules.test.ts) decide: each side's actions, flags, first start and ports,
 * the records it cannot place, the ends it names, the view's choice, when a conversation is
 * judged, and whether Block Public Access stays open by the request's way and the peer.
 */
import {
  explainRecords,
  ExplainedConversation,
  RecordExplainer,
  recordView,
  type Explained,
  type ExplainOptions,
} from "../../analysis/explain";
import { RecordFormat } from "../../constructs/records/record-format";
import { recordLine, type FlowRecord } from "../support/flow-records";

const ENI = "eni-0aaaaaaaaaaaaaaaa";
const T0 = 1_700_000_000;
const DEFAULT = RecordFormat.DEFAULT;
/** The default fields, then the TCP flags and the way each record crossed the interface. */
const FLAGGED = RecordFormat.parse([...DEFAULT.fields, "tcp-flags", "flow-direction"].join(" "));

interface Rec {
  readonly src: string;
  readonly dst: string;
  readonly sp: number;
  readonly dp: number;
  readonly start?: number;
  readonly end?: number;
  readonly action?: string;
  readonly protocol?: number;
  readonly flags?: number;
  readonly way?: "ingress" | "egress";
}

/** A record as its fields' values: the flags and the way only where given, `-` in a format that has them. */
const fieldsOf = (r: Rec): FlowRecord => ({
  version: "2",
  "account-id": "123456789012",
  "interface-id": ENI,
  srcaddr: r.src,
  dstaddr: r.dst,
  srcport: String(r.sp),
  dstport: String(r.dp),
  protocol: String(r.protocol ?? 6),
  packets: "2",
  bytes: "120",
  start: String(T0 + (r.start ?? 0)),
  end: String(T0 + (r.end ?? (r.start ?? 0) + 60)),
  action: r.action ?? "ACCEPT",
  "log-status": "OK",
  ...(r.flags !== undefined ? { "tcp-flags": String(r.flags) } : {}),
  ...(r.way !== undefined ? { "flow-direction": r.way } : {}),
});
const line = (r: Rec, format: RecordFormat = DEFAULT) => recordLine(format, fieldsOf(r));

const conversations = (out: Explained[]) => out.filter((e): e is ExplainedConversation => e.kind === "conversation");
function explain(records: readonly Rec[], options: Partial<ExplainOptions> = {}): ExplainedConversation[] {
  const format = records.some((r) => r.flags !== undefined || r.way !== undefined) ? FLAGGED : DEFAULT;
  return conversations(
    explainRecords(
      records.map((r) => line(r, format)),
      { format, language: "en", ...options },
    ),
  );
}
const ends = (c: ExplainedConversation) => `${c.client.address}:${c.client.port} → ${c.server.address}:${c.server.port}`;

const LOW = "10.0.1.5";
const HIGH = "10.0.2.7";

describe("which side asked, from what the records of each side show", () => {
  test.each<[string, Rec[], string, string]>([
    [
      "neither port a service's: the side that started first",
      [
        { src: LOW, dst: HIGH, sp: 50000, dp: 50001, start: 10 },
        { src: HIGH, dst: LOW, sp: 50001, dp: 50000, start: 0 },
      ],
      `${HIGH}:50001 → ${LOW}:50000`,
      "CONNECTED",
    ],
    [
      "the same start: the side sent to the lower port",
      [
        { src: LOW, dst: HIGH, sp: 50000, dp: 50001 },
        { src: HIGH, dst: LOW, sp: 50001, dp: 50000 },
      ],
      `${HIGH}:50001 → ${LOW}:50000`,
      "CONNECTED",
    ],
    [
      "the same start and ports: the lower address",
      [
        { src: HIGH, dst: LOW, sp: 50000, dp: 50000 },
        { src: LOW, dst: HIGH, sp: 50000, dp: 50000 },
      ],
      `${LOW}:50000 → ${HIGH}:50000`,
      "CONNECTED",
    ],
    [
      "a SYN, answered by a reset from a side that started first",
      [
        { src: LOW, dst: HIGH, sp: 50000, dp: 50001, start: 10, flags: 2 },
        { src: HIGH, dst: LOW, sp: 50001, dp: 50000, start: 0, flags: 4 },
      ],
      `${LOW}:50000 → ${HIGH}:50001`,
      "HOST_RESET",
    ],
    [
      "a reset in a reply that also carried SYN and ACK is not the host's reset",
      [
        { src: LOW, dst: HIGH, sp: 40000, dp: 443, flags: 2 },
        { src: HIGH, dst: LOW, sp: 443, dp: 40000, flags: 22 },
      ],
      `${LOW}:40000 → ${HIGH}:443`,
      "CONNECTED",
    ],
    [
      "both ends at one address: the ports tell the sides apart",
      [
        { src: LOW, dst: LOW, sp: 40000, dp: 443 },
        { src: LOW, dst: LOW, sp: 443, dp: 40000 },
      ],
      `${LOW}:40000 → ${LOW}:443`,
      "CONNECTED",
    ],
  ])("%s", (_what, records, expectedEnds, verdict) => {
    for (const order of [records, [...records].reverse()]) {
      const [c, ...others] = explain(order);
      expect(others).toEqual([]);
      expect([ends(c), c.verdict]).toEqual([expectedEnds, verdict]);
    }
  });

  test.each<[string, Rec[], string]>([
    [
      "accepted in one window and rejected in another",
      [
        { src: LOW, dst: HIGH, sp: 40000, dp: 443 },
        { src: LOW, dst: HIGH, sp: 40000, dp: 443, start: 60, action: "REJECT" },
      ],
      "MIXED",
    ],
    [
      "accepted in one window, an action of no known word in another",
      [
        { src: LOW, dst: HIGH, sp: 40000, dp: 443 },
        { src: LOW, dst: HIGH, sp: 40000, dp: 443, start: 60, action: "DROPPED" },
      ],
      "MIXED",
    ],
    [
      "an action of no known word alone: neither accepted nor refused",
      [{ src: LOW, dst: HIGH, sp: 40000, dp: 443, action: "DROPPED" }],
      "REPLY_NOT_SEEN",
    ],
    [
      "a request and its reply both rejected: the request was refused",
      [
        { src: LOW, dst: HIGH, sp: 40000, dp: 443, action: "REJECT" },
        { src: HIGH, dst: LOW, sp: 443, dp: 40000, action: "REJECT" },
      ],
      "REFUSED",
    ],
  ])("actions: %s", (_what, records, verdict) => {
    expect(explain(records).map((c) => c.verdict)).toEqual([verdict]);
  });
});

describe("the ends a conversation names", () => {
  test("a protocol with no name is named by its number, and a server port with no service by its number", () => {
    const [other] = explain([{ src: LOW, dst: HIGH, sp: 0, dp: 0, protocol: 99 }]);
    expect([other.protocol, other.service]).toEqual(["protocol 99", "protocol 99"]);
    const [tcp] = explain([{ src: LOW, dst: HIGH, sp: 40000, dp: 8500 }]);
    expect([tcp.protocol, tcp.service]).toEqual(["TCP", "8500"]);
  });

  test("ports are written when either end has one, and not for ICMP", () => {
    const [portless] = explain([{ src: LOW, dst: HIGH, sp: 0, dp: 0, protocol: 1 }]);
    expect(portless.sentence).toContain(`${LOW} → ${HIGH}`);
    const [noClientPort] = explain([{ src: LOW, dst: HIGH, sp: 0, dp: 80 }]);
    expect(noClientPort.sentence).toContain(`${HIGH}:80`);
    const [noServerPort] = explain([{ src: LOW, dst: HIGH, sp: 40000, dp: 0 }]);
    expect(noServerPort.sentence).toContain(`${LOW}:40000`);
  });

  test("a SYN with no SYN-ACK is said to be unanswered only when it was accepted", () => {
    const unanswered = "The client sent SYN and no SYN-ACK is in these records";
    const [accepted] = explain([{ src: LOW, dst: HIGH, sp: 40000, dp: 443, flags: 2 }]);
    expect([accepted.verdict, accepted.sentence.includes(unanswered)]).toEqual(["REPLY_NOT_SEEN", true]);
    const [refused] = explain([{ src: LOW, dst: HIGH, sp: 40000, dp: 443, flags: 2, action: "REJECT" }]);
    expect([refused.verdict, refused.sentence.includes(unanswered)]).toEqual(["REFUSED", false]);
    const [established] = explain([{ src: LOW, dst: HIGH, sp: 40000, dp: 443, flags: 19 }]);
    expect(established.sentence).not.toContain(unanswered);
  });
});

describe("records a conversation cannot be made of", () => {
  test.each(["interface-id", "srcaddr", "dstaddr", "protocol", "action"])(
    "a format without %s: every record counted, the field named",
    (field) => {
      const format = RecordFormat.parse(DEFAULT.fields.filter((f) => f !== field).join(" "));
      const lines = [line({ src: LOW, dst: HIGH, sp: 40000, dp: 443 }, format), line({ src: HIGH, dst: LOW, sp: 443, dp: 40000 }, format)];
      const explainer = new RecordExplainer({ format, language: "en" });
      const out: Explained[] = [];
      lines.forEach((l, i) => explainer.read(l, i + 1, undefined, undefined, out));
      explainer.finish(out);
      expect(conversations(out)).toEqual([]);
      expect(explainer.unjudged).toEqual({ records: 2, missing: [field] });
    },
  );
});

describe("what the view shows, from the conversation's own time and actions", () => {
  // A reply alone (its request not seen), from the higher end, ten minutes in.
  const lateReply: Rec = { src: HIGH, dst: LOW, sp: 443, dp: 40000, start: 600, end: 660 };
  test.each<[string, Rec[], Parameters<typeof recordView>[0], number]>([
    ["a lone reply that starts after --until is not shown", [lateReply], { until: T0 + 300 }, 0],
    ["a lone reply that starts before --until is shown", [lateReply], { until: T0 + 630 }, 1],
    ["a lone reply that ended before --since is not shown", [lateReply], { since: T0 + 700 }, 0],
    [
      "--action REJECT shows a conversation whose reply alone was rejected",
      [
        { src: LOW, dst: HIGH, sp: 40000, dp: 443 },
        { src: HIGH, dst: LOW, sp: 443, dp: 40000, action: "REJECT" },
      ],
      { action: "REJECT" },
      1,
    ],
    [
      "--action REJECT leaves out a conversation accepted both ways",
      [
        { src: LOW, dst: HIGH, sp: 40000, dp: 443 },
        { src: HIGH, dst: LOW, sp: 443, dp: 40000 },
      ],
      { action: "REJECT" },
      0,
    ],
    [
      "--action ACCEPT shows one whose reply alone was accepted",
      [
        { src: LOW, dst: HIGH, sp: 40000, dp: 443, action: "REJECT" },
        { src: HIGH, dst: LOW, sp: 443, dp: 40000 },
      ],
      { action: "ACCEPT" },
      1,
    ],
  ])("%s", (_what, records, view, shown) => {
    expect(explain(records, { view: recordView(view) })).toHaveLength(shown);
  });
});

describe("when a conversation is judged", () => {
  test("a conversation whose last record grew its end stays open to a record within the gap of that end", () => {
    const records: Rec[] = [
      { src: LOW, dst: HIGH, sp: 40000, dp: 443, start: 0, end: 60 },
      { src: LOW, dst: HIGH, sp: 40000, dp: 443, start: 30, end: 100 },
      // 660 s after the grown end: still this conversation.
      { src: LOW, dst: HIGH, sp: 40000, dp: 443, start: 760, end: 820 },
    ];
    expect(explain(records).map((c) => c.records)).toEqual([3]);
    // A second later, past the gap: the next conversation.
    expect(explain([...records.slice(0, 2), { ...records[2], start: 761 }]).map((c) => c.records)).toEqual([2, 1]);
  });

  test("a conversation is judged as soon as the records' time is past its gap, before the later records", () => {
    const out = explainRecords(
      [
        line({ src: LOW, dst: HIGH, sp: 40000, dp: 443, start: 0, end: 60 }),
        line({ src: LOW, dst: "10.0.2.8", sp: 40000, dp: 443, start: 721 }),
      ],
      { format: DEFAULT, language: "en" },
    );
    expect(out.map((e) => (e.kind === "conversation" ? `conversation with ${e.server.address}` : e.kind))).toEqual([
      "record",
      `conversation with ${HIGH}`,
      "record",
      "conversation with 10.0.2.8",
    ]);
  });
});

describe("Block Public Access, left open by the request's way and the peer's address", () => {
  const WEB = "10.0.1.5";
  const PUBLIC = "203.0.113.12";
  const PRIVATE_PEER = "10.0.3.3";
  test.each<[string, Rec, ExplainOptions["interfaceAddresses"] | undefined, readonly string[]]>([
    [
      "in from a public client",
      { src: PUBLIC, dst: WEB, sp: 50000, dp: 22, action: "REJECT", way: "ingress" },
      undefined,
      ["security-group", "network-acl", "block-public-access"],
    ],
    [
      "in from a private client",
      { src: PRIVATE_PEER, dst: WEB, sp: 50000, dp: 22, action: "REJECT", way: "ingress" },
      undefined,
      ["security-group", "network-acl"],
    ],
    [
      "out to a public server",
      { src: WEB, dst: PUBLIC, sp: 50000, dp: 443, action: "REJECT", way: "egress" },
      undefined,
      ["security-group", "network-acl", "block-public-access"],
    ],
    [
      "out to a private server",
      { src: WEB, dst: PRIVATE_PEER, sp: 50000, dp: 443, action: "REJECT", way: "egress" },
      undefined,
      ["security-group", "network-acl"],
    ],
    [
      "of no known way, a public client",
      { src: PUBLIC, dst: WEB, sp: 50000, dp: 22, action: "REJECT" },
      new Map([[ENI, ["10.0.9.9"]]]),
      ["security-group", "network-acl", "block-public-access"],
    ],
    [
      "of no known way, a public server",
      { src: WEB, dst: PUBLIC, sp: 50000, dp: 443, action: "REJECT" },
      new Map([[ENI, ["10.0.9.9"]]]),
      ["security-group", "network-acl", "block-public-access"],
    ],
    [
      "of no known way, both ends private",
      { src: PRIVATE_PEER, dst: WEB, sp: 50000, dp: 22, action: "REJECT" },
      new Map([[ENI, ["10.0.9.9"]]]),
      ["security-group", "network-acl"],
    ],
  ])("a request refused %s", (_what, record, interfaceAddresses, layers) => {
    const [c] = explain([record], interfaceAddresses ? { interfaceAddresses } : {});
    expect(c.layers).toEqual(layers);
  });
});
