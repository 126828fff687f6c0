/**
 * Plan review: `npm run plan:summary -- [--title <text>] [--note <text>] [<env>=]<plan.json> ...` (or
 * `--dir <plans>`, see {@link sectionsFromDirectory}): turns plans read back
 * with `terraform show -json` into markdown for a pull-request comment, one section per
 * environment: counts of add / change / destroy / replace, a table of the resources by action,
 * a loud warning for any destroy or replacement of what holds or protects flow logs (log
 * groups, buckets, KMS keys, the flow logs themselves), and the monthly cost before and after
 * (tools/cost: the prior state's and the planned resources, at the environment's usage). The environment is `<env>` when given,
 * else the file name without `.json` (and without a `plan-` prefix).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { changedLines, type CostChange } from "../cost/estimate";
import { estimatePlan, PlanCost, usageOfStack, type UsageOverride } from "../cost/stacks";
import { usd } from "../cost/render";
import type { ResourceChange, TerraformPlan } from "../terraform/plan";

/** How a resource changes, in the words of the summary. */
export type SummaryAction = "add" | "change" | "destroy" | "replace" | "forget";

/** Resource types whose loss loses flow logs or makes them unreadable. */
export const GUARDED_TYPES: Readonly<Record<string, string>> = {
  aws_flow_log: "flow log",
  aws_cloudwatch_log_group: "log group",
  aws_s3_bucket: "bucket",
  aws_kms_key: "KMS key",
};

/** One resource of a summary. */
export interface SummaryRow {
  readonly action: SummaryAction;
  readonly address: string;
  readonly type: string;
  /** For replacements: Terraform's order (`delete, then create` or `create, then delete`). */
  readonly order?: string;
}

/** What a plan does to one environment. */
export interface PlanSummary {
  readonly environment: string;
  readonly counts: Readonly<Record<Exclude<SummaryAction, "forget">, number>>;
  readonly rows: readonly SummaryRow[];
  /** One line per destroy or replacement of a {@link GUARDED_TYPES} resource. */
  readonly warnings: readonly string[];
  /** The monthly cost before and after, or why it could not be estimated. */
  readonly cost: PlanCost | { readonly error: string };
}

/** The summary action of Terraform's action list, or undefined for no-op and read. */
export function summaryAction(actions: readonly string[]): SummaryAction | undefined {
  const key = actions.join(",");
  switch (key) {
    case "create":
      return "add";
    case "update":
      return "change";
    case "delete":
      return "destroy";
    case "delete,create":
    case "create,delete":
      return "replace";
    case "forget":
      return "forget";
    case "no-op":
    case "read":
    case "":
      return undefined;
    default:
      throw new Error(`plan:summary: unknown action list [${actions.join(", ")}]`);
  }
}

function warningFor(rc: ResourceChange, action: SummaryAction): string | undefined {
  const kind = GUARDED_TYPES[rc.type];
  if (!kind || (action !== "destroy" && action !== "replace")) return undefined;
  const before = rc.change.before ?? {};
  const what = `${kind} \`${rc.address}\``;
  if (action === "replace") {
    const order = rc.change.actions[0] === "delete" ? "deleted, then created" : "created, then the old one deleted";
    const why = rc.type === "aws_flow_log" ? ": no flow logs are recorded between the delete and the create" : "";
    return `${what} is **replaced** (${order})${why}`;
  }
  if (rc.type === "aws_cloudwatch_log_group" && before.skip_destroy === true) {
    return `${what} is **destroyed** from state; \`skip_destroy\` keeps it and its records in AWS`;
  }
  if (rc.type === "aws_kms_key") {
    const days = typeof before.deletion_window_in_days === "number" ? before.deletion_window_in_days : 30;
    return `${what} is **scheduled for deletion** in ${days} days: whatever it encrypts becomes unreadable then`;
  }
  if (rc.type === "aws_flow_log") return `${what} is **destroyed**: flow logging of its resource stops`;
  return `${what} is **destroyed** with what it holds`;
}

/** Summarizes one environment's plan. */
export function summarizePlan(environment: string, plan: TerraformPlan, usage?: UsageOverride): PlanSummary {
  const counts = { add: 0, change: 0, destroy: 0, replace: 0 };
  const rows: SummaryRow[] = [];
  const warnings: string[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode === "data") continue;
    const action = summaryAction(rc.change.actions);
    if (!action) continue;
    if (action !== "forget") counts[action]++;
    const order = action === "replace" ? rc.change.actions.join(", then ") : undefined;
    rows.push({ action, address: rc.address, type: rc.type, ...(order ? { order } : {}) });
    const warning = warningFor(rc, action);
    if (warning) warnings.push(warning);
  }
  const rank: Record<SummaryAction, number> = { replace: 0, destroy: 1, change: 2, add: 3, forget: 4 };
  // Within an action, what holds or records data first (a replaced flow log before a replaced named query).
  const guarded = (r: SummaryRow) => (GUARDED_TYPES[r.type] ? 0 : 1);
  rows.sort((a, b) => rank[a.action] - rank[b.action] || guarded(a) - guarded(b) || a.address.localeCompare(b.address));
  let cost: PlanSummary["cost"];
  try {
    cost = estimatePlan(environment, plan, usage);
  } catch (e) {
    cost = { error: (e as Error).message };
  }
  return { environment, counts, rows, warnings, cost };
}

/** What changes the cost: each resource and item whose monthly cost differs, largest change first. */
export function costChanges(cost: PlanCost): CostChange[] {
  return changedLines(cost.before, cost.after);
}

/** The cost lines of a section. */
export function renderCost(cost: PlanSummary["cost"]): string[] {
  if ("error" in cost) return [`**Monthly cost:** not estimated (${cost.error}).`, ""];
  // Under half a cent is no change (sums of the same lines in another order differ by rounding).
  const change = Math.abs(cost.change) < 0.005 ? 0 : cost.change;
  const lines = [
    `**Monthly cost:** ${usd(cost.before.total)} → ${usd(cost.after.total)} (**${change > 0 ? "+" : ""}${usd(change)}** a month; ` +
      `usage: ${cost.after.usageSource}; prices read ${cost.after.pricesRead || cost.before.pricesRead}; see \`npm run cost\`)`,
    "",
  ];
  const changes = costChanges(cost);
  if (changes.length > 0) {
    lines.push(
      "<details><summary>What changes the cost</summary>",
      "",
      "| Resource | Item | Before | After |",
      "| --- | --- | ---: | ---: |",
    );
    for (const c of changes.slice(0, 15)) lines.push(`| \`${c.address}\` | ${c.item} | ${usd(c.before)} | ${usd(c.after)} |`);
    if (changes.length > 15) lines.push(`| … ${changes.length - 15} more | | | |`);
    lines.push("", "</details>", "");
  }
  return lines;
}

const ACTION_LABEL: Record<SummaryAction, string> = {
  replace: "🔁 replace",
  destroy: "🗑️ destroy",
  change: "✏️ change",
  add: "➕ add",
  forget: "forget (removed from state only)",
};

/** One environment's section of the markdown. */
export function renderSection(s: PlanSummary, note?: string): string {
  const c = s.counts;
  const lines = [`### \`${s.environment}\`: ${c.add} to add, ${c.change} to change, ${c.destroy} to destroy, ${c.replace} to replace`, ""];
  if (note) lines.push(note, "");
  if (s.warnings.length > 0) {
    lines.push("> [!CAUTION]", "> **This plan destroys or replaces resources that hold or protect flow logs:**");
    for (const w of s.warnings) lines.push(`> - ${w}`);
    lines.push("");
  }
  lines.push(...renderCost(s.cost));
  if (s.rows.length === 0) {
    lines.push("No changes.", "");
    return lines.join("\n");
  }
  lines.push("<details><summary>Resources by action</summary>", "", "| Action | Resource | Type |", "| --- | --- | --- |");
  for (const r of s.rows) {
    const label = r.order ? `${ACTION_LABEL[r.action]} (${r.order})` : ACTION_LABEL[r.action];
    lines.push(`| ${label} | \`${r.address}\` | \`${r.type}\` |`);
  }
  lines.push("", "</details>", "");
  return lines.join("\n");
}

/** The whole markdown: a title, then one section per environment. */
export function renderSummary(title: string, sections: readonly { summary: PlanSummary; note?: string }[]): string {
  const warned = sections.filter((s) => s.summary.warnings.length > 0).map((s) => `\`${s.summary.environment}\``);
  const head = [`## ${title}`, ""];
  if (warned.length > 0) head.push(`**⚠️ Flow-log data at risk in ${warned.join(", ")}: read the warnings below before merging.**`, "");
  return head.join("\n") + sections.map((s) => renderSection(s.summary, s.note)).join("\n");
}

/** `[<env>=]<file>` to an environment name and a path. */
export function parsePlanArgument(arg: string): { environment: string; file: string } {
  const eq = arg.indexOf("=");
  if (eq > 0) return { environment: arg.slice(0, eq), file: arg.slice(eq + 1) };
  return {
    environment: path
      .basename(arg)
      .replace(/\.json$/, "")
      .replace(/^plan-/, ""),
    file: arg,
  };
}

/** Where `cdktf synth` writes the stacks, whose recorded usage prices the plans. */
const DEFAULT_STACKS = "cdktf.out/stacks";

export const PLAN_SUMMARY_USAGE =
  "usage: npm run plan:summary -- [--title <text>] [--marker <text>] [--note <text>] [<env>=]<plan.json> ...\n" +
  "       npm run plan:summary -- [--title <text>] [--marker <text>] --dir <plans>\n" +
  "  plans from `terraform show -json <planfile>`; --note applies to the plan after it;\n" +
  "  --dir reads <env>.real.json (a plan against the deployed state) else <env>.json (offline);\n" +
  "  --stacks: the synthesized stacks whose recorded usage prices each plan (default cdktf.out/stacks)";

/** Notes of the sections `--dir` builds. */
export const PLAN_NOTES = {
  real: "Real plan against the deployed state (read-only role, without taking the state lock).",
  offline:
    "Offline plan against an empty state (real provider, no credentials): every resource shows as new. " +
    "A real plan runs when the repository variable for this environment's plan role is set.",
} as const;

/**
 * The sections of a directory of plans, one per environment: `<env>.real.json` when there
 * is one, else the offline `<env>.json`.
 */
export function sectionsFromDirectory(dir: string, stacksDir = DEFAULT_STACKS): { summary: PlanSummary; note?: string }[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  const environments = [...new Set(files.map((f) => f.replace(/(\.real)?\.json$/, "")))].sort();
  if (environments.length === 0) throw new Error(`no plan JSON in ${dir}`);
  return environments.map((environment) => {
    const real = files.includes(`${environment}.real.json`);
    const plan = readPlan(path.join(dir, real ? `${environment}.real.json` : `${environment}.json`));
    return {
      summary: summarizePlan(environment, plan, usageOfStack(stacksDir, environment)),
      note: real ? PLAN_NOTES.real : PLAN_NOTES.offline,
    };
  });
}

function readPlan(file: string): TerraformPlan {
  const plan = JSON.parse(fs.readFileSync(file, "utf8")) as TerraformPlan;
  if (typeof plan.format_version !== "string") throw new Error(`${file} is not the output of \`terraform show -json <planfile>\``);
  return plan;
}

/** Reads the command line into a title and sections; throws on a bad file. */
export function summaryFromArguments(argv: readonly string[]): string {
  let title = "Terraform plan";
  let marker: string | undefined;
  let note: string | undefined;
  // The stacks whose usage prices the plans, wherever --stacks stands.
  const at = argv.indexOf("--stacks");
  const stacksDir = at >= 0 ? argv[at + 1] : DEFAULT_STACKS;
  if (stacksDir === undefined) throw new Error(`--stacks needs a value\n${PLAN_SUMMARY_USAGE}`);
  const sections: { summary: PlanSummary; note?: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--title" || arg === "--note" || arg === "--marker" || arg === "--dir" || arg === "--stacks") {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value\n${PLAN_SUMMARY_USAGE}`);
      if (arg === "--title") title = value;
      else if (arg === "--marker") marker = value;
      else if (arg === "--note") note = value;
      else if (arg === "--dir") sections.push(...sectionsFromDirectory(value, stacksDir));
      continue;
    }
    const { environment, file } = parsePlanArgument(arg);
    const summary = summarizePlan(environment, readPlan(file), usageOfStack(stacksDir, environment));
    sections.push({ summary, ...(note ? { note } : {}) });
    note = undefined;
  }
  if (sections.length === 0) throw new Error(PLAN_SUMMARY_USAGE);
  // A marker (an HTML comment) lets CI find its own comment again to update it.
  return (marker ? `<!-- ${marker} -->\n` : "") + renderSummary(title, sections);
}
