/** The parts of Terraform's JSON (plans read back with `show -json`, and state) this project reads. */

/** One entry of a plan's `resource_changes`. */
export interface ResourceChange {
  readonly address: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly provider_name: string;
  readonly change: {
    readonly actions: string[];
    readonly before?: Record<string, unknown> | null;
    readonly after?: Record<string, unknown> | null;
    readonly after_unknown?: unknown;
    /** Where the planned values are sensitive: `true` at each such value (the provider's schema or the configuration marks it). */
    readonly after_sensitive?: unknown;
  };
  /** Why a replacement happens, e.g. `replace_because_cannot_update`. */
  readonly action_reason?: string;
  /** The address the resource had, when a `moved` block moves it. */
  readonly previous_address?: string;
}

/** The parts of `terraform show -json` of a plan that this project reads. */
export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes?: ResourceChange[];
  readonly planned_values?: { readonly outputs?: Record<string, { value?: unknown; sensitive: boolean }> };
}

/** Terraform state, format 4 (what a local backend holds). */
export interface TerraformState {
  readonly version: 4;
  readonly terraform_version: string;
  readonly serial: number;
  readonly lineage: string;
  readonly outputs: Record<string, unknown>;
  readonly resources: {
    readonly mode: "managed";
    readonly type: string;
    readonly name: string;
    readonly provider: string;
    readonly instances: { schema_version: number; attributes: Record<string, unknown>; sensitive_attributes: unknown[] }[];
  }[];
}

/** A plan as JSON and as Terraform printed it. */
export interface PlanResult {
  readonly plan: TerraformPlan;
  readonly text: string;
}

/** The resource changes of a plan that change something (neither no-op nor a read). */
export function pendingChanges(plan: TerraformPlan): ResourceChange[] {
  return (plan.resource_changes ?? []).filter((rc) => !rc.change.actions.every((a) => a === "no-op" || a === "read"));
}

/** Counts of a plan's actions, like Terraform's own summary line. */
export function planCounts(plan: TerraformPlan): { add: number; change: number; destroy: number } {
  let add = 0;
  let change = 0;
  let destroy = 0;
  for (const rc of plan.resource_changes ?? []) {
    const a = rc.change.actions;
    if (a.includes("create")) add++;
    if (a.includes("update")) change++;
    if (a.includes("delete")) destroy++;
  }
  return { add, change, destroy };
}
