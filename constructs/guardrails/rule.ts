/** What a security rule is, and what its check is given to look at a stack. */
import type { IConstruct } from "constructs";
import type { TerraformResource } from "cdktf";

/** What one rule checks. */
export interface SecurityRule {
  /** Stable id, used to suppress it. */
  readonly id: string;
  /** The control it maps to (AWS Security Hub / CIS). */
  readonly control: string;
  /** Why it matters, in one line. */
  readonly explanation: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** Outside production, a finding is an error or only a warning. */
  readonly outsideProduction: "error" | "warning";
}

/** A stack as a rule sees it: its resources with their synthesized attributes. */
export interface RuleContext {
  /** Whether the stack is production (stricter limits in some rules). */
  readonly production: boolean;
  /** The stack's resources of a Terraform type. */
  ofType(type: string): readonly TerraformResource[];
  /** What Terraform receives for a resource: its synthesized, resolved attributes. */
  attrs(resource: TerraformResource): Record<string, any>;
  /** A resource's address, `type.name`. */
  address(resource: TerraformResource): string;
  /** The resource address a reference points to (`${aws_s3_bucket.x.id}` gives `aws_s3_bucket.x`). */
  target(value: unknown): string | undefined;
  /** The resources of `type` whose `attribute` refers to `resource` (the flow logs of a VPC, the policies of a bucket). */
  referencing(type: string, attribute: string, resource: TerraformResource): readonly TerraformResource[];
  /** Records a finding of the rule being checked on a resource. */
  report(resource: IConstruct, detail: string): void;
}

/** A rule with its check: it reports each finding through the context. */
export interface SecurityRuleCheck extends SecurityRule {
  check(context: RuleContext): void;
}

export { asArray, parsePolicy } from "../shared/policy";
