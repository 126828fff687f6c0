/**
 * `npm run cost -- --diff`: the stacks of two synthesized outputs matched by name, in the
 * layouts a team has them (cdktf.out with its manifest, a folder of stack folders), each priced
 * or said why not; the lines that move, largest first; and the summary a pull request shows.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { EnvironmentConfig } from "../../constructs";
import { changedLines, costDiff, renderCostDiff, type Estimate, type StackCostDiff } from "../../tools/cost";
import { environmentWith, synthEnvironment, writtenJson } from "../support/helpers";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-cost-diff-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Writes each environment's stack as `<folder>/<name>/cdk.tf.json`; returns the folder. */
function stacksFolder(folder: string, environments: EnvironmentConfig[]): string {
  for (const env of environments) {
    fs.mkdirSync(path.join(folder, env.name), { recursive: true });
    fs.writeFileSync(path.join(folder, env.name, "cdk.tf.json"), JSON.stringify(writtenJson(synthEnvironment(env).stack)));
  }
  return folder;
}

/** An estimate with the given lines, as changedLines and renderCostDiff read it. */
const estimateWith = (total: number, lines: [address: string, item: string, monthly: number][]): Estimate =>
  ({
    environment: "e",
    total,
    lines: lines.map(([address, item, monthly]) => ({ address, resource: `label of ${address}`, item, monthly })),
  }) as unknown as Estimate;

describe("the stacks of two outputs", () => {
  test("a folder of stack folders (with or without stacks/), matched by name, sorted; folders without a stack are not stacks", () => {
    const one = environmentWith({ name: "one" });
    const two = environmentWith({ name: "two", network: { natGateways: "single" } });
    // Before: cdktf.out's layout without a manifest (stacks/<name>); after: the stack folders themselves.
    const before = path.join(dir, "before");
    stacksFolder(path.join(before, "stacks"), [two]);
    const after = stacksFolder(path.join(dir, "after"), [two, one]);
    fs.mkdirSync(path.join(after, "notes"));
    const diffs = costDiff(before, after);
    expect(diffs.map((d) => [d.stack, d.before !== undefined, d.after !== undefined])).toEqual([
      ["one", false, true],
      ["two", true, true],
    ]);
    const [added, same] = diffs;
    expect(added.change).toBeCloseTo((added.after as Estimate).total, 9);
    expect(added.lines.length).toBe((added.after as Estimate).lines.filter((l) => Math.abs(l.monthly) >= 0.005).length);
    expect(same.change).toBe(0);
    expect(same.lines).toEqual([]);
  });

  test("a stack that cannot be priced on one side: no change, no lines, and the summary says why", () => {
    const saoPaulo = environmentWith({ name: "sp", region: "sa-east-1", network: { availabilityZones: ["sa-east-1a", "sa-east-1c"] } });
    const before = stacksFolder(path.join(dir, "before"), [environmentWith({ name: "sp" })]);
    const after = stacksFolder(path.join(dir, "after"), [saoPaulo]);
    const [d] = costDiff(before, after);
    expect(d.stack).toBe("sp");
    expect(d.change).toBeUndefined();
    expect(d.lines).toEqual([]);
    expect((d.before as Estimate).total).toBeGreaterThan(0);
    expect(d.after).toEqual({ environment: "sp", error: expect.stringMatching(/^no price for "[\w-]+" in sa-east-1: /) });
    expect(renderCostDiff([d]).split("\n")[2]).toBe(`- \`sp\`: not estimated (${(d.after as { error: string }).error})`);
    // Unpriced either side, or on the side that exists.
    const empty = path.join(dir, "empty");
    fs.mkdirSync(empty);
    const [gone] = costDiff(after, empty);
    expect(gone).toMatchObject({ stack: "sp", lines: [] });
    expect(gone.change).toBeUndefined();
    expect(gone.after).toBeUndefined();
  });

  test("a folder that does not exist is refused, naming it and what is expected", () => {
    const missing = path.join(dir, "nowhere");
    expect(() => costDiff(missing, dir)).toThrow(`--diff: ${missing} does not exist (expected a synthesized output such as cdktf.out)`);
    expect(() => costDiff(dir, missing)).toThrow(`--diff: ${missing} does not exist`);
  });
});

describe("the lines that move", () => {
  test("summed per resource and item either side; half a cent or more; the largest change first, then by address", () => {
    const before = estimateWith(10, [
      ["b.x", "kms-key", 1],
      ["a.x", "kms-key", 2],
      ["c.x", "dashboard", 3],
      ["c.x", "dashboard", 1],
      ["d.x", "sns-email", 0.5],
      ["f.x", "dashboard", 0],
    ]);
    const after = estimateWith(12, [
      ["a.x", "kms-key", 4],
      ["b.x", "kms-key", 3],
      ["c.x", "dashboard", 4.004],
      ["e.x", "nat-gateway-hour", 1],
      ["d.x", "sns-email", 0.495],
      // Exactly half a cent moves.
      ["f.x", "dashboard", 0.005],
    ]);
    expect(changedLines(before, after).map((c) => [c.address, c.item, c.before, c.after, c.resource])).toEqual([
      ["a.x", "kms-key", 2, 4, "label of a.x"],
      ["b.x", "kms-key", 1, 3, "label of b.x"],
      ["e.x", "nat-gateway-hour", 0, 1, "label of e.x"],
      ["d.x", "sns-email", 0.5, 0.495, "label of d.x"],
      ["f.x", "dashboard", 0, 0.005, "label of f.x"],
    ]);
    // Either order of the same two sides: the same lines, turned over.
    expect(changedLines(after, before).map((c) => [c.address, c.before, c.after])).toEqual([
      ["a.x", 4, 2],
      ["b.x", 3, 1],
      ["e.x", 1, 0],
      ["d.x", 0.495, 0.5],
      ["f.x", 0.005, 0],
    ]);
    expect(changedLines(undefined, after).map((c) => c.address)).toEqual(["c.x", "a.x", "b.x", "e.x", "d.x", "f.x"]);
    expect(changedLines(before, undefined).map((c) => [c.address, c.after])).toEqual([
      ["c.x", 0],
      ["a.x", 0],
      ["b.x", 0],
      ["d.x", 0],
    ]);
  });
});

describe("the summary of a pull request", () => {
  const row = (
    stack: string,
    before: number | undefined,
    after: number | undefined,
    lines: StackCostDiff["lines"] = [],
  ): StackCostDiff => ({
    stack,
    ...(before === undefined ? {} : { before: estimateWith(before, []) }),
    ...(after === undefined ? {} : { after: estimateWith(after, []) }),
    change: (after ?? 0) - (before ?? 0),
    lines,
  });

  test("a line per stack with its totals and signed change; under it each moving line; a stack of one side costs from or to nothing", () => {
    const text = renderCostDiff([
      row("dev", 24.5, 92.41, [
        { address: "a", resource: "network/nat-gateway-0", item: "nat-gateway-hour", before: 0, after: 45.26 },
        { address: "b", resource: "flow-logs/cloudwatch/log-group", item: "logs-storage", before: 10, after: 4 },
      ]),
      row("gone", 1234.5, undefined),
      row("same", 5, 5.004),
      row("cheaper", 5.004, 5),
      row("new", undefined, 0.002),
      row("half a cent", 0, 0.005),
    ]);
    expect(text).toBe(
      [
        "### Monthly cost, this change against the base (no plan: priced from the synthesized stacks)",
        "",
        "- `dev`: $24.50 → $92.41 (**+$67.91** a month)",
        "  - network/nat-gateway-0 nat-gateway-hour: $0.00 → $45.26 (+$45.26)",
        "  - flow-logs/cloudwatch/log-group logs-storage: $10.00 → $4.00 (-$6.00)",
        "- `gone`: $1,234.50 → $0.00 (no stack) (**-$1,234.50** a month)",
        // Under half a cent is no change, whichever way.
        "- `same`: $5.00 → $5.00 (**$0.00** a month)",
        "- `cheaper`: $5.00 → $5.00 (**$0.00** a month)",
        "- `new`: $0.00 (no stack) → $0.0020 (**$0.00** a month)",
        "- `half a cent`: $0.00 → $0.0050 (**+$0.0050** a month)",
        "",
      ].join("\n"),
    );
  });

  test("a stack not estimated says why, or that a price is missing", () => {
    const why: StackCostDiff = { stack: "x", before: { environment: "x", error: "no price for y" }, lines: [] };
    const neither: StackCostDiff = { stack: "z", lines: [] };
    expect(renderCostDiff([why, neither]).split("\n").slice(2)).toEqual([
      "- `x`: not estimated (no price for y)",
      "- `z`: not estimated (no price)",
      "",
    ]);
  });
});
