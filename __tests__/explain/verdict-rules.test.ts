/**
 * The judgment from records alone (constructs/records/verdicts.ts), case by case: which side is
 * the request, which way it crossed, and the verdict, each case written from what the records
 * mean rather than read back from the rule tables. Each rule has a case it decides and, for each
 * of its conditions, a case where only that condition fails and the answer differs, so a rule
 * that loses a condition, or names the wrong side or verdict, is caught here and not only through
 * a whole explanation.
 */
import {
  FACT_BIT,
  judgeSides,
  maskOf,
  REFUSED_VERDICTS,
  RECORDS_VERDICTS,
  termOf,
  VERDICT_LAYERS,
  type RecordsJudgment,
  type SideFact,
} from "../../constructs/records/verdicts";

/** A side's facts; a side with records always has `present`. */
const side = (...facts: SideFact[]): number => (["present", ...facts] as SideFact[]).reduce((bits, f) => bits | FACT_BIT[f], 0);
const NONE = 0;

type Case = readonly [what: string, low: number, high: number, expected: RecordsJudgment];

const judged = (request: RecordsJudgment["request"], direction: RecordsJudgment["direction"], verdict: RecordsJudgment["verdict"]) =>
  ({ request, direction, verdict }) as const;

/** Which side asked: a side's records alone, then flags, service ports, actions, time and ports. */
const REQUEST_CASES: Case[] = [
  [
    "a lone side from a service port is a reply",
    side("acceptedOnly", "fromService"),
    NONE,
    judged("neither", "unknown", "REQUEST_NOT_SEEN"),
  ],
  [
    "a lone side that answers an opening is a reply",
    side("acceptedOnly", "answersOpening"),
    NONE,
    judged("neither", "unknown", "REQUEST_NOT_SEEN"),
  ],
  ["a lone side of neither kind asked", side("acceptedOnly"), NONE, judged("low", "unknown", "REPLY_NOT_SEEN")],
  [
    "a lone higher side from a service port is a reply",
    NONE,
    side("acceptedOnly", "fromService"),
    judged("neither", "unknown", "REQUEST_NOT_SEEN"),
  ],
  [
    "a lone higher side that answers an opening is a reply",
    NONE,
    side("acceptedOnly", "answersOpening"),
    judged("neither", "unknown", "REQUEST_NOT_SEEN"),
  ],
  [
    "a lone higher side refused from a service port: a late reply or a scan",
    NONE,
    side("rejectedOnly", "fromService", "ingress"),
    judged("neither", "outbound", "LATE_REPLY_OR_SCAN"),
  ],
  [
    "a lone higher side that answers an opening went out",
    NONE,
    side("acceptedOnly", "answersOpening", "egress"),
    judged("neither", "inbound", "REQUEST_NOT_SEEN"),
  ],
  ["a lone higher side of neither kind asked", NONE, side("acceptedOnly"), judged("high", "unknown", "REPLY_NOT_SEEN")],
  // With both sides, a service port speaks only where the other side's port is not one.
  [
    "from a service port, facing a side that is not, the other side asked",
    side("acceptedOnly", "fromService"),
    side("acceptedOnly"),
    judged("high", "unknown", "CONNECTED"),
  ],
  [
    "the lower side opened, though the higher started first",
    side("acceptedOnly", "opens"),
    side("acceptedOnly", "startsFirst"),
    judged("low", "unknown", "CONNECTED"),
  ],
  [
    "the higher side answered an opening, though it started first",
    side("acceptedOnly"),
    side("acceptedOnly", "answersOpening", "startsFirst"),
    judged("low", "unknown", "CONNECTED"),
  ],
  [
    "both opened: the lower side's flags are read first",
    side("acceptedOnly", "opens"),
    side("acceptedOnly", "opens", "startsFirst"),
    judged("low", "unknown", "CONNECTED"),
  ],
  [
    "the higher side opened, though the lower started first",
    side("acceptedOnly", "startsFirst"),
    side("acceptedOnly", "opens"),
    judged("high", "unknown", "CONNECTED"),
  ],
  [
    "the lower side answered an opening, though it started first",
    side("acceptedOnly", "answersOpening", "startsFirst"),
    side("acceptedOnly"),
    judged("high", "unknown", "CONNECTED"),
  ],
  [
    "the higher side from a service port, the lower not",
    side("acceptedOnly"),
    side("acceptedOnly", "fromService", "startsFirst"),
    judged("low", "unknown", "CONNECTED"),
  ],
  [
    "the lower side from a service port, the higher not",
    side("acceptedOnly", "fromService", "startsFirst"),
    side("acceptedOnly"),
    judged("high", "unknown", "CONNECTED"),
  ],
  [
    "both from service ports: time decides (the higher first)",
    side("acceptedOnly", "fromService"),
    side("acceptedOnly", "fromService", "startsFirst"),
    judged("high", "unknown", "CONNECTED"),
  ],
  [
    "both from service ports: time decides (the lower first)",
    side("acceptedOnly", "fromService", "startsFirst"),
    side("acceptedOnly", "fromService"),
    judged("low", "unknown", "CONNECTED"),
  ],
  // A reply exists only if its request got through.
  [
    "accepted facing rejected: the accepted lower side asked",
    side("acceptedOnly"),
    side("rejectedOnly", "startsFirst"),
    judged("low", "unknown", "REPLY_REFUSED_BY_ACL"),
  ],
  [
    "accepted facing accepted: time decides",
    side("acceptedOnly"),
    side("acceptedOnly", "startsFirst"),
    judged("high", "unknown", "CONNECTED"),
  ],
  [
    "rejected facing rejected: time decides",
    side("rejectedOnly"),
    side("rejectedOnly", "startsFirst"),
    judged("high", "unknown", "REFUSED"),
  ],
  [
    "accepted facing rejected: the accepted higher side asked",
    side("rejectedOnly", "startsFirst"),
    side("acceptedOnly"),
    judged("high", "unknown", "REPLY_REFUSED_BY_ACL"),
  ],
  [
    "accepted facing accepted, the lower first",
    side("acceptedOnly", "startsFirst"),
    side("acceptedOnly"),
    judged("low", "unknown", "CONNECTED"),
  ],
  [
    "rejected facing rejected, the lower first",
    side("rejectedOnly", "startsFirst"),
    side("rejectedOnly"),
    judged("low", "unknown", "REFUSED"),
  ],
  [
    "the higher side started first",
    side("acceptedOnly", "toLowerPort"),
    side("acceptedOnly", "startsFirst"),
    judged("high", "unknown", "CONNECTED"),
  ],
  [
    "the same start: the side to the lower port asked",
    side("acceptedOnly", "toLowerPort"),
    side("acceptedOnly"),
    judged("low", "unknown", "CONNECTED"),
  ],
  ["the same start and ports: the higher side", side("acceptedOnly"), side("acceptedOnly"), judged("high", "unknown", "CONNECTED")],
];

/** Which way the request crossed the interface: its own records, or a lone reply's turned round. */
const DIRECTION_CASES: Case[] = [
  ["a request that came in", side("acceptedOnly", "ingress"), NONE, judged("low", "inbound", "REPLY_NOT_SEEN")],
  ["a request that went out", side("acceptedOnly", "egress"), NONE, judged("low", "outbound", "REPLY_NOT_SEEN")],
  [
    "a request seen both ways (in is read first)",
    side("acceptedOnly", "ingress", "egress"),
    NONE,
    judged("low", "inbound", "REPLY_NOT_SEEN"),
  ],
  [
    "a lone reply that came in answers a request that went out",
    side("acceptedOnly", "fromService", "ingress"),
    NONE,
    judged("neither", "outbound", "REQUEST_NOT_SEEN"),
  ],
  [
    "a lone reply that went out answers a request that came in",
    side("acceptedOnly", "fromService", "egress"),
    NONE,
    judged("neither", "inbound", "REQUEST_NOT_SEEN"),
  ],
  ["a lone reply of no known way", side("acceptedOnly", "fromService"), NONE, judged("neither", "unknown", "REQUEST_NOT_SEEN")],
  // A reply's way is read only when there is no request: a request of no known way stays unknown.
  [
    "a request of no known way, its reply in",
    side("acceptedOnly", "opens"),
    side("acceptedOnly", "answersOpening", "ingress"),
    judged("low", "unknown", "CONNECTED"),
  ],
  [
    "a request of no known way, its reply out",
    side("acceptedOnly", "opens"),
    side("acceptedOnly", "answersOpening", "egress"),
    judged("low", "unknown", "CONNECTED"),
  ],
  [
    "the request out, its reply in",
    side("acceptedOnly", "opens", "egress"),
    side("acceptedOnly", "answersOpening", "ingress"),
    judged("low", "outbound", "CONNECTED"),
  ],
  [
    "the higher side's request in",
    side("acceptedOnly", "egress"),
    side("acceptedOnly", "opens", "ingress"),
    judged("high", "inbound", "CONNECTED"),
  ],
];

/** The verdict: which layer the records leave open, by the request's direction where that matters. */
const VERDICT_CASES: Case[] = [
  [
    "a request refused by Block Public Access",
    side("rejectedOnly", "blockedByBpa", "ingress"),
    NONE,
    judged("low", "inbound", "REFUSED_BY_BLOCK_PUBLIC_ACCESS"),
  ],
  [
    "a reply refused by Block Public Access",
    side("acceptedOnly", "opens", "egress"),
    side("rejectedOnly", "blockedByBpa", "answersOpening"),
    judged("low", "outbound", "REFUSED_BY_BLOCK_PUBLIC_ACCESS"),
  ],
  [
    "a lone reply refused by Block Public Access",
    side("rejectedOnly", "blockedByBpa", "fromService"),
    NONE,
    judged("neither", "unknown", "REFUSED_BY_BLOCK_PUBLIC_ACCESS"),
  ],
  [
    "Block Public Access before mixed actions",
    side("mixedActions", "blockedByBpa", "ingress"),
    NONE,
    judged("low", "inbound", "REFUSED_BY_BLOCK_PUBLIC_ACCESS"),
  ],
  [
    "a request accepted in some windows and refused in others",
    side("mixedActions", "opens", "ingress"),
    side("acceptedOnly", "answersOpening"),
    judged("low", "inbound", "MIXED"),
  ],
  [
    "a reply accepted in some windows and refused in others",
    side("acceptedOnly", "opens", "ingress"),
    side("mixedActions", "answersOpening"),
    judged("low", "inbound", "MIXED"),
  ],
  ["a lone reply with mixed actions", side("mixedActions", "fromService"), NONE, judged("neither", "unknown", "MIXED")],
  [
    "a lone reply refused: a late reply or a scan",
    side("rejectedOnly", "fromService", "ingress"),
    NONE,
    judged("neither", "outbound", "LATE_REPLY_OR_SCAN"),
  ],
  [
    "a lone reply accepted: its request was not seen",
    side("acceptedOnly", "fromService", "ingress"),
    NONE,
    judged("neither", "outbound", "REQUEST_NOT_SEEN"),
  ],
  [
    "a refused request and a refused reply: the request was refused",
    side("rejectedOnly", "opens", "ingress"),
    side("rejectedOnly", "answersOpening"),
    judged("low", "inbound", "REFUSED_INBOUND"),
  ],
  [
    "a refused request and an accepted reply",
    side("rejectedOnly", "opens", "ingress"),
    side("acceptedOnly", "answersOpening"),
    judged("low", "inbound", "MIXED"),
  ],
  ["a request refused on the way in", side("rejectedOnly", "ingress"), NONE, judged("low", "inbound", "REFUSED_INBOUND")],
  ["a request refused on the way out", side("rejectedOnly", "egress"), NONE, judged("low", "outbound", "REFUSED_OUTBOUND")],
  ["a request refused, of no known way", side("rejectedOnly"), NONE, judged("low", "unknown", "REFUSED")],
  ["an accepted request with no reply", side("acceptedOnly", "opens", "ingress"), NONE, judged("low", "inbound", "REPLY_NOT_SEEN")],
  // Security groups let any reply of an allowed request through: a refused reply is the ACL's, on the reply's way.
  [
    "an inbound request's reply refused on the way out",
    side("acceptedOnly", "opens", "ingress"),
    side("rejectedOnly", "answersOpening"),
    judged("low", "inbound", "REPLY_REFUSED_BY_ACL_OUTBOUND"),
  ],
  [
    "an outbound request's reply refused on the way in",
    side("acceptedOnly", "opens", "egress"),
    side("rejectedOnly", "answersOpening"),
    judged("low", "outbound", "REPLY_REFUSED_BY_ACL_INBOUND"),
  ],
  [
    "a request's reply refused, of no known way",
    side("acceptedOnly", "opens"),
    side("rejectedOnly", "answersOpening"),
    judged("low", "unknown", "REPLY_REFUSED_BY_ACL"),
  ],
  [
    "the server reset the connection",
    side("acceptedOnly", "opens", "ingress"),
    side("acceptedOnly", "answersOpening", "resets"),
    judged("low", "inbound", "HOST_RESET"),
  ],
  [
    "the server reset a connection with no opening seen",
    side("acceptedOnly", "ingress"),
    side("acceptedOnly", "fromService", "resets"),
    judged("low", "inbound", "HOST_RESET"),
  ],
  [
    "the client's own reset is not the host's",
    side("acceptedOnly", "opens", "resets", "ingress"),
    side("acceptedOnly", "answersOpening"),
    judged("low", "inbound", "CONNECTED"),
  ],
  [
    "a refused reply before a reset",
    side("acceptedOnly", "opens", "ingress"),
    side("rejectedOnly", "answersOpening", "resets"),
    judged("low", "inbound", "REPLY_REFUSED_BY_ACL_OUTBOUND"),
  ],
  [
    "both sides accepted",
    side("acceptedOnly", "opens", "ingress"),
    side("acceptedOnly", "answersOpening"),
    judged("low", "inbound", "CONNECTED"),
  ],
];

describe("the judgment from records alone", () => {
  test.each(REQUEST_CASES)("request: %s", (_what, low, high, expected) => {
    expect(judgeSides(low, high)).toEqual(expected);
  });
  test.each(DIRECTION_CASES)("direction: %s", (_what, low, high, expected) => {
    expect(judgeSides(low, high)).toEqual(expected);
  });
  test.each(VERDICT_CASES)("verdict: %s", (_what, low, high, expected) => {
    expect(judgeSides(low, high)).toEqual(expected);
  });

  test("the cases reach every verdict records can give", () => {
    const reached = new Set([...REQUEST_CASES, ...DIRECTION_CASES, ...VERDICT_CASES].map(([, , , e]) => e.verdict));
    expect([...RECORDS_VERDICTS].filter((v) => !reached.has(v))).toEqual([]);
  });

  test("a side's facts past the verdict's do not change the verdict", () => {
    // opens, answersOpening, fromService, startsFirst and toLowerPort only tell the request from the reply.
    const bare = judgeSides(side("acceptedOnly", "ingress"), NONE);
    for (const extra of ["startsFirst", "toLowerPort"] as const) {
      expect(judgeSides(side("acceptedOnly", "ingress", extra), NONE)).toEqual(bare);
    }
  });
});

describe("the layers each verdict leaves open", () => {
  test("without and with Block Public Access possible", () => {
    const rules = ["security-group", "network-acl"];
    const acl = ["network-acl"];
    const bpa = ["block-public-access"];
    const expected: Record<string, string[][]> = Object.fromEntries(RECORDS_VERDICTS.map((v) => [v, [[], []]]));
    for (const v of ["REFUSED_INBOUND", "REFUSED_OUTBOUND", "REFUSED"]) expected[v] = [rules, [...rules, ...bpa]];
    for (const v of ["REPLY_REFUSED_BY_ACL_INBOUND", "REPLY_REFUSED_BY_ACL_OUTBOUND", "REPLY_REFUSED_BY_ACL"])
      expected[v] = [acl, [...acl, ...bpa]];
    expected.REFUSED_BY_BLOCK_PUBLIC_ACCESS = [bpa, bpa];
    expect(VERDICT_LAYERS).toEqual(expected);
  });

  test("what counts as refused: every verdict that names a layer, and a refused lone reply", () => {
    expect([...REFUSED_VERDICTS].sort()).toEqual(
      [
        "LATE_REPLY_OR_SCAN",
        "REFUSED",
        "REFUSED_BY_BLOCK_PUBLIC_ACCESS",
        "REFUSED_INBOUND",
        "REFUSED_OUTBOUND",
        "REPLY_REFUSED_BY_ACL",
        "REPLY_REFUSED_BY_ACL_INBOUND",
        "REPLY_REFUSED_BY_ACL_OUTBOUND",
      ].sort(),
    );
    for (const v of RECORDS_VERDICTS) {
      if (VERDICT_LAYERS[v][1].length > 0) expect(REFUSED_VERDICTS).toContain(v);
    }
  });
});

describe("conditions as masks", () => {
  test("a condition taken apart", () => {
    expect(termOf("no low")).toEqual({ side: "low", fact: "present", holds: false });
    expect(termOf("!high.fromService")).toEqual({ side: "high", fact: "fromService", holds: false });
    expect(termOf("low.opens")).toEqual({ side: "low", fact: "opens", holds: true });
  });

  test("each fact has a bit of its own", () => {
    const bits = Object.values(FACT_BIT);
    expect(new Set(bits).size).toBe(bits.length);
    for (const b of bits) expect(Math.log2(b) % 1).toBe(0);
    expect(FACT_BIT.present).toBe(1);
  });

  test("a mask and value: what must hold, what must not, each side at its shift", () => {
    const shift = { a: 0, b: 8 };
    expect(maskOf<"a" | "b">(["a.acceptedOnly", "!b.rejectedOnly", "no b"], shift)).toEqual({
      mask: FACT_BIT.acceptedOnly | (FACT_BIT.rejectedOnly << 8) | (FACT_BIT.present << 8),
      value: FACT_BIT.acceptedOnly,
    });
    expect(maskOf([], shift)).toEqual({ mask: 0, value: 0 });
  });

  test("a condition that names no side or fact of the rules is refused, naming it", () => {
    expect(() => maskOf(["a.opened" as never], { a: 0 })).toThrow("condition a.opened names no side or fact a rule here reads");
    expect(() => maskOf(["b.opens"], { a: 0 } as never)).toThrow("condition b.opens names no side or fact a rule here reads");
    expect(() => maskOf(["no b"], { a: 0 } as never)).toThrow("condition b.present names no side or fact a rule here reads");
  });

  test("a fact past what a rule reads is refused, naming it", () => {
    expect(() => maskOf(["a.opens"], { a: 0 }, 8)).toThrow("fact a.opens is not among the first 8 a rule here reads");
    expect(maskOf(["a.egress"], { a: 0 }, 8)).toEqual({ mask: FACT_BIT.egress, value: FACT_BIT.egress });
  });

  test("a fact past the 30 bits a mask holds is refused, naming it", () => {
    // egress is bit 7: shifted by 22 it is bit 29, the last a mask holds.
    expect(maskOf(["a.egress"], { a: 22 })).toEqual({ mask: 2 ** 29, value: 2 ** 29 });
    expect(() => maskOf(["a.egress"], { a: 23 })).toThrow("fact a.egress is past the 30 bits a mask holds");
  });
});
