/**
 * The state a stack would have after `terraform apply`, built without AWS: plan against an
 * empty state, record every planned value, give each value only AWS knows (ids, ARNs) a fake
 * but well-formed value, and plan again against that state until Terraform plans no change.
 * Plans of a changed configuration against the result show what that change would do to
 * deployed resources (update, replace, destroy).
 *
 * Where the stack's JSON sets an attribute to a reference (`${aws_kms_key.k.arn}`), or to a
 * string with references inside (a policy naming a key), the referenced resource's (fake)
 * value is copied in the same round, as an apply would: most stacks settle in two plans (one
 * that creates, one that proves no change is left).
 */
import { createHash, randomUUID } from "node:crypto";
import { parseReference, replaceReferences } from "../../constructs/shared/terraform-reference";
import type { StackJson } from "./offline";
import { pendingChanges, PlanResult, TerraformPlan, TerraformState } from "./plan";
import type { TerraformWorkspace } from "./workspace";

type AttributeType = string | [string, unknown];
interface AttributeSchema {
  readonly type?: AttributeType;
  readonly optional?: boolean;
}
interface BlockSchema {
  readonly attributes?: Record<string, AttributeSchema>;
  readonly block_types?: Record<string, { readonly nesting_mode: string; readonly block: BlockSchema }>;
}
type ResourceSchemas = Record<string, { version: number; block: BlockSchema }>;

/** The result of a simulated apply. */
export interface SimulatedApply {
  /** The state after the apply. */
  readonly state: TerraformState;
  /** The first plan: against an empty state (what a first deploy would show). */
  readonly first: PlanResult;
  /**
   * Terraform's words for the last plan, against {@link state}: no change left ("No
   * changes."). Absent when not asked to prove the state.
   */
  readonly settled?: { readonly text: string };
  /** How many plans it took. */
  readonly plans: number;
}

/** Schema version and attribute types of each resource type of the provider, once per toolchain. */
function resourceSchemas(ws: TerraformWorkspace): Promise<ResourceSchemas> {
  const shared = ws.toolchain.shared;
  shared.schemas ??= (async () => {
    await ws.init();
    const all = JSON.parse(await ws.run(["providers", "schema", "-json"])) as {
      provider_schemas: Record<string, { resource_schemas: ResourceSchemas }>;
    };
    return all.provider_schemas[ws.toolchain.provider.source].resource_schemas;
  })();
  return shared.schemas as Promise<ResourceSchemas>;
}

/** Options of {@link simulateApply}. */
export interface SimulateApplyOptions {
  /** Plans at the most before giving up. @default 6 */
  readonly maxPlans?: number;
  /**
   * Plan again until Terraform plans no change, proving the state faithful; without it, the
   * state after the first plan is returned unproven (enough for a plan of `destroy`).
   * @default true
   */
  readonly prove?: boolean;
}

/** Simulates `terraform apply` of the workspace's stack; throws when plans do not settle. */
export async function simulateApply(ws: TerraformWorkspace, options: SimulateApplyOptions = {}): Promise<SimulatedApply> {
  const maxRounds = options.maxPlans ?? 6;
  // The schema is needed only after the first plan: fetch both at once.
  const schemasReady = resourceSchemas(ws);
  let state: TerraformState | undefined;
  let first: PlanResult | undefined;
  let pending: string[] = [];
  for (let round = 0; round < maxRounds; round++) {
    let result: PlanResult;
    if (!state) {
      result = (await Promise.all([ws.plan(), schemasReady]))[0];
      first = result;
    } else {
      const checked = await ws.planChanges({ state });
      if (!checked.changes) return { state, first: first as PlanResult, settled: { text: checked.text }, plans: round + 1 };
      result = checked;
    }
    pending = pendingChanges(result.plan).map((rc) => `${rc.address} ${rc.change.actions.join("+")}`);
    state = applyPlanToState(result.plan, state, await schemasReady, round + 1, ws.stack);
    if (options.prove === false) return { state, first: first as PlanResult, plans: round + 1 };
  }
  throw new Error(`simulated apply in ${ws.dir} did not settle after ${maxRounds} plans; still planned:\n  ${pending.join("\n  ")}`);
}

/** A short deterministic hex digest. */
function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 17);
}

/**
 * A value for a top-level attribute the plan leaves unknown. Attributes only AWS sets (ids,
 * ARNs, owner ids) get a fake but well-formed value, since other resources refer to them;
 * optional scalars that AWS fills in when left unset stay null, as a fake there could be
 * refused (an SNS FIFO setting on a standard topic); collections and nested blocks are empty.
 */
function fakeValue(block: BlockSchema, attribute: string, address: string): unknown {
  const nested = block.block_types?.[attribute];
  if (nested) return nested.nesting_mode === "single" || nested.nesting_mode === "group" ? null : [];
  const schema = block.attributes?.[attribute] ?? {};
  const t = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (t === "list" || t === "set") return [];
  if (t === "map") return {};
  if (t === "object" || (attribute !== "id" && schema.optional)) return null;
  if (t === "number") return 0;
  if (t === "bool") return false;
  const h = digest(`${address}.${attribute}`);
  if (attribute === "arn" || attribute.endsWith("_arn")) return `arn:aws:fake:ap-northeast-1:000000000000:${address}/${h}`;
  return `fake-${h}`;
}

/**
 * Merges one planned value with the unknown marks of the plan: known values come from the
 * plan, unknown ones from the previous state, else a fake.
 */
function settle(after: unknown, unknown: unknown, previous: unknown, fake: () => unknown): unknown {
  if (unknown === true) return previous ?? fake();
  if (Array.isArray(unknown)) {
    const list = Array.isArray(after) ? after : [];
    const prev = Array.isArray(previous) ? previous : [];
    return unknown.map((u, i) => settle(list[i], u, prev[i], () => null));
  }
  if (unknown && typeof unknown === "object") {
    const obj = (after && typeof after === "object" ? after : {}) as Record<string, unknown>;
    const prev = (previous && typeof previous === "object" ? previous : {}) as Record<string, unknown>;
    const out: Record<string, unknown> = { ...obj };
    for (const [k, u] of Object.entries(unknown)) out[k] = settle(obj[k], u, prev[k], () => null);
    return out;
  }
  return after;
}

/** What a resource attribute or output is when its configured value is exactly one reference. */
type Lookup = (address: string, attr: string) => unknown;

/**
 * The value `config` refers to: the referenced value when it is exactly one reference, or the
 * string with each reference inside it replaced by its (string) value; undefined while any is
 * unknown or the string holds other expressions.
 */
function referenced(config: unknown, lookup: Lookup): unknown {
  const ref = parseReference(config);
  if (ref) {
    const v = lookup(ref.address, ref.attribute);
    return v === null ? undefined : v;
  }
  if (typeof config !== "string" || !config.includes("${")) return undefined;
  let known = true;
  const text = replaceReferences(config, (address, attribute) => {
    const v = lookup(address, attribute);
    known &&= typeof v === "string";
    return typeof v === "string" ? v : "";
  });
  return known && !text.includes("${") ? text : undefined;
}

/**
 * Copies referenced values into what the plan left unknown: walks the stack's configuration
 * of a resource beside its new attributes, and where a configured value is exactly a
 * reference and the plan marked it unknown, takes the referenced attribute. Returns whether
 * it changed anything.
 */
function resolveReferences(config: unknown, unknown: unknown, attrs: unknown, lookup: Lookup): { value: unknown; changed: boolean } {
  if (typeof config === "string") {
    const v = unknown === true ? referenced(config, lookup) : undefined;
    return v === undefined || v === attrs ? { value: attrs, changed: false } : { value: v, changed: true };
  }
  if (unknown === true && Array.isArray(config) && config.length > 0) {
    // A whole list left unknown, configured as a list of references (alarm actions).
    const values = config.map((c) => referenced(c, lookup));
    const same = JSON.stringify(values) === JSON.stringify(attrs);
    return values.some((v) => v === undefined) || same ? { value: attrs, changed: false } : { value: values, changed: true };
  }
  if (!unknown || typeof unknown !== "object" || config === null || typeof config !== "object") return { value: attrs, changed: false };
  if (Array.isArray(config)) {
    if (!Array.isArray(attrs) || !Array.isArray(unknown)) return { value: attrs, changed: false };
    let changed = false;
    const value = attrs.map((a, i) => {
      const r = resolveReferences(config[i], unknown[i], a, lookup);
      changed ||= r.changed;
      return r.value;
    });
    return { value, changed };
  }
  // A nested block: configured as an object, planned as a list of one object.
  if (Array.isArray(attrs) && Array.isArray(unknown) && attrs.length === 1) {
    const r = resolveReferences(config, unknown[0], attrs[0], lookup);
    return { value: r.changed ? [r.value] : attrs, changed: r.changed };
  }
  if (!attrs || typeof attrs !== "object" || Array.isArray(unknown)) return { value: attrs, changed: false };
  const out: Record<string, unknown> = { ...(attrs as Record<string, unknown>) };
  let changed = false;
  for (const [k, c] of Object.entries(config as Record<string, unknown>)) {
    if (!(k in out)) continue;
    const r = resolveReferences(c, (unknown as Record<string, unknown>)[k], out[k], lookup);
    if (r.changed) {
      out[k] = r.value;
      changed = true;
    }
  }
  return { value: out, changed };
}

/** A step of a path in the state's `sensitive_attributes`. */
type PathStep = { type: "get_attr"; value: string } | { type: "index"; value: { value: number; type: "number" } };

/**
 * The paths of a plan's sensitive marks (`after_sensitive`: `true` where a value is sensitive),
 * as the state writes them: each a list of steps, an attribute by name and a list element by index.
 */
function sensitivePaths(marks: unknown, at: PathStep[] = []): PathStep[][] {
  if (marks === true) return at.length > 0 ? [at] : [];
  if (Array.isArray(marks))
    return marks.flatMap((m, i) => sensitivePaths(m, [...at, { type: "index", value: { value: i, type: "number" } }]));
  if (typeof marks === "object" && marks !== null) {
    return Object.entries(marks).flatMap(([k, m]) => sensitivePaths(m, [...at, { type: "get_attr", value: k }]));
  }
  return [];
}

/** The state after applying `plan` to `previous` (for {@link simulateApply}). */
function applyPlanToState(
  plan: TerraformPlan,
  previous: TerraformState | undefined,
  schemas: ResourceSchemas,
  serial: number,
  stack: StackJson,
): TerraformState {
  const before = new Map<string, Record<string, unknown>>();
  for (const r of previous?.resources ?? []) before.set(`${r.type}.${r.name}`, r.instances[0].attributes);
  const resources: TerraformState["resources"][number][] = [];
  const unknowns = new Map<string, unknown>();
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== "managed") continue;
    const { actions, after, after_unknown, after_sensitive } = rc.change;
    if (actions.length === 1 && actions[0] === "delete") continue;
    const schema = schemas[rc.type];
    if (!schema) throw new Error(`no schema for ${rc.type}`);
    const prev = before.get(rc.address) ?? {};
    const attributes: Record<string, unknown> = { ...(after ?? {}) };
    const unknown = (after_unknown ?? {}) as Record<string, unknown>;
    for (const [name, u] of Object.entries(unknown)) {
      attributes[name] = settle(attributes[name], u, prev[name], () => fakeValue(schema.block, name, rc.address));
    }
    unknowns.set(rc.address, unknown);
    resources.push({
      mode: "managed",
      type: rc.type,
      name: rc.name,
      provider: `provider["${rc.provider_name}"]`,
      // Terraform keeps where values are sensitive beside them; without it, the next plan would
      // see the marks change and update the resource in place for nothing.
      instances: [{ schema_version: schema.version, attributes, sensitive_attributes: sensitivePaths(after_sensitive) }],
    });
  }
  const byAddress = new Map(resources.map((r) => [`${r.type}.${r.name}`, r.instances[0]]));
  const lookup = (address: string, attr: string) => byAddress.get(address)?.attributes[attr];
  // Copy referenced values until nothing changes (a chain of references takes one pass per link).
  for (let pass = 0, changed = true; changed && pass < 10; pass++) {
    changed = false;
    for (const r of resources) {
      const config = stack.resource?.[r.type]?.[r.name];
      const instance = r.instances[0];
      const resolved = resolveReferences(config, unknowns.get(`${r.type}.${r.name}`), instance.attributes, lookup);
      if (resolved.changed) {
        instance.attributes = resolved.value as Record<string, unknown>;
        changed = true;
      }
    }
  }
  // Outputs whose planned value is known, with their type (the stacks' outputs are scalars).
  const outputs: Record<string, { value: unknown; type: string; sensitive?: boolean }> = {};
  for (const [name, o] of Object.entries(plan.planned_values?.outputs ?? {})) {
    const type =
      typeof o.value === "string" ? "string" : typeof o.value === "number" ? "number" : typeof o.value === "boolean" ? "bool" : undefined;
    if (type) outputs[name] = { value: o.value, type, ...(o.sensitive ? { sensitive: true } : {}) };
  }
  // Outputs that are a plain reference to what the plan left unknown take the applied value.
  for (const [name, o] of Object.entries(stack.output ?? {})) {
    const value = outputs[name] ? undefined : referenced(o.value, lookup);
    if (typeof value === "string") outputs[name] = { value, type: "string" };
  }
  return {
    version: 4,
    terraform_version: plan.terraform_version ?? "1.11.0",
    serial,
    lineage: previous?.lineage ?? randomUUID(),
    outputs,
    resources,
  };
}
