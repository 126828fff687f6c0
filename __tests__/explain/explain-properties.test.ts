/**
 * Properties of the explanation, on generated conversations under generated security groups
 * and network ACLs: a reference model (support/refusal-scenarios.ts, apart from the code under test) decides
 * what AWS would record and which layer refused; the explanation must reach the same verdict
 * from the records and the rules, and from the records alone must never claim more than they
 * show. The model covers TCP, UDP and ICMP (no ports), VPC Block Public Access (its own verdict,
 * before any rule), and replies refused by an ACL in both directions, where the rule named must
 * be the one the reply's own direction decides by.
 */
import fc from "fast-check";
import { explainRecords, ExplainedConversation, RuleSet, RulesJudge, type VerdictCode } from "../../analysis/explain";
import { RecordFormat } from "../../constructs/records/record-format";
import { modelRuleSet } from "../support/rule-sets";
import { ENI, model, OWN, recordsOf, scenarioArb, type Scenario } from "../support/refusal-scenarios";

/** The scenario's rules as the describe commands print them. */
const rulesOf = (s: Scenario): RuleSet => modelRuleSet({ ...s, eni: ENI, own: OWN });

const judged = (lines: string[], options: Parameters<typeof explainRecords>[1]) =>
  explainRecords(lines, options).filter((e): e is ExplainedConversation => e.kind === "conversation");
const verdicts = (lines: string[], options: Parameters<typeof explainRecords>[1]) => judged(lines, options).map((c) => c.verdict);

/** The default format and the reason of a reject (version 8). */
const format = RecordFormat.parse([...RecordFormat.DEFAULT.fields, "reject-reason"].join(" "));

describe("generated conversations under generated rules", () => {
  test("with the rules, the verdict is the reference model's: the layer and the way that refused, or that it worked", () => {
    fc.assert(
      fc.property(scenarioArb(false), (s) => {
        const rules = rulesOf(s);
        const m = model(s);
        const out = judged(recordsOf(s), { format, rules: new RulesJudge(rules), interfaceAddresses: rules.interfaceAddresses() });
        expect(out.map((c) => c.verdict)).toEqual([m.withRules]);
        // A refused reply names the rule of the reply's own direction: outbound when the interface serves.
        if (m.replyRule)
          expect(out[0].sentence).toContain(
            `Network ACL acl-1, ${s.serves ? "outbound" : "inbound"}: ${m.replyRule} matched first and denies it.`,
          );
        if (s.protocol === 1) expect(out[0].sentence).not.toMatch(/1024-65535|:0\b/);
      }),
      { numRuns: 300 },
    );
  });

  test("from the records alone, the verdict is the model's and never names a layer the records cannot tell", () => {
    fc.assert(
      fc.property(scenarioArb(true), (s) => {
        const [v] = verdicts(recordsOf(s), { format });
        expect(v).toBe(model(s).fromRecords);
        expect(["REFUSED_BY_SECURITY_GROUP", "REFUSED_BY_NETWORK_ACL"]).not.toContain(v);
      }),
      { numRuns: 300 },
    );
  });

  test("when nothing tells which address is the interface's (two private addresses), no verdict names a way", () => {
    fc.assert(
      fc.property(
        scenarioArb(false).filter((s) => s.peer.startsWith("10.")),
        (s) => {
          const [v] = verdicts(recordsOf(s), { format });
          const expected = model(s).fromRecords;
          const wayless: Partial<Record<VerdictCode, VerdictCode>> = {
            REFUSED_INBOUND: "REFUSED",
            REFUSED_OUTBOUND: "REFUSED",
            REPLY_REFUSED_BY_ACL_INBOUND: "REPLY_REFUSED_BY_ACL",
            REPLY_REFUSED_BY_ACL_OUTBOUND: "REPLY_REFUSED_BY_ACL",
          };
          expect(v).toBe(wayless[expected] ?? expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
