/**
 * Environments as data: every `<name>.yaml`, `.yml` or `.json` file of a folder is an
 * environment, found by being there. Each is validated exactly like a TypeScript one, and its
 * problems name the file as well as the field path, the value and what is valid.
 */
import * as fs from "fs";
import * as path from "path";
import type { EnvironmentConfig } from "./types";
import { ConfigError } from "./validation/checker";

/** The file names that are environments. */
export const ENVIRONMENT_FILE_RE = /^([a-z][a-z0-9-]*)\.(ya?ml|json)$/;

/** Where each config read from a file came from, for the validation's messages. */
const SOURCES = new WeakMap<object, string>();

/** The file a config was read from (as `loadEnvironmentFiles` names it), if it was. */
export function sourceOf(config: unknown): string | undefined {
  return typeof config === "object" && config !== null ? SOURCES.get(config) : undefined;
}

function parseFile(file: string, text: string): unknown {
  if (file.endsWith(".json")) return JSON.parse(text) as unknown;
  // Loaded only when a YAML file is there: an app of TypeScript environments never pays for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require("yaml") as typeof import("yaml");
  const doc = yaml.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("; "));
  return doc.toJS() as unknown;
}

/**
 * The environments of the data files in `dir`, sorted by file name; `shownAs` is how messages
 * name the folder (by default its path relative to the working directory). Each must be an
 * object whose `name` is its file's name. A file that cannot be parsed is a {@link ConfigError}
 * naming it; the fields are checked when the environment is validated.
 */
export function loadEnvironmentFiles(dir: string, shownAs = path.relative(process.cwd(), dir) || "."): EnvironmentConfig[] {
  if (!fs.existsSync(dir)) return [];
  const problems: string[] = [];
  const out: EnvironmentConfig[] = [];
  for (const entry of fs.readdirSync(dir).sort()) {
    const match = ENVIRONMENT_FILE_RE.exec(entry);
    if (!match) continue;
    const file = `${shownAs}/${entry}`;
    let config: unknown;
    try {
      config = parseFile(entry, fs.readFileSync(path.join(dir, entry), "utf8"));
    } catch (e) {
      problems.push(`${file}: not valid ${match[2] === "json" ? "JSON" : "YAML"}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      problems.push(`${file}: expected an environment (an object of fields), got ${Array.isArray(config) ? "a list" : typeof config}`);
      continue;
    }
    const { $schema: _schema, ...fields } = config as Record<string, unknown>;
    if (fields.name !== match[1]) {
      problems.push(`${file}: name = ${JSON.stringify(fields.name)}: expected "${match[1]}", the file's name`);
      continue;
    }
    SOURCES.set(fields, file);
    out.push(fields as unknown as EnvironmentConfig);
  }
  if (problems.length > 0) throw new ConfigError(`Invalid environment files:\n  - ${problems.join("\n  - ")}`, problems);
  return out;
}
