/**
 * `npm run cost -- [--json] [--explain] [--usage <file.json>] [--stack <dir|cdk.tf.json>]... [env...]`:
 * the monthly estimate of each example environment (all when none is named) or of any
 * synthesized stack (a platform team's), as tables or as JSON.
 */
import * as fs from "node:fs";
import { resolveUsage } from "../../constructs/config/validation/usage";
import type { Estimate } from "./estimate";
import { renderBasis, renderEstimate } from "./render";
import { estimateEnvironments, estimateStack, readStack, UsageOverride } from "./stacks";

export const COST_USAGE =
  "usage: npm run cost -- [--json] [--explain] [--usage <file.json>] [--stack <dir|cdk.tf.json>]... [env...]\n" +
  "  env: an environment of environments/ (all when none and no --stack is given)\n" +
  "  --stack: a synthesized stack (cdktf.out/stacks/<name>), such as a platform team's\n" +
  "  --usage: usage assumptions (JSON) for every estimate, instead of each stack's own\n" +
  "  --explain: how each line's quantity was reached";

/** Runs the command: the text to print. Throws on bad arguments, files or a missing price. */
export function costFromArguments(argv: readonly string[]): string {
  let json = false;
  let explain = false;
  let override: UsageOverride | undefined;
  const stacks: string[] = [];
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--json") json = true;
    else if (arg === "--explain") explain = true;
    else if (arg === "--usage" || arg === "--stack") {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${arg} needs a value\n${COST_USAGE}`);
      if (arg === "--stack") stacks.push(value);
      else override = { usage: resolveUsage(JSON.parse(fs.readFileSync(value, "utf8")), `usage file ${value}`), source: value };
    } else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}\n${COST_USAGE}`);
    else names.push(arg);
  }
  const estimates: Estimate[] = [
    ...(names.length > 0 || stacks.length === 0 ? estimateEnvironments(names, override) : []),
    ...stacks.map((s) => {
      const { name, stack } = readStack(s);
      return estimateStack(name, stack, override);
    }),
  ];
  if (json) return JSON.stringify(estimates, null, 2) + "\n";
  return estimates.map((e) => renderEstimate(e) + (explain ? "\n  How each line is computed:\n" + renderBasis(e) : "")).join("\n");
}
