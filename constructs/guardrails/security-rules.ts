/**
 * Security rules checked at synth time, an Aspect per stack (an Aspect added to the App is not
 * run by cdktf). Each rule (one file each under `rules/`) has an id, the control it maps to, a
 * one-line explanation, a fix and its check; a finding is an error annotation on the resource
 * (synth fails, naming its path) or, outside production for the rules that allow it, a
 * warning. A finding can be suppressed only explicitly, on the resource, with a written reason
 * that appears in the synth output.
 */
import { IConstruct } from "constructs";
import { Annotations, DefaultTokenResolver, IAspect, StringConcat, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import { InputError } from "../shared/input-error";
import { recordSuppression, suppressionOf } from "../shared/suppressions";
import { parseReference } from "../shared/terraform-reference";
import type { RuleContext, SecurityRule, SecurityRuleCheck } from "./rule";
import { SECURITY_RULES } from "./rules";

/** A finding of a rule on a resource. */
export interface SecurityFinding {
  readonly rule: SecurityRule;
  readonly path: string;
  /** What is wrong with this resource. */
  readonly detail: string;
  /** The reason it was suppressed, when it was. */
  readonly suppressedBecause?: string;
}

const ALL_RULES: readonly SecurityRuleCheck[] = Object.values(SECURITY_RULES);

/**
 * Suppresses a rule on one resource (or construct: it covers the resources under it), with a
 * reason that the synth output shows. Throws for an unknown rule id or an empty reason.
 */
export function suppressSecurityRule(scope: IConstruct, ruleId: string, reason: string): void {
  if (!ALL_RULES.some((r) => r.id === ruleId)) {
    throw new Error(`unknown security rule "${ruleId}"; rules are ${ALL_RULES.map((r) => r.id).join(", ")}`);
  }
  if (typeof reason !== "string" || reason.trim().length < 10) {
    throw new Error(`suppressing ${ruleId} on ${scope.node.path} needs a written reason (at least 10 characters)`);
  }
  recordSuppression(scope, ruleId, reason);
}

/**
 * Security findings that fail synth: one `ERROR [path]: rule (control): what. Rule: .... Fix: ...`
 * line each, as docs/operations.md shows them.
 */
export class SecurityFindingsError extends InputError {
  /** The findings' lines. */
  declare readonly findings: readonly string[];

  constructor(stack: string, findings: readonly string[], variableSet = false) {
    super(securityFindingsMessage(stack, findings, variableSet));
    this.keep("findings", findings);
  }
}

/** The message of findings that fail synth; `variableSet`: the user set CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS. */
export function securityFindingsMessage(stack: string, findings: readonly string[], variableSet = false): string {
  const count = findings.length === 1 ? "1 finding fails" : `${findings.length} findings fail`;
  return [
    `Security rules of stack ${stack}: ${count} synth${variableSet ? " (CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS does not accept them)" : ""}:`,
    ...findings,
    "Fix each, or accept one on its resource with suppressSecurityRule(resource, ruleId, reason).",
  ].join("\n");
}

/** Props of {@link SecurityRules}. */
export interface SecurityRulesProps {
  /** Production: every finding is an error. */
  readonly production: boolean;
}

/**
 * The stack's resources with their synthesized attributes. Each attribute is resolved when a
 * rule first reads it, and once: the rules read a few attributes of a few resource types, and
 * resolving every resource whole (as synth does after them) cost as much as the rest of the
 * rules together.
 */
function stackView(stack: TerraformStack): Omit<RuleContext, "production" | "report"> {
  const resolver = new DefaultTokenResolver(new StringConcat());
  const resolve = (v: unknown): any => Tokenization.resolve(v, { scope: stack, resolver });
  const attrsCache = new Map<TerraformResource, Record<string, any>>();
  const byType = new Map<string, TerraformResource[]>();
  for (const c of stack.node.findAll()) {
    // Stryker disable next-line ConditionalExpression: another construct would be filed under no type, which no rule asks for.
    if (!TerraformResource.isTerraformResource(c)) continue;
    byType.set(c.terraformResourceType, [...(byType.get(c.terraformResourceType) ?? []), c]);
  }
  const ofType = (type: string) => byType.get(type) ?? [];
  const attrs = (r: TerraformResource) => {
    let a = attrsCache.get(r);
    // Stryker disable next-line ConditionalExpression: a cache; without it the same attributes are resolved again, to the same values.
    if (!a) {
      const tf = r.toTerraform() as { resource?: Record<string, Record<string, Record<string, unknown>>> };
      // Stryker disable next-line OptionalChaining: a resource's own JSON always has its type and name.
      const raw = tf.resource?.[r.terraformResourceType]?.[r.friendlyUniqueId] ?? {};
      const resolved = new Map<string, unknown>();
      a = new Proxy(raw, {
        get: (target, key) => {
          // Stryker disable next-line ConditionalExpression: the rules read attributes by name; a symbol is read only by tools that inspect the object.
          if (typeof key !== "string") return undefined;
          // Stryker disable next-line ConditionalExpression: a cache, as above.
          if (!resolved.has(key)) resolved.set(key, resolve(target[key]));
          return resolved.get(key);
        },
      });
      attrsCache.set(r, a);
    }
    return a;
  };
  const address = (r: TerraformResource) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;
  const target = (v: unknown) => parseReference(v)?.address;
  return {
    ofType,
    attrs,
    address,
    target,
    referencing: (type, attribute, resource) => ofType(type).filter((r) => target(attrs(r)[attribute]) === address(resource)),
  };
}

/**
 * The rule pack as an Aspect. Add it to each stack:
 * `Aspects.of(stack).add(new SecurityRules({ production }))`. The checks run once, when the
 * stack itself is visited, over every resource of the stack.
 */
export class SecurityRules implements IAspect {
  /** Every finding of the last run, suppressed ones included. */
  readonly findings: SecurityFinding[] = [];

  private readonly checked = new WeakSet<IConstruct>();

  constructor(private readonly props: SecurityRulesProps) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.checked.has(node)) return;
    this.checked.add(node);
    const view = stackView(node);
    const errors: string[] = [];
    for (const rule of ALL_RULES) {
      rule.check({
        ...view,
        production: this.props.production,
        report: (resource, detail) => {
          const error = this.report(rule, resource, detail);
          if (error) errors.push(`ERROR [${resource.node.path}]: ${error}`);
        },
      });
    }
    // cdktf lets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS turn every error annotation into
    // nothing (its CLI sets it, to collect them itself). A finding of this pack is accepted only
    // by suppressSecurityRule: with that variable set, the pack fails synth itself.
    if (errors.length > 0 && process.env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined) {
      // Under the CLI (CDKTF_CONTEXT_JSON set) the variable is the CLI's, not the user's: not worth a word.
      const userSetIt = process.env.CDKTF_CONTEXT_JSON === undefined;
      throw new SecurityFindingsError(node.node.id, errors, userSetIt);
    }
  }

  /** Records a finding as an annotation; returns its text when it is an error. */
  private report(rule: SecurityRule, resource: IConstruct, detail: string): string | undefined {
    const suppressed = suppressionOf(resource, rule.id);
    this.findings.push({ rule, path: resource.node.path, detail, suppressedBecause: suppressed });
    const text = `${rule.id} (${rule.control}): ${detail}. Rule: ${rule.explanation}. Fix: ${rule.fix}.`;
    if (suppressed !== undefined) {
      Annotations.of(resource).addInfo(`SUPPRESSED ${rule.id} (${rule.control}): ${detail}. Reason: ${suppressed}`);
    } else if (this.props.production || rule.outsideProduction === "error") {
      Annotations.of(resource).addError(text);
      return text;
    } else {
      Annotations.of(resource).addWarning(text);
    }
    return undefined;
  }
}
