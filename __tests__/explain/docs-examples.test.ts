/**
 * The worked examples of the documentation are what the program prints: each example folder
 * under docs/examples/ holds the input files, and the page that shows it holds the command (an
 * `npm run explain -- ...` line in a `sh` block after the folder's marker) and, in the `text`
 * block after it, the output. The test runs that command in that folder and compares.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { explainArguments } from "../../analysis/explain/arguments";
import { runExplainCommand } from "../support/explain-run";

const ROOT = path.join(__dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "docs", "examples");
/** The pages that may show an example: README and every page under docs/. */
const pages = () => [
  path.join(ROOT, "README.md"),
  ...fs
    .readdirSync(path.join(ROOT, "docs"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join(ROOT, "docs", f)),
];

/** Words of a shell line, with single and double quotes. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

/** The command and the output a page shows after an example's marker (and where the output is in the page). */
function shown(example: string): { page: string; argv: string[]; output: string; at: number } {
  const marker = `<!-- example: docs/examples/${example} -->`;
  for (const page of pages()) {
    const text = fs.readFileSync(page, "utf8");
    const at = text.indexOf(marker);
    if (at < 0) continue;
    const after = text.slice(at + marker.length);
    const command = /```sh\n([^\n]*)\n```/.exec(after);
    const output = /```text\n([\s\S]*?)\n```/.exec(after);
    if (!command || !output)
      throw new Error(`${page}: the example ${example} needs a sh block with its command and a text block with its output`);
    const words = shellWords(command[1].replace(/\s+#.*$/, ""));
    expect(words.slice(0, 4)).toEqual(["npm", "run", "explain", "--"]);
    return { page, argv: words.slice(4), output: output[1], at: at + marker.length + output.index + "```text\n".length };
  }
  throw new Error(`no page shows the example ${example} (a marker ${marker})`);
}

const examples = fs.readdirSync(EXAMPLES).filter((e) => fs.statSync(path.join(EXAMPLES, e)).isDirectory());

test("there are examples to check", () => {
  expect(examples).toEqual(expect.arrayContaining(["nat-gateway", "icmp-types"]));
});

/**
 * With `UPDATE_DOCS_EXAMPLES=1` a page whose output differs is rewritten (as `jest -u` rewrites
 * snapshots): review the diff.
 */
test.each(examples)("docs/examples/%s: the page shows what the command prints", async (example) => {
  const { page, argv, output, at } = shown(example);
  const cwd = process.cwd();
  process.chdir(path.join(EXAMPLES, example));
  try {
    const args = explainArguments(argv);
    const files = args.files.map((f: string) => fs.readFileSync(f));
    expect(files.length).toBeGreaterThan(0);
    const { stdout, stderr } = await runExplainCommand(args);
    const printed = `${stdout}${stderr}`.trimEnd();
    if (printed !== output && process.env.UPDATE_DOCS_EXAMPLES === "1") {
      const text = fs.readFileSync(page, "utf8");
      fs.writeFileSync(page, text.slice(0, at) + printed + text.slice(at + output.length));
      return;
    }
    expect(printed).toBe(output);
  } finally {
    process.chdir(cwd);
  }
});
