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
    const root = path.join(__dirname, "..");
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
