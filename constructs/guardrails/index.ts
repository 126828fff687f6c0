/** Guardrails: the security rule pack, checked at synth, and its explicit suppressions. */
export {
  SecurityFindingsError,
  SecurityRules,
  suppressSecurityRule,
  type SecurityFinding,
  type SecurityRulesProps,
} from "./security-rules";
export { SECURITY_RULES } from "./rules";
export type { RuleContext, SecurityRule, SecurityRuleCheck } from "./rule";
