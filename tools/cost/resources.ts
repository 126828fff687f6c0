/**
 * The resources an estimate prices, read from what Terraform reads: a synthesized stack's JSON
 * (values may hold `${...}` references), or a plan's JSON (values before the change, from the
 * prior state, and after it, from the planned values, where attributes only AWS knows are
 * absent and the configuration's references stand in for them). One shape for all three, so
 * that a stack and a plan are priced by the same code.
 */
import { replaceReferences } from "../../constructs/shared/terraform-reference";
import type { TerraformPlan } from "../terraform/plan";

/** One resource instance to price. */
export interface PricedResource {
  /** `<type>.<name>` (with `[i]` for a counted instance). */
  readonly address: string;
  readonly type: string;
  /** Its attribute values as far as they are known. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Addresses (`<type>.<name>`) of the resources its configuration refers to. */
  readonly references: readonly string[];
  /**
   * What a person knows it by: its construct path below the stack (`monitoring/alarm-topic/key/key`),
   * with a subscription's endpoint; the address when the source has no path (a plan).
   */
  readonly label?: string;
}

/** A resource's label: its construct path below the stack, and a literal endpoint of a subscription. */
function labelOf(values: Record<string, unknown>): string | undefined {
  const meta = (values["//"] as { metadata?: { path?: unknown } } | undefined)?.metadata;
  if (typeof meta?.path !== "string") return undefined;
  const path = meta.path.split("/").slice(1).join("/");
  const endpoint = values.endpoint;
  return typeof endpoint === "string" && !endpoint.includes("${")
    ? `${path.replace(/\/[^/]*$/, "")}/${String(values.protocol)} ${endpoint}`
    : path;
}

/** The stack JSON this module reads. */
export interface StackJsonForCost {
  readonly "//"?: Record<string, unknown>;
  readonly provider?: { readonly aws?: readonly { readonly region?: string; readonly alias?: string }[] };
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

/** Addresses named by `${type.name.attr}` references anywhere inside a value. */
function referencesIn(value: unknown, out: Set<string>): void {
  if (typeof value === "string") {
    replaceReferences(value, (address) => {
      out.add(address);
      return "";
    });
  } else if (Array.isArray(value)) {
    for (const v of value) referencesIn(v, out);
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) referencesIn(v, out);
  }
}

/** The resources of a synthesized stack (a literal `count` gives that many instances). */
export function resourcesOfStack(stack: StackJsonForCost): PricedResource[] {
  const out: PricedResource[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, values] of Object.entries(byName)) {
      const refs = new Set<string>();
      referencesIn(values, refs);
      const count = typeof values.count === "number" ? values.count : undefined;
      const base = `${type}.${name}`;
      const label = labelOf(values);
      if (count === undefined) out.push({ address: base, type, values, references: [...refs], ...(label ? { label } : {}) });
      else
        for (let i = 0; i < count; i++)
          out.push({ address: `${base}[${i}]`, type, values, references: [...refs], ...(label ? { label: `${label}[${i}]` } : {}) });
    }
  }
  return out;
}

/** The region of a stack's default AWS provider. */
export function regionOfStack(stack: StackJsonForCost): string | undefined {
  return stack.provider?.aws?.find((p) => !p.alias)?.region;
}

/** What a plan's JSON holds beyond {@link TerraformPlan} that the estimate reads. */
interface PlanConfiguration {
  readonly configuration?: {
    readonly provider_config?: Record<
      string,
      { readonly name?: string; readonly alias?: string; readonly expressions?: Record<string, unknown> }
    >;
    readonly root_module?: { readonly resources?: readonly { readonly address: string; readonly expressions?: unknown }[] };
  };
}

/** `references` of a plan configuration's expressions, as resource addresses. */
function configReferences(expressions: unknown, out: Set<string>): void {
  if (Array.isArray(expressions)) {
    for (const e of expressions) configReferences(e, out);
  } else if (expressions && typeof expressions === "object") {
    for (const [k, v] of Object.entries(expressions)) {
      if (k === "references" && Array.isArray(v)) {
        for (const r of v as unknown[]) {
          if (typeof r !== "string" || /^(data|var|local|module)\./.test(r)) continue;
          const m = /^([a-z0-9_]+\.[A-Za-z0-9_-]+)/.exec(r);
          if (m) out.add(m[1]);
        }
      } else configReferences(v, out);
    }
  }
}

/** A plan's resources before the change (prior state) and after it (planned values). */
export function resourcesOfPlan(plan: TerraformPlan): { before: PricedResource[]; after: PricedResource[] } {
  const config = (plan as TerraformPlan & PlanConfiguration).configuration;
  const refs = new Map<string, string[]>();
  for (const r of config?.root_module?.resources ?? []) {
    const s = new Set<string>();
    configReferences(r.expressions, s);
    refs.set(r.address, [...s]);
  }
  const before: PricedResource[] = [];
  const after: PricedResource[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    const base = rc.address.replace(/\[[^\]]*\]$/, "");
    if (rc.change.before) before.push({ address: rc.address, type: rc.type, values: rc.change.before, references: [] });
    if (rc.change.after) after.push({ address: rc.address, type: rc.type, values: rc.change.after, references: refs.get(base) ?? [] });
  }
  return { before, after };
}

/** The region of a plan's default AWS provider, when its configuration names it. */
export function regionOfPlan(plan: TerraformPlan): string | undefined {
  const config = (plan as TerraformPlan & PlanConfiguration).configuration;
  const aws = Object.values(config?.provider_config ?? {}).find((p) => p.name === "aws" && !p.alias);
  const region = (aws?.expressions?.region as { constant_value?: unknown } | undefined)?.constant_value;
  return typeof region === "string" ? region : undefined;
}

/** The identifiers a resource's values give it: ARN, id, bucket name, log group name. */
function identifiers(r: PricedResource): string[] {
  return ["arn", "id", "bucket", "name"].map((k) => r.values[k]).filter((v): v is string => typeof v === "string" && !v.includes("${"));
}

/**
 * Whether `from` refers to `to`: by its configuration's references, or (in a prior state, where
 * values are concrete) by naming `to`'s ARN, id or name in the attribute `attribute`, an ARN
 * followed by a path (`arn:aws:s3:::bucket/prefix`) included.
 */
export function refersTo(from: PricedResource, to: PricedResource, attribute: string): boolean {
  if (from.references.includes(to.address.replace(/\[\d+\]$/, ""))) return true;
  const value = from.values[attribute];
  if (typeof value !== "string") return false;
  return identifiers(to).some((id) => value === id || value.startsWith(`${id}/`) || value === `${id}:*`);
}
