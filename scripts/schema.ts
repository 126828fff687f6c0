/** `npm run schema`: writes what the config's declarations give (types, JSON Schema, the field reference of docs/configuration.md). */
import * as fs from "fs";
import * as path from "path";
import { generatedFiles, REFERENCE_PAGE } from "../tools/schema/files";
import { answeredHelp, replaceFile } from "../analysis/command/command-line";

const USAGE = `usage: npm run schema

Writes constructs/config/types/*.ts, schema/environment.schema.json and docs/configuration.md's field
reference from the declarations in constructs/config/fields. Run it after changing a declaration.`;

const root = path.resolve(__dirname, "..", "..");
if (!answeredHelp(process.argv.slice(2), USAGE)) {
  const page = fs.readFileSync(path.join(root, REFERENCE_PAGE), "utf8");
  try {
    for (const [file, text] of generatedFiles(root, page)) {
      const at = path.join(root, file);
      if (fs.existsSync(at) && fs.readFileSync(at, "utf8") === text) continue;
      fs.mkdirSync(path.dirname(at), { recursive: true });
      replaceFile(at, text);
      console.log(`wrote ${file}`);
    }
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
