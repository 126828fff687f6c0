/**
 * The config declared once: the generated types, JSON Schema and field reference (docs/configuration.md) are what the
 * declarations give, formatted by Prettier (in a process of its own: tools/schema/files.ts), and
 * a check that fails when one is stale.
 */
import * as fs from "fs";
import * as path from "path";
import type { ObjectDecl } from "../../constructs/config/fields/declare";
import { ENVIRONMENT } from "../../constructs/config/fields/environment";
import { generatedFiles, REFERENCE_PAGE } from "../../tools/schema/files";

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
