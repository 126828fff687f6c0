/**
 * `npm run cost -- --diff <before> <after>`: what a change of config does to the monthly cost,
 * from two synthesized outputs (`cdktf.out` of main and of a branch), with no plan and no AWS
 * account: per stack the total before and after, and each resource and item whose cost moves.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { synthesizedStacks } from "../terraform/manifest";
import { changedLines, type CostChange, type Estimate } from "./estimate";
import { usd } from "./render";
import { estimateOrWhy, estimateStack, NotEstimated, readStack } from "./stacks";

/** One stack's cost before and after; a side is absent where the stack does not exist. */
export interface StackCostDiff {
  readonly stack: string;
  readonly before?: Estimate | NotEstimated;
  readonly after?: Estimate | NotEstimated;
  /** after − before, a month; undefined when a side could not be priced. */
  readonly change?: number;
  /** Each resource and item whose monthly cost moves, largest change first. */
  readonly lines: readonly CostChange[];
}

/** The stacks of a synthesized output: `cdktf.out` (its manifest), or a folder of stack folders. */
function stacksIn(outdir: string): Map<string, string> {
  if (!fs.existsSync(outdir)) throw new Error(`--diff: ${outdir} does not exist (expected a synthesized output such as cdktf.out)`);
  if (fs.existsSync(path.join(outdir, "manifest.json"))) return new Map(synthesizedStacks(outdir).map((s) => [s.name, s.dir]));
  const root = fs.existsSync(path.join(outdir, "stacks")) ? path.join(outdir, "stacks") : outdir;
  return new Map(
    fs
      .readdirSync(root)
      .filter((d) => fs.existsSync(path.join(root, d, "cdk.tf.json")))
      .map((d) => [d, path.join(root, d)]),
  );
}

const priced = (e: Estimate | NotEstimated | undefined): e is Estimate => e !== undefined && !("error" in e);

/** The cost of each stack of `after` against the same stack of `before` (a stack of one side only: from or to nothing). */
export function costDiff(beforeDir: string, afterDir: string): StackCostDiff[] {
  const before = stacksIn(beforeDir);
  const after = stacksIn(afterDir);
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  return names.flatMap((name): StackCostDiff[] => {
    const side = (dirs: Map<string, string>) => {
      const dir = dirs.get(name);
      return dir === undefined ? undefined : estimateOrWhy(name, () => estimateStack(name, readStack(dir).stack));
    };
    const b = side(before);
    const a = side(after);
    // A stack that prices nothing either side (the state bootstrap has no flow logs) is no news.
    if ((b === undefined || priced(b)) && (a === undefined || priced(a))) {
      const change = (a?.total ?? 0) - (b?.total ?? 0);
      return [{ stack: name, ...(b ? { before: b } : {}), ...(a ? { after: a } : {}), change, lines: changedLines(b, a) }];
    }
    return [{ stack: name, ...(b ? { before: b } : {}), ...(a ? { after: a } : {}), lines: [] }];
  });
}

/** A change as the summary shows it: signed, and under half a cent no change at all (no sign). */
function signed(n: number): string {
  const shown = Math.abs(n) < 0.005 ? 0 : n;
  return `${shown > 0 ? "+" : ""}${usd(shown)}`;
}

/** The diff as markdown, for a pull request's summary: a line per stack, the moving lines under it. */
export function renderCostDiff(diffs: readonly StackCostDiff[]): string {
  const out = ["### Monthly cost, this change against the base (no plan: priced from the synthesized stacks)", ""];
  for (const d of diffs) {
    const total = (e: Estimate | NotEstimated | undefined) =>
      e === undefined ? "$0.00 (no stack)" : "error" in e ? "not estimated" : usd(e.total);
    if (d.change === undefined) {
      const why = [d.before, d.after].find((e): e is NotEstimated => e !== undefined && "error" in e);
      out.push(`- \`${d.stack}\`: not estimated (${why?.error ?? "no price"})`);
      continue;
    }
    out.push(`- \`${d.stack}\`: ${total(d.before)} → ${total(d.after)} (**${signed(d.change)}** a month)`);
    for (const l of d.lines) out.push(`  - ${l.resource} ${l.item}: ${usd(l.before)} → ${usd(l.after)} (${signed(l.after - l.before)})`);
  }
  return out.join("\n") + "\n";
}
