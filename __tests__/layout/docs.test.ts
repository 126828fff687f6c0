/**
 * The documentation holds together: README is a front page over docs/, every link between the
 * pages reaches a file and a heading that exist, and every command a page shows is one the
 * project has.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const PAGES = [
  "README.md",
  ...fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const text = (page: string) => fs.readFileSync(path.join(ROOT, page), "utf8");

/** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
const anchors = (page: string) => new Set([...text(page).matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));

describe("the documentation", () => {
  test("README is a front page: short, and it links every page of docs/", () => {
    const readme = text("README.md");
    expect(readme.split("\n").length).toBeLessThan(150);
    for (const page of PAGES.filter((p) => p.startsWith("docs/"))) expect(readme).toContain(`](${page})`);
  });

  test("every link between the pages reaches a file, and a heading of it where it names one", () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      for (const [, target] of text(page).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:)/.test(target)) continue;
        const [file, anchor] = target.split("#");
        const resolved = file === "" ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
        if (!fs.existsSync(path.join(ROOT, resolved))) broken.push(`${page}: ${target} (no file ${resolved})`);
        else if (anchor !== undefined && resolved.endsWith(".md") && !anchors(resolved).has(anchor))
          broken.push(`${page}: ${target} (no heading #${anchor} in ${resolved})`);
      }
    }
    expect(broken).toEqual([]);
  });

  test("every `npm run` a page shows is a script of package.json", () => {
    const scripts = Object.keys((JSON.parse(text("package.json")) as { scripts: Record<string, string> }).scripts);
    const unknown: string[] = [];
    for (const page of [...PAGES, "help"])
      for (const [, name] of text(page).matchAll(/npm run (?:--silent )?([\w:-]+)/g))
        if (!scripts.includes(name)) unknown.push(`${page}: npm run ${name}`);
    expect(unknown).toEqual([]);
  });
});
