/**
 * The figures of docs/cost.md are the program's: its table of the example environments is what
 * `npm run cost -- --json` gives for them (each total, and the three largest kinds of charge).
 * With `UPDATE_DOCS_EXAMPLES=1` a stale table is rewritten (review the diff).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { APP_OPTIONS } from "../../environments";
import { costFromArguments } from "../../tools/cost/command";
import { EXAMPLE_ENVIRONMENTS } from "../support/examples";

const PAGE = path.join(__dirname, "..", "..", "docs", "cost.md");
const START = "<!-- the example environments' estimates: __tests__/tools/cost-docs.test.ts -->";
const END = "<!-- end of the estimates -->";

interface Estimate {
  environment: string;
  total: number;
  lines: { description: string; monthly: number }[];
}

const dollars = (n: number) => `$${n.toFixed(2)}`;

/** The table: a row per example environment, its total and its three largest charges by kind. */
function table(): string {
  const estimates = JSON.parse(
    costFromArguments(["--json", ...EXAMPLE_ENVIRONMENTS.map((e) => e.name)], { environments: [...EXAMPLE_ENVIRONMENTS], ...APP_OPTIONS }),
  ) as Estimate[];
  const rows = estimates.map((e) => {
    const byKind = new Map<string, number>();
    for (const l of e.lines) byKind.set(l.description, (byKind.get(l.description) ?? 0) + l.monthly);
    const largest = [...byKind]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3)
      .map(([description, monthly]) => `${description} (${dollars(monthly)})`);
    return `| ${e.environment} | ${dollars(e.total)} | ${largest.join(", ")} |`;
  });
  return ["| Environment | A month | The largest charges |", "| --- | ---: | --- |", ...rows].join("\n");
}

test("docs/cost.md's table of the examples is what npm run cost gives", () => {
  const text = fs.readFileSync(PAGE, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  expect([start > 0, end > start]).toEqual([true, true]);
  const shown = text.slice(start + START.length, end).trim();
  const made = table();
  if (shown !== made && process.env.UPDATE_DOCS_EXAMPLES === "1") {
    fs.writeFileSync(PAGE, `${text.slice(0, start + START.length)}\n\n${made}\n\n${text.slice(end)}`);
    return;
  }
  expect(shown).toBe(made);
});
