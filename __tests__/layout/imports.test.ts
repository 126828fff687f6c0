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
 * The layers of each layered part of the tree, lowest first: a folder may import its own files
 * and folders of lower layers only. `constructs/` is the library of constructs; `analysis/` the
 * programs that read records (the explainer and the report, and their command runner), which
 * synthesize nothing and load no construct.
 */
export const LAYERS: Readonly<Record<"constructs" | "analysis", Readonly<Record<string, number>>>> = {
  constructs: {
    shared: 0,
    records: 0,
    config: 1,
    network: 2,
    "flow-logs": 2,
    guardrails: 2,
    state: 2,
    monitoring: 3,
    athena: 3,
    stacks: 4,
  },
  analysis: { command: 0, explain: 1, report: 2 },
};

/** The files outside the stacks where config enters and is validated. */
const CONFIG_ENTRIES = ["constructs/flow-logs/destinations/destination.ts"];

/** Where a file or an import's target is: its top folder, and its folder there ("" for the part's entry file). */
interface Place {
  readonly path: string;
  readonly top: string;
  readonly folder?: string;
}

function placeOf(rel: string): Place {
  const parts = rel.split("/");
  const top = parts[0];
  if (!(top in LAYERS)) return { path: rel, top };
  const folder = parts.length === 1 || (parts.length === 2 && /^index(\.ts)?$/.test(parts[1])) ? "" : parts[1];
  return { path: rel, top, folder };
}

/** Both ends in one layered part, each in a folder of it (not its entry). */
const inOnePart = (from: Place, to: Place) => from.top === to.top && !!from.folder && !!to.folder && from.top in LAYERS;
const layerOf = (p: Place) => LAYERS[p.top as keyof typeof LAYERS][p.folder!];

/** The rules an import must keep, each with its reason; the first it breaks is reported. */
const RULES: readonly { readonly breaks: (from: Place, to: Place) => boolean; readonly why: (from: Place, to: Place) => string }[] = [
  {
    breaks: (f, t) => f.top === "constructs" && t.top !== "constructs",
    why: () => "the library imports nothing outside constructs/",
  },
  {
    breaks: (f, t) => f.top === "analysis" && !["analysis", "constructs"].includes(t.top),
    why: () => "the programs that read records import nothing outside analysis/ but the records and shared building blocks",
  },
  {
    breaks: (f, t) => f.top === "analysis" && t.top === "constructs" && !["records", "shared"].includes(t.folder ?? ""),
    why: () => "analysis loads no construct: of constructs/ it imports records/ and shared/ only",
  },
  { breaks: (f, t) => f.top === "tools" && t.top === "scripts", why: () => "tools are imported by scripts, not the other way" },
  {
    breaks: (f, t) => f.top === "tools" && t.top === "environments",
    why: () => "tools take an app's environments or synthesized stacks from their script, never this app's environments/",
  },
  {
    breaks: (f, t) => !!f.folder && t.top === f.top && t.folder === "",
    why: () => "a folder imports folders, never the library entry",
  },
  {
    breaks: (f, t) => inOnePart(f, t) && t.folder !== f.folder && !(layerOf(t) < layerOf(f)),
    why: (f, t) => `layer ${f.folder} (${layerOf(f)}) may import only lower layers, not ${t.folder} (${layerOf(t)})`,
  },
  {
    breaks: (f, t) =>
      f.top === "constructs" &&
      t.path.startsWith("constructs/config/validation") &&
      !["stacks", "", "config"].includes(f.folder ?? "") &&
      !CONFIG_ENTRIES.includes(f.path),
    why: () => "only the stacks validate config; constructs take resolved values",
  },
];

/** Every import of a file that breaks the layering, as `<file>: imports <target> (<why>)`. */
export function layeringViolations(files: readonly { path: string; code: string }[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    const from = placeOf(f.path);
    for (const spec of specifiers(f.code)) {
      if (!spec.startsWith(".")) continue;
      const to = placeOf(path.posix.normalize(path.posix.join(path.posix.dirname(f.path), spec)));
      const rule = RULES.find((r) => r.breaks(from, to));
      if (rule) out.push(`${f.path}: imports ${spec} (${rule.why(from, to)})`);
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

  test.each(Object.keys(LAYERS))("every folder of %s/ has a layer", (part) => {
    const folders = fs
      .readdirSync(path.join(root, part), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(folders.sort()).toEqual(Object.keys(LAYERS[part as keyof typeof LAYERS]).sort());
  });

  test("no import circle inside constructs/ or analysis/, type-only imports included", () => {
    const files = tree().filter((f) => f.path.startsWith("constructs/") || f.path.startsWith("analysis/"));
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
    expect(files.filter((f) => f.path.startsWith("analysis/")).length).toBeGreaterThan(20);
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
      name: "the library importing the explainer",
      path: "constructs/stacks/x.ts",
      code: 'import { explainRecords } from "../../analysis/explain";',
      why: "the library imports nothing outside constructs/",
    },
    {
      name: "the explainer importing a construct",
      path: "analysis/explain/x.ts",
      code: 'import { FlowLogs } from "../../constructs/flow-logs";',
      why: "analysis loads no construct",
    },
    {
      name: "the explainer importing the report",
      path: "analysis/explain/x.ts",
      code: 'import { reportPage } from "../report/page";',
      why: "layer explain (1) may import only lower layers, not report (2)",
    },
    {
      name: "the explainer importing a tool",
      path: "analysis/explain/x.ts",
      code: 'import "../../tools/terraform";',
      why: "import nothing outside analysis/",
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

describe("tests of the examples", () => {
  test("in-process tests take the examples from support/examples, never the app's list a team's data files join", () => {
    const root = path.join(__dirname, "..", "..");
    const tests = sourceFiles(path.join(root, "__tests__")).filter(
      (f) => /\.test\.ts$/.test(f) && !f.includes(`${path.sep}terraform${path.sep}`) && f !== __filename,
    );
    const offenders = tests.filter((f) =>
      /import\s*{[^}]*\benvironments\b[^}]*}\s*from\s*"(\.\.\/)+environments"/.test(fs.readFileSync(f, "utf8")),
    );
    expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
  });
});
