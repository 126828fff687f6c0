import * as fs from "node:fs";
import * as path from "node:path";

/** The project's own TypeScript files (not dependencies, not output). */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    if (["node_modules", "dist", "cdktf.out", ".git", "coverage"].includes(d.name) || d.name.startsWith(".")) return [];
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : /\.(ts|js)$/.test(d.name) ? [p] : [];
  });
}

/** Module specifiers of import, export ... from, require() and import(). */
function specifiers(code: string): string[] {
  const re = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
  return [...code.matchAll(re)].map((m) => m[1]);
}

/** An import that loads the whole provider (about 2,300 modules) instead of one resource. */
export function isProviderIndexImport(spec: string): boolean {
  return /^@cdktf\/provider-aws(?:\/lib)?\/?$/.test(spec) || /^@cdktf\/provider-aws\/lib\/index(?:\.js)?$/.test(spec);
}

describe("provider imports", () => {
  test("the check recognizes index imports and allows deep ones", () => {
    // Built from parts so that this file does not hold the imports it tests for.
    const pkg = ["@cdktf", "provider-aws"].join("/");
    expect(specifiers(`import { Vpc } from "${pkg}";\nconst x = require("${pkg}/lib");\nimport "${pkg}/lib/vpc";`)).toEqual([
      pkg,
      `${pkg}/lib`,
      `${pkg}/lib/vpc`,
    ]);
    expect(isProviderIndexImport("@cdktf/provider-aws")).toBe(true);
    expect(isProviderIndexImport("@cdktf/provider-aws/lib")).toBe(true);
    expect(isProviderIndexImport("@cdktf/provider-aws/lib/index")).toBe(true);
    expect(isProviderIndexImport("@cdktf/provider-aws/lib/vpc")).toBe(false);
  });

  test("every provider class is imported by deep path, never from the package index", () => {
    const root = path.join(__dirname, "..", "..");
    const files = sourceFiles(root);
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.flatMap((f) =>
      specifiers(fs.readFileSync(f, "utf8"))
        .filter(isProviderIndexImport)
        .map((s) => `${path.relative(root, f)}: "${s}"`),
    );
    expect(offenders).toEqual([]);
  });
});

/**
 * The layers of the library, lowest first: a folder may import its own files and folders of
 * lower layers only. The validator is where config enters: only the stacks (and the library
 * entry) call it, and the destination objects, whose factories take config that is checked
 * when they are bound (in their environment); other constructs take resolved values.
 */
export const LAYERS: Readonly<Record<string, number>> = {
  shared: 0,
  records: 0,
  config: 1,
  explain: 1,
  report: 2,
  network: 2,
  "flow-logs": 2,
  guardrails: 2,
  state: 2,
  monitoring: 3,
  athena: 3,
  stacks: 4,
};

/** The files outside the stacks where config enters and is validated. */
const CONFIG_ENTRIES = ["constructs/flow-logs/destinations/destination.ts"];

/** The folder of a file or import target under constructs/ ("" for the library entry), or undefined outside. */
function constructsFolder(rel: string): string | undefined {
  const parts = rel.split("/");
  if (parts[0] !== "constructs") return undefined;
  if (parts.length === 1 || (parts.length === 2 && /^index(\.ts)?$/.test(parts[1]))) return "";
  return parts[1];
}

/** Every import of a file that breaks the layering, as `<file>: imports <target> (<why>)`. */
export function layeringViolations(files: readonly { path: string; code: string }[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const from = constructsFolder(f.path);
    const top = f.path.split("/")[0];
    for (const spec of specifiers(f.code)) {
      if (!spec.startsWith(".")) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(f.path), spec));
      const to = constructsFolder(target);
      const targetTop = target.split("/")[0];
      const why =
        top === "constructs" && ["tools", "scripts", "environments", "__tests__"].includes(targetTop)
          ? "the library imports nothing outside constructs/"
          : top === "tools" && targetTop === "scripts"
            ? "tools are imported by scripts, not the other way"
            : top === "tools" && targetTop === "environments"
              ? "tools take an app's environments or synthesized stacks from their script, never this app's environments/"
              : from !== undefined && from !== "" && to !== undefined && to !== from && to === ""
                ? "a folder imports folders, never the library entry"
                : from !== undefined && from !== "" && to !== undefined && to !== "" && to !== from && !(LAYERS[to] < LAYERS[from])
                  ? `layer ${from} (${LAYERS[from]}) may import only lower layers, not ${to} (${LAYERS[to]})`
                  : from !== undefined &&
                      target.startsWith("constructs/config/validation") &&
                      !["stacks", ""].includes(from) &&
                      from !== "config" &&
                      !CONFIG_ENTRIES.includes(f.path)
                    ? "only the stacks validate config; constructs take resolved values"
                    : undefined;
      if (why) out.push(`${f.path}: imports ${spec} (${why})`);
    }
  }
  return out;
}

describe("layering of the library", () => {
  const root = path.join(__dirname, "..", "..");
  const tree = () =>
    sourceFiles(root)
      .filter((f) => /\.ts$/.test(f))
      .map((f) => ({ path: path.relative(root, f).split(path.sep).join("/"), code: fs.readFileSync(f, "utf8") }));

  test("every folder of constructs/ has a layer", () => {
    const folders = fs
      .readdirSync(path.join(root, "constructs"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.sort()).toEqual(Object.keys(LAYERS).sort());
  });

  test("no import circle inside constructs/, type-only imports included", () => {
    const files = tree().filter((f) => f.path.startsWith("constructs/"));
    const known = new Set(files.map((f) => f.path));
    const resolve = (from: string, spec: string) => {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
      return [`${target}.ts`, `${target}/index.ts`].find((t) => known.has(t));
    };
    const edges = new Map(
      files.map((f) => [
        f.path,
        specifiers(f.code)
          .filter((s) => s.startsWith("."))
          .flatMap((s) => resolve(f.path, s) ?? []),
      ]),
    );
    const circles: string[] = [];
    const done = new Set<string>();
    const visit = (file: string, trail: string[]): void => {
      if (trail.includes(file)) {
        circles.push([...trail.slice(trail.indexOf(file)), file].join(" -> "));
        return;
      }
      if (done.has(file)) return;
      for (const next of edges.get(file) ?? []) visit(next, [...trail, file]);
      done.add(file);
    };
    for (const f of edges.keys()) visit(f, []);
    expect(circles).toEqual([]);
  });

  test("the tree keeps its layers", () => {
    const files = tree();
    expect(files.filter((f) => f.path.startsWith("constructs/")).length).toBeGreaterThan(30);
    expect(layeringViolations(files)).toEqual([]);
  });

  test.each([
    {
      name: "a lower layer importing a higher one",
      path: "constructs/shared/x.ts",
      code: 'import { Monitoring } from "../monitoring/monitoring";',
      why: "layer shared (0) may import only lower layers, not monitoring (3)",
    },
    {
      name: "peers of one layer",
      path: "constructs/network/x.ts",
      code: 'import { FlowLogs } from "../flow-logs/flow-logs";',
      why: "layer network (2) may import only lower layers, not flow-logs (2)",
    },
    {
      name: "a construct calling the validator",
      path: "constructs/flow-logs/x.ts",
      code: 'import { validateEnvironment } from "../config/validation/environment";',
      why: "only the stacks validate config",
    },
    {
      name: "a folder importing the library entry",
      path: "constructs/monitoring/x.ts",
      code: 'import { FlowLogs } from "..";',
      why: "never the library entry",
    },
    {
      name: "the library importing a tool",
      path: "constructs/stacks/x.ts",
      code: 'import { findTerraform } from "../../tools/terraform";',
      why: "nothing outside constructs/",
    },
    {
      name: "a tool importing the example environments",
      path: "tools/cost/x.ts",
      code: 'import { environments } from "../../environments";',
      why: "never this app's environments/",
    },
    {
      name: "a tool importing a script",
      path: "tools/cost/y.ts",
      code: 'import "../../scripts/bench";',
      why: "tools are imported by scripts",
    },
  ])("refuses $name", ({ path: file, code, why }) => {
    const found = layeringViolations([{ path: file, code }]);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(why);
  });
});
