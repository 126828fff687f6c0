/**
 * Estimates of what this project synthesizes and plans: a stack's JSON (its usage assumptions
 * travel with it, under `//`), the example environments synthesized in-process, and a plan's
 * cost before and after (`npm run plan:summary`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App } from "cdktf";
import { LOG_ARCHIVE_STACK, USAGE_DEFAULTS } from "../../constructs/config/defaults";
import type { ResolvedLogArchive, ResolvedUsage } from "../../constructs/config/resolved";
import type { EnvironmentConfig, LogArchiveConfig } from "../../constructs/config/types";
import { resolveUsage } from "../../constructs/config/validation/usage";
import { addEnvironmentStacks } from "../../constructs/stacks/app";
import { DEPLOYMENT_INFO_KEY, type ArchiveInflow, type StackDeploymentInfo } from "../../constructs/stacks/deployment-info";
import type { TerraformPlan } from "../terraform/plan";
import { synthesizedStacks } from "../terraform/manifest";
import { MissingPriceError } from "./catalogue";
import { estimate, Estimate } from "./estimate";
import { regionOfPlan, regionOfStack, resourcesOfPlan, resourcesOfStack, type PricedResource, StackJsonForCost } from "./resources";

/** Usage given explicitly, which wins over what a stack records. */
export interface UsageOverride {
  readonly usage: ResolvedUsage;
  readonly source: string;
  /** What the stack records flowing into its bucket from other stacks' flow logs (the organisation's archive). */
  readonly inflow?: ArchiveInflow;
}

/**
 * Usage as a stack synthesized by an earlier version recorded it, in today's fields: 0.3.0's
 * one `storedShare` was both shares (a base commit's stacks are priced against a branch's).
 */
function currentUsage(recorded: unknown): unknown {
  if (typeof recorded !== "object" || recorded === null || !("storedShare" in recorded)) return recorded;
  const { storedShare, ...rest } = recorded as Record<string, unknown>;
  return { logGroupStoredShare: storedShare, archiveStoredShare: storedShare, ...rest };
}

/** The usage a synthesized stack records under `//` (from its environment's config), if it records one. */
function recordedUsage(name: string, stack: StackJsonForCost): UsageOverride | undefined {
  const info = stack["//"]?.[DEPLOYMENT_INFO_KEY] as StackDeploymentInfo | undefined;
  if (!info?.usage) return undefined;
  const source = info.archiveInflow ? "the archive's config" : "the environment's config";
  const usage = resolveUsage(currentUsage(info.usage), `stack "${name}" usage`);
  return { usage, source, ...(info.archiveInflow ? { inflow: info.archiveInflow } : {}) };
}

/** The estimate of one synthesized stack; `name` is the stack's (its directory's) name. */
export function estimateStack(name: string, stack: StackJsonForCost, override?: UsageOverride): Estimate {
  const region = regionOfStack(stack);
  if (!region) throw new Error(`stack "${name}": its AWS provider names no region, so no price applies`);
  const { usage, source: usageSource } = override ??
    recordedUsage(name, stack) ?? { usage: USAGE_DEFAULTS, source: "defaults: the stack records none" };
  const inflow = (stack["//"]?.[DEPLOYMENT_INFO_KEY] as StackDeploymentInfo | undefined)?.archiveInflow;
  return estimate(resourcesOfStack(stack), { environment: name, region, usage, usageSource, ...(inflow ? { inflow } : {}) });
}

/** Reads a stack's JSON from its file or its directory (`cdk.tf.json` inside). */
export function readStack(fileOrDir: string): { name: string; stack: StackJsonForCost } {
  const file = fs.existsSync(fileOrDir) && fs.statSync(fileOrDir).isDirectory() ? path.join(fileOrDir, "cdk.tf.json") : fileOrDir;
  if (!fs.existsSync(file))
    throw new Error(`${fileOrDir}: no synthesized stack there (expected a stack folder of cdktf.out/stacks, or its cdk.tf.json)`);
  const stack = JSON.parse(fs.readFileSync(file, "utf8")) as StackJsonForCost;
  return { name: path.basename(path.dirname(path.resolve(file))), stack };
}

/** A stack that could not be priced, and why (a price the catalogue lacks for its region). */
export interface NotEstimated {
  readonly environment: string;
  readonly error: string;
}

/** The estimate, or why there is none when a price is missing: one stack's gap never hides the others. */
export function estimateOrWhy(environment: string, run: () => Estimate): Estimate | NotEstimated {
  try {
    return run();
  } catch (e) {
    if (e instanceof MissingPriceError) return { environment, error: e.message };
    throw e;
  }
}

/** An app's environments, as its script hands them to a tool (tools never read `environments/` themselves). */
export interface AppEnvironments {
  readonly environments: readonly EnvironmentConfig[];
  /** The account of the state bucket, as the app pins it. */
  readonly stateAccountId?: string;
  /** The organisation's archive the environments write to, if any. */
  readonly logArchive?: LogArchiveConfig | ResolvedLogArchive;
}

/** An app's environments synthesized (in a temporary directory), each estimated; `names` picks some. */
export function estimateEnvironments(
  { environments, stateAccountId, logArchive }: AppEnvironments,
  names: readonly string[] = [],
  override?: UsageOverride,
): (Estimate | NotEstimated)[] {
  // The organisation's archive is priced beside the environments: it is a stack of the app.
  const known = [...environments.map((e) => e.name), ...(logArchive ? [LOG_ARCHIVE_STACK] : [])];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `unknown environment ${unknown.map((n) => `"${n}"`).join(", ")}; the stacks that can be priced are the environments ` +
        `${environments.map((e) => e.name).join(", ")}` +
        (logArchive ? `, and the organisation's archive, ${LOG_ARCHIVE_STACK}` : ""),
    );
  }
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-cost-"));
  try {
    const app = new App({ outdir });
    addEnvironmentStacks(app, environments, { stateAccountId, logArchive });
    app.synth();
    const stacks = synthesizedStacks(outdir);
    const archive = stacks.some((s) => s.name === LOG_ARCHIVE_STACK) ? [LOG_ARCHIVE_STACK] : [];
    const wanted = names.length > 0 ? names : [...environments.map((e) => e.name), ...archive];
    return wanted.map((name) => {
      const stack = stacks.find((s) => s.name === name);
      if (!stack) throw new Error(`no ${name} stack: the organisation's archive has no member, so the app makes none`);
      const dir = stack.dir;
      return estimateOrWhy(name, () => estimateStack(name, readStack(dir).stack, override));
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * The usage a synthesized stack records (`<stacksDir>/<name>/cdk.tf.json`, as `cdktf synth`
 * writes it); the defaults, named as such, when there is no such stack.
 */
export function usageOfStack(stacksDir: string, name: string): UsageOverride {
  const file = path.join(stacksDir, name, "cdk.tf.json");
  if (!fs.existsSync(file)) return { usage: USAGE_DEFAULTS, source: `defaults: no synthesized stack ${name} in ${stacksDir}` };
  return recordedUsage(name, readStack(file).stack) ?? { usage: USAGE_DEFAULTS, source: `defaults: stack ${name} records none` };
}

/**
 * The deliveries into the archive before a plan, from the member accounts its deployed tables
 * list (`projection.aws_account.values`): a member the synthesized stack still records at its
 * usage, one that has left (no longer recorded) as one flow log at the default usage. All of
 * `inflow` when the tables inject their accounts (the state does not tell the members then),
 * none when there is no table yet.
 */
export function membersBefore(inflow: ArchiveInflow, deployed: readonly PricedResource[]): ArchiveInflow {
  const listed = new Set<string>();
  for (const t of deployed.filter((r) => r.type === "aws_glue_catalog_table")) {
    const parameters = (t.values.parameters ?? {}) as Record<string, unknown>;
    if (parameters["projection.aws_account.type"] === "injected") return inflow;
    const values = parameters["projection.aws_account.values"];
    if (typeof values === "string") for (const a of values.split(",")) listed.add(a.trim());
  }
  const recorded = inflow.deliveries.filter((d) => listed.has(d.accountId));
  const left = [...listed].filter((a) => !inflow.deliveries.some((d) => d.accountId === a));
  const byDefault = left.map((accountId) => ({
    environment: `account ${accountId} (a member no longer: default usage)`,
    accountId,
    trafficType: "ALL" as const,
    gbPerDay: USAGE_DEFAULTS.flowLogGbPerDay,
    rejectedShare: USAGE_DEFAULTS.rejectedShare,
    storedShare: USAGE_DEFAULTS.archiveStoredShare,
    flowLogs: 1,
  }));
  return { ...inflow, deliveries: [...recorded, ...byDefault] };
}

/** A plan's cost before (prior state) and after (planned values). */
export interface PlanCost {
  readonly before: Estimate;
  readonly after: Estimate;
  /** after − before, a month. */
  readonly change: number;
}

/**
 * Prices a plan's prior state and planned values with the same usage; the region is the plan's
 * provider's, else `region`. Throws when neither names one.
 */
export function estimatePlan(
  environment: string,
  plan: TerraformPlan,
  usage: UsageOverride = { usage: USAGE_DEFAULTS, source: "defaults" },
  region?: string,
): PlanCost {
  const where = regionOfPlan(plan) ?? region;
  if (!where) throw new Error(`plan of "${environment}": its configuration names no AWS region, so no price applies`);
  const { before, after } = resourcesOfPlan(plan);
  const options = { environment, region: where, usage: usage.usage, usageSource: usage.source };
  // The organisation's archive: after the plan, the members the synthesized stack records; before
  // it, those of them the deployed table already lists.
  const inflowAfter = usage.inflow;
  const inflowBefore = inflowAfter && membersBefore(inflowAfter, before);
  const b = estimate(before, { ...options, ...(inflowBefore ? { inflow: inflowBefore } : {}) });
  const a = estimate(after, { ...options, ...(inflowAfter ? { inflow: inflowAfter } : {}) });
  return { before: b, after: a, change: a.total - b.total };
}
