/**
 * `npm run cost -- [--json] [--explain] [--usage <file.json>] [--stack <dir|cdk.tf.json>]... [env...]`:
 * the monthly estimate of each example environment (all when none is named) or of any
 * synthesized stack (a platform team's), as tables or as JSON.
 */
import * as fs from "node:fs";
import { resolveUsage } from "../../constructs/config/validation/usage";
import type { Estimate } from "./estimate";
import { costDiff, renderCostDiff } from "./diff";
import { renderBasis, renderEstimate } from "./render";
import { AppEnvironments, estimateEnvironments, estimateOrWhy, estimateStack, NotEstimated, readStack, UsageOverride } from "./stacks";

export const COST_USAGE =
  "usage: npm run cost -- [--json] [--explain] [--usage <file.json>] [--stack <dir|cdk.tf.json>]... [env...]\n" +
  "  env: an environment of the app (all when none and no --stack is given)\n" +
  "  --stack: a synthesized stack (cdktf.out/stacks/<name>), such as a platform team's\n" +
  "  --usage: usage assumptions (JSON) for every estimate, instead of each stack's own\n" +
  "  --explain: how each line's quantity was reached\n" +
  "  --diff <before> <after>: the cost change between two synthesized outputs (cdktf.out of main and of a branch), as markdown\n" +
  "  --strict: exit 1 when a stack cannot be priced (a region the catalogue lacks); otherwise it is named and the rest priced";

/** Runs the command: the text to print. Throws on bad arguments or files. */
export function costFromArguments(argv: readonly string[], app: AppEnvironments = { environments: [] }): string {
  return runCost(argv, app).output;
}

/**
 * Runs the command over the environments of `app` (which its script hands in) or the stacks it
 * is given: what to print, and whether it fails (`--strict` and a stack not priced).
 */
export function runCost(argv: readonly string[], app: AppEnvironments = { environments: [] }): { output: string; failed: boolean } {
  let strict = false;
  let diff: (string | undefined)[] | undefined;
  let json = false;
  let explain = false;
  let override: UsageOverride | undefined;
  const stacks: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") json = true;
    else if (arg === "--strict") strict = true;
    else if (arg === "--diff") {
      diff = [argv[i + 1], argv[i + 2]];
      if (diff.some((d) => d === undefined)) throw new Error(`--diff needs two synthesized outputs\n${COST_USAGE}`);
      i += 2;
    } else if (arg === "--explain") explain = true;
    else if (arg === "--usage" || arg === "--stack") {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value\n${COST_USAGE}`);
      if (arg === "--stack") stacks.push(value);
      else override = { usage: resolveUsage(JSON.parse(fs.readFileSync(value, "utf8")), `usage file ${value}`), source: value };
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}\n${COST_USAGE}`);
    else names.push(arg);
  }
  if (diff) {
    const diffs = costDiff(diff[0]!, diff[1]!);
    const failed = strict && diffs.some((d) => d.change === undefined);
    return { output: json ? JSON.stringify(diffs, null, 2) + "\n" : renderCostDiff(diffs), failed };
  }
  const estimates: (Estimate | NotEstimated)[] = [
    ...(names.length > 0 || stacks.length === 0 ? estimateEnvironments(app, names, override) : []),
    ...stacks.map((s) => {
      const { name, stack } = readStack(s);
      return estimateOrWhy(name, () => estimateStack(name, stack, override));
    }),
  ];
  const failed = strict && estimates.some((e) => "error" in e);
  if (json) return { output: JSON.stringify(estimates, null, 2) + "\n", failed };
  const text = estimates.map((e) =>
    "error" in e
      ? `${e.environment}: not estimated: ${e.error}\n`
      : renderEstimate(e) + (explain ? "\n  How each line is computed:\n" + renderBasis(e) : ""),
  );
  return { output: text.join("\n"), failed };
}
