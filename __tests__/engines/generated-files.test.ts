/**
 * The config declared once: the generated types, JSON Schema and field reference (docs/configuration.md) are what the
 * declarations give, formatted by Prettier (in a process of its own: tools/schema/files.ts), and
 * a check that fails when one is stale; and the public API's reports (docs/api), checked the same way.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ObjectDecl } from "../../constructs/config/fields/declare";
import { ENVIRONMENT } from "../../constructs/config/fields/environment";
import { generatedFiles, REFERENCE_PAGE } from "../../tools/schema/files";
import { API_ENTRIES, API_FOLDER, apiReports } from "../../tools/api/report";
import { distBuilt } from "../support/build";

const ROOT = path.resolve(__dirname, "..", "..");

describe("generated from the declarations", () => {
  test("the types, the JSON Schema and the field reference are what `npm run schema` writes now", () => {
    const page = fs.readFileSync(path.join(ROOT, REFERENCE_PAGE), "utf8");
    const files = generatedFiles(ROOT, page);
    expect([...files.keys()].sort()).toEqual(
      expect.arrayContaining([REFERENCE_PAGE, "constructs/config/types/index.ts", "schema/environment.schema.json"]),
    );
    for (const [file, text] of files) {
      const onDisk = fs.existsSync(path.join(ROOT, file)) ? fs.readFileSync(path.join(ROOT, file), "utf8") : "(missing)";
      if (onDisk !== text) throw new Error(`${file} is stale: run npm run schema and commit what it writes`);
    }
    const types = fs.readdirSync(path.join(ROOT, "constructs/config/types"));
    expect(types.sort()).toEqual(
      [...files.keys()]
        .filter((f) => f.startsWith("constructs/config/types/"))
        .map((f) => path.basename(f))
        .sort(),
    );
  });

  test("a changed declaration makes the committed files stale (the drift check can fail)", () => {
    const page = fs.readFileSync(path.join(ROOT, REFERENCE_PAGE), "utf8");
    const retention = (ENVIRONMENT.fields.flowLogs as ObjectDecl).fields.destinations as unknown as { items: { options: ObjectDecl[] } };
    const field = retention.items.options[0].fields.retentionInDays as { description: string };
    const before = field.description;
    field.description = `${before} Changed.`;
    try {
      const files = generatedFiles(ROOT, page);
      const stale = [...files].filter(([file, text]) => fs.readFileSync(path.join(ROOT, file), "utf8") !== text).map(([f]) => f);
      expect(stale.sort()).toEqual(["constructs/config/types/destinations.ts", REFERENCE_PAGE, "schema/environment.schema.json"].sort());
    } finally {
      field.description = before;
    }
  });
});

describe("the public API on record (docs/api, API Extractor over the built declarations)", () => {
  beforeAll(distBuilt);

  test("each entry point's report is what `npm run api` writes now, and a surface that differs from one is caught", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "api-check-"));
    try {
      // The committed reports, the explain one with an export the build lacks: one run checks all three and the check itself.
      for (const { report } of API_ENTRIES)
        fs.copyFileSync(path.join(ROOT, API_FOLDER, `${report}.api.md`), path.join(dir, `${report}.api.md`));
      const explain = fs.readFileSync(path.join(dir, "explain.api.md"), "utf8");
      fs.writeFileSync(
        path.join(dir, "explain.api.md"),
        explain.replace("```ts\n", "```ts\n\n// @public\nexport function gone(): void;\n"),
      );
      const reports = apiReports(ROOT, { update: false, reportFolder: dir });
      expect(reports.map((r) => r.report)).toEqual(API_ENTRIES.map((e) => e.report));
      expect(reports.flatMap((r) => r.problems.map((p) => `${r.report}: ${p}`))).toEqual([]);
      const stale = reports
        .filter((r) => r.text !== fs.readFileSync(path.join(ROOT, API_FOLDER, `${r.report}.api.md`), "utf8"))
        .map((r) => `${API_FOLDER}/${r.report}.api.md`);
      if (stale.length > 0) throw new Error(`${stale.join(", ")} differ from the build: run npm run api, review and commit what it writes`);
      expect(reports.map((r) => [r.report, r.changed])).toEqual([
        ["constructs", false],
        ["explain", true],
        ["environments", false],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a type a public signature uses that no entry exports is refused", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "api-check-"));
    try {
      // A package whose one function returns a type of another module that its entry does not export.
      const pkg = path.join(dir, "package");
      fs.mkdirSync(pkg);
      fs.writeFileSync(
        path.join(pkg, "package.json"),
        JSON.stringify({ name: "hidden", version: "1.0.0", exports: { ".": { types: "./index.d.ts" } } }),
      );
      fs.writeFileSync(path.join(pkg, "hidden.d.ts"), "export interface Hidden {\n  readonly a: string;\n}\n");
      fs.writeFileSync(path.join(pkg, "index.d.ts"), 'import type { Hidden } from "./hidden";\nexport declare function shown(): Hidden;\n');
      const [hidden] = apiReports(pkg, { update: true, entries: [{ report: "hidden", subpath: "." }] });
      expect(hidden.problems).toEqual([expect.stringMatching(/^ae-forgotten-export: The symbol "Hidden" needs to be exported/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
