/**
 * The judgment of a conversation from its records alone, declared once: which side is the
 * request, and the verdict. The explainer (analysis/explain/conversations.ts) evaluates these
 * rules on each conversation it closes, and the Athena queries (athena/verdict-queries.ts) are
 * written from the same rules, so that both engines say the same of the same records. What
 * needs rule files (which security group or ACL entry) stays the explainer's.
 *
 * A conversation is one interface's records of one protocol between two ends, either way. Its
 * two sides are named by their ends: `low` is the side sent from the lower end (by address, then
 * port), `high` the other. Each side is described by {@link SIDE_FACTS}; a side with no record
 * has none of them.
 */

/**
 * Seconds of silence that end a conversation: a record that starts more than this after every
 * earlier record of its ends has ended begins the next one. The longest aggregation interval
 * (600 s) and a minute of lateness; the explainer and the queries draw the same bound.
 */
export const CONVERSATION_GAP_SECONDS = 660;

/** What the judgment knows of one side of a conversation, as yes or no. */
export const SIDE_FACTS = [
  // Read by every rule (the verdict's and the direction's read these only, the first VERDICT_FACTS):
  /** The side has records. */
  "present",
  /** Its records were accepted, none rejected. */
  "acceptedOnly",
  /** Its records were rejected, none accepted. */
  "rejectedOnly",
  /** Its records have more than one action (accepted in some windows, rejected in others). */
  "mixedActions",
  /** One of its rejected records gives VPC Block Public Access as the reason. */
  "blockedByBpa",
  /** Its flags, OR-ed over its records, have RST and no SYN: the host reset the connection. */
  "resets",
  /** One of its records crossed the interface inbound (its destination is the interface's own address). */
  "ingress",
  /** One of its records crossed the interface outbound. */
  "egress",
  // Read only to tell the request from the reply:
  /** Its flags have SYN and no ACK: it opened a connection. */
  "opens",
  /** Its flags have SYN and ACK: it answered an opening. */
  "answersOpening",
  /** It was sent from a service port to a port that is not one: a reply, by its ports. */
  "fromService",
  /** Its first window started before the other side's. */
  "startsFirst",
  /** Its destination port is not above the other side's. */
  "toLowerPort",
] as const;

export type SideFact = (typeof SIDE_FACTS)[number];

/** How many of {@link SIDE_FACTS}, from the first, the verdict and direction rules read. */
export const VERDICT_FACTS = 8;

/** A condition on a fact of a side, or that a side has no record (`no low`), or its negation (`!low.fromService`). */
export type RuleCondition<Side extends string> = `${"" | "!"}${Side}.${SideFact}` | `no ${Side}`;

/** Which side is the request: the first rule whose conditions all hold decides. */
export interface RequestRule {
  readonly when: readonly RuleCondition<"low" | "high">[];
  /** The side that is the request; `neither` where the only side is a reply. */
  readonly request: "low" | "high" | "neither";
}

/**
 * Which side is the request: flags, then service ports, then which was accepted, then time,
 * then the lower destination port. A lone side is the request unless its ports or flags say it
 * is a reply.
 */
export const REQUEST_RULES: readonly RequestRule[] = [
  { when: ["no high", "low.fromService"], request: "neither" },
  { when: ["no high", "low.answersOpening"], request: "neither" },
  { when: ["no high"], request: "low" },
  { when: ["no low", "high.fromService"], request: "neither" },
  { when: ["no low", "high.answersOpening"], request: "neither" },
  { when: ["no low"], request: "high" },
  { when: ["low.opens"], request: "low" },
  { when: ["high.answersOpening"], request: "low" },
  { when: ["high.opens"], request: "high" },
  { when: ["low.answersOpening"], request: "high" },
  { when: ["high.fromService", "!low.fromService"], request: "low" },
  { when: ["low.fromService", "!high.fromService"], request: "high" },
  // A reply exists only if its request got through: an accepted side facing a rejected one is the request.
  { when: ["low.acceptedOnly", "high.rejectedOnly"], request: "low" },
  { when: ["high.acceptedOnly", "low.rejectedOnly"], request: "high" },
  { when: ["low.startsFirst"], request: "low" },
  { when: ["high.startsFirst"], request: "high" },
  { when: ["low.toLowerPort"], request: "low" },
  { when: [], request: "high" },
];

/** The way a conversation's request crossed the interface, as seen from the interface. */
export type RequestDirection = "inbound" | "outbound" | "unknown";

/** The verdicts records alone can give. */
export const RECORDS_VERDICTS = [
  "CONNECTED",
  "HOST_RESET",
  "REFUSED_INBOUND",
  "REFUSED_OUTBOUND",
  "REFUSED",
  "REPLY_REFUSED_BY_ACL_INBOUND",
  "REPLY_REFUSED_BY_ACL_OUTBOUND",
  "REPLY_REFUSED_BY_ACL",
  "REPLY_NOT_SEEN",
  "REQUEST_NOT_SEEN",
  "REFUSED_BY_BLOCK_PUBLIC_ACCESS",
  "LATE_REPLY_OR_SCAN",
  "MIXED",
] as const;

export type RecordsVerdict = (typeof RECORDS_VERDICTS)[number];

/** A verdict rule: its conditions on the request's and reply's sides (`any`: either side), and its verdict, by the request's direction where that matters. */
export interface VerdictRule {
  readonly when: readonly RuleCondition<"request" | "reply" | "any">[];
  readonly verdict: RecordsVerdict | Readonly<Record<RequestDirection, RecordsVerdict>>;
}

/**
 * The verdict: the first rule whose conditions all hold. A request rejected with no reply may
 * be either layer's doing (REFUSED_*); an accepted request whose reply is rejected is the
 * network ACL's, because security groups are stateful and let a reply out (or in) whatever
 * their rules say; the reply is refused on the way back, the opposite way of the request.
 */
export const VERDICT_RULES: readonly VerdictRule[] = [
  { when: ["any.blockedByBpa"], verdict: "REFUSED_BY_BLOCK_PUBLIC_ACCESS" },
  { when: ["any.mixedActions"], verdict: "MIXED" },
  { when: ["no request", "reply.rejectedOnly"], verdict: "LATE_REPLY_OR_SCAN" },
  { when: ["no request"], verdict: "REQUEST_NOT_SEEN" },
  { when: ["request.rejectedOnly", "reply.acceptedOnly"], verdict: "MIXED" },
  { when: ["request.rejectedOnly"], verdict: { inbound: "REFUSED_INBOUND", outbound: "REFUSED_OUTBOUND", unknown: "REFUSED" } },
  { when: ["no reply"], verdict: "REPLY_NOT_SEEN" },
  {
    when: ["reply.rejectedOnly"],
    verdict: { inbound: "REPLY_REFUSED_BY_ACL_OUTBOUND", outbound: "REPLY_REFUSED_BY_ACL_INBOUND", unknown: "REPLY_REFUSED_BY_ACL" },
  },
  { when: ["reply.resets"], verdict: "HOST_RESET" },
  { when: [], verdict: "CONNECTED" },
];

/**
 * The request's direction: the way the side that was asked (the request, or the lone reply)
 * crossed the interface, turned round for a reply.
 */
export const DIRECTION_RULES: readonly {
  readonly when: readonly RuleCondition<"request" | "reply">[];
  readonly direction: RequestDirection;
}[] = [
  { when: ["request.ingress"], direction: "inbound" },
  { when: ["request.egress"], direction: "outbound" },
  { when: ["no request", "reply.ingress"], direction: "outbound" },
  { when: ["no request", "reply.egress"], direction: "inbound" },
  { when: [], direction: "unknown" },
];

/** The verdicts of a conversation some layer refused: what "refused conversations" counts (MIXED names no layer). */
export const REFUSED_VERDICTS: readonly RecordsVerdict[] = [
  "REFUSED_INBOUND",
  "REFUSED_OUTBOUND",
  "REFUSED",
  "REPLY_REFUSED_BY_ACL_INBOUND",
  "REPLY_REFUSED_BY_ACL_OUTBOUND",
  "REPLY_REFUSED_BY_ACL",
  "REFUSED_BY_BLOCK_PUBLIC_ACCESS",
  "LATE_REPLY_OR_SCAN",
];

/** The layers that can refuse traffic. */
export type Layer = "security-group" | "network-acl" | "block-public-access";

/**
 * The layers each verdict leaves open, without and with VPC Block Public Access possible (a
 * rejected record whose format has no `reject-reason`, a public peer, and nothing from the peer
 * accepted on the way in: Block Public Access blocks that in either of its modes). Made once:
 * every conversation shares them.
 */
export const VERDICT_LAYERS: Readonly<Record<RecordsVerdict, readonly [readonly Layer[], readonly Layer[]]>> = (() => {
  const none = Object.freeze([] as Layer[]);
  const rules = Object.freeze(["security-group", "network-acl"] as Layer[]);
  const rulesBpa = Object.freeze(["security-group", "network-acl", "block-public-access"] as Layer[]);
  const acl = Object.freeze(["network-acl"] as Layer[]);
  const aclBpa = Object.freeze(["network-acl", "block-public-access"] as Layer[]);
  const bpa = Object.freeze(["block-public-access"] as Layer[]);
  const layers = Object.fromEntries(RECORDS_VERDICTS.map((v) => [v, [none, none]])) as Record<
    RecordsVerdict,
    [readonly Layer[], readonly Layer[]]
  >;
  for (const v of ["REFUSED_INBOUND", "REFUSED_OUTBOUND", "REFUSED"] as const) layers[v] = [rules, rulesBpa];
  for (const v of ["REPLY_REFUSED_BY_ACL_INBOUND", "REPLY_REFUSED_BY_ACL_OUTBOUND", "REPLY_REFUSED_BY_ACL"] as const)
    layers[v] = [acl, aclBpa];
  layers.REFUSED_BY_BLOCK_PUBLIC_ACCESS = [bpa, bpa];
  return layers;
})();

/** A condition taken apart: the side, the fact (`present` for `no <side>`) and whether it must hold. */
export interface Term<Side extends string> {
  readonly side: Side;
  readonly fact: SideFact;
  readonly holds: boolean;
}

/** A condition as its side, fact and sense. */
export function termOf<Side extends string>(condition: RuleCondition<Side>): Term<Side> {
  if (condition.startsWith("no ")) return { side: condition.slice(3) as Side, fact: "present", holds: false };
  const negated = condition.startsWith("!");
  const [side, fact] = (negated ? condition.slice(1) : condition).split(".") as [Side, SideFact];
  return { side, fact, holds: !negated };
}

/** A fact's bit in a side's set of facts. */
export const FACT_BIT: Readonly<Record<SideFact, number>> = Object.fromEntries(SIDE_FACTS.map((f, i) => [f, 1 << i])) as Record<
  SideFact,
  number
>;

/**
 * Conditions as a mask and a value over one number holding every side's facts (each side's
 * {@link FACT_BIT} set shifted by `shift[side]`): the conditions hold when `(facts & mask) === value`.
 */
export function maskOf<Side extends string>(
  when: readonly RuleCondition<Side>[],
  shift: Readonly<Record<Side, number>>,
  width: number = SIDE_FACTS.length,
): { readonly mask: number; readonly value: number } {
  let mask = 0;
  let value = 0;
  for (const t of when.map(termOf)) {
    const index = SIDE_FACTS.indexOf(t.fact);
    if (index < 0 || shift[t.side] === undefined) throw new Error(`condition ${t.side}.${t.fact} names no side or fact a rule here reads`);
    if (index >= width) throw new Error(`fact ${t.side}.${t.fact} is not among the first ${width} a rule here reads`);
    const bit = FACT_BIT[t.fact] * 2 ** shift[t.side];
    // Bitwise operators read 32 bits: a fact past them would be lost.
    if (bit >= 2 ** 30) throw new Error(`fact ${t.side}.${t.fact} is past the 30 bits a mask holds`);
    mask |= bit;
    if (t.holds) value |= bit;
  }
  return { mask, value };
}

/** Where each side's facts sit in the number the request rules read. */
const REQUEST_SHIFT = { low: 0, high: SIDE_FACTS.length } as const;
/** Where the request's, the reply's and either side's facts sit in the number the verdict and direction rules read. */
const VERDICT_SHIFT = { request: 0, reply: VERDICT_FACTS, any: 2 * VERDICT_FACTS } as const;
const VERDICT_FACTS_MASK = FACT_BIT[SIDE_FACTS[VERDICT_FACTS]] - 1;

const REQUEST_MASKS = REQUEST_RULES.map((r) => ({ ...maskOf(r.when, REQUEST_SHIFT), request: r.request }));
const VERDICT_MASKS = VERDICT_RULES.map((r) => ({ ...maskOf(r.when, VERDICT_SHIFT, VERDICT_FACTS), verdict: r.verdict }));
const DIRECTION_MASKS = DIRECTION_RULES.map((r) => ({ ...maskOf(r.when, VERDICT_SHIFT, VERDICT_FACTS), direction: r.direction }));

/** What the records say of a conversation. */
export interface RecordsJudgment {
  readonly request: "low" | "high" | "neither";
  readonly direction: RequestDirection;
  readonly verdict: RecordsVerdict;
}

/** The judgment of a conversation from its sides' facts (each a set of {@link FACT_BIT}s). */
export function judgeSides(low: number, high: number): RecordsJudgment {
  const both = low | (high * 2 ** REQUEST_SHIFT.high);
  // Stryker disable next-line StringLiteral: never read, the last request rule holds always
  let request: RecordsJudgment["request"] = "high";
  for (const r of REQUEST_MASKS) {
    if ((both & r.mask) === r.value) {
      request = r.request;
      break;
    }
  }
  const asked = request === "low" ? low : request === "high" ? high : 0;
  const answered = request === "low" ? high : request === "high" ? low : low | high;
  const q = asked & VERDICT_FACTS_MASK;
  const a = answered & VERDICT_FACTS_MASK;
  const facts = q | (a << VERDICT_SHIFT.reply) | ((q | a) << VERDICT_SHIFT.any);
  // Stryker disable next-line StringLiteral: never read, the last direction rule holds always
  let direction: RequestDirection = "unknown";
  for (const r of DIRECTION_MASKS) {
    if ((facts & r.mask) === r.value) {
      direction = r.direction;
      break;
    }
  }
  for (const r of VERDICT_MASKS) {
    if ((facts & r.mask) === r.value)
      return { request, direction, verdict: typeof r.verdict === "string" ? r.verdict : r.verdict[direction] };
  }
  // Stryker disable next-line StringLiteral: unreachable, the last verdict rule holds always
  throw new Error("the last verdict rule holds always");
}
