/**
 * Accepted findings of the security rule pack, stored as construct metadata. The pack (in
 * `guardrails/`) reads them; a construct that knowingly departs from a rule, because AWS
 * documents no way to meet it, records the acceptance and its reason here, where the synth
 * output shows it. Users accept findings with `suppressSecurityRule`, which checks the rule id.
 */
import type { IConstruct } from "constructs";

/** The metadata type of an accepted finding. */
const SUPPRESSION = "network-monitoring/suppress";

/** Records that `ruleId` is accepted on `scope` (and the resources under it), and why. */
export function recordSuppression(scope: IConstruct, ruleId: string, reason: string): void {
  scope.node.addMetadata(SUPPRESSION, { ruleId, reason: reason.trim() });
}

/** The reason `ruleId` is accepted on `node` or a construct above it, if it is. */
export function suppressionOf(node: IConstruct, ruleId: string): string | undefined {
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    const m = c.node.metadata.find((e) => e.type === SUPPRESSION && (e.data as { ruleId: string }).ruleId === ruleId);
    if (m) return (m.data as { reason: string }).reason;
  }
  return undefined;
}
