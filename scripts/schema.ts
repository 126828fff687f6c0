/** `npm run schema`: writes what the config's declarations give (types, JSON Schema, README reference). */
import * as fs from "fs";
import * as path from "path";
import { generatedFiles } from "../tools/schema/files";
import { answeredHelp, replaceFile } from "../analysis/command/command-line";

const USAGE = `usage: npm run schema

Writes constructs/config/types/*.ts, schema/environment.schema.json and README.md's field
reference from the declarations in constructs/config/fields. Run it after changing a declaration.`;

const root = path.resolve(__dirname, "..", "..");
if (!answeredHelp(process.argv.slice(2), USAGE)) {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  try {
    for (const [file, text] of generatedFiles(root, readme)) {
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
