/**
 * Environments as data: every `<name>.yaml`, `.yml` or `.json` file of a folder is an
 * environment, found by being there. Each is validated exactly like a TypeScript one, and its
 * problems name the file as well as the field path, the value and what is valid. What a parser
 * would take silently is refused here, as written in the file: a data file whose name is no
 * environment's, a key written twice, a number no number holds (`1e400`, `.nan`), and in YAML
 * digits that were text (an account id unquoted, `012345678901`, is read as a number).
 */
import * as fs from "fs";
import * as path from "path";
import type { EnvironmentConfig } from "./types";
import { ConfigError } from "./validation/checker";

/** The file names that are environments. */
export const ENVIRONMENT_FILE_RE = /^([a-z][a-z0-9-]*)\.(ya?ml|json)$/;
/** The file names of data: each must be an environment's. */
const DATA_FILE_RE = /\.(ya?ml|json)$/i;

/** Where each config read from a file came from, for the validation's messages. */
const SOURCES = new WeakMap<object, string>();

/** The file a config was read from (as `loadEnvironmentFiles` names it), if it was. */
export function sourceOf(config: unknown): string | undefined {
  return typeof config === "object" && config !== null ? SOURCES.get(config) : undefined;
}

/** Names the file an environment's config is written in (a TypeScript one), for the messages that compare environments. */
export function withSource<T extends object>(config: T, file: string): T {
  SOURCES.set(config, file);
  return config;
}

/** A data file's parse: its value, and what the parser would have taken silently (`<path> = <as written>: <why>`). */
interface Parsed {
  readonly value: unknown;
  readonly problems: readonly string[];
}

function parseFile(file: string, text: string): Parsed {
  // A byte-order mark (some editors write one) is not part of the document.
  const body = text.replace(/^\uFEFF/, "");
  if (file.endsWith(".json")) {
    const value = JSON.parse(body) as unknown;
    return { value, problems: jsonSourceProblems(body) };
  }
  // Loaded only when a YAML file is there: an app of TypeScript environments never pays for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yaml = require("yaml") as typeof import("yaml");
  const doc = yaml.parseDocument(body, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("; "));
  const problems: string[] = [];
  const walk = (node: unknown, at: string, key: string): void => {
    if (yaml.isMap(node))
      for (const pair of node.items) {
        const name = String(yaml.isScalar(pair.key) ? pair.key.value : pair.key);
        walk(pair.value, `${at}${at ? "." : ""}${name}`, name);
      }
    else if (yaml.isSeq(node)) node.items.forEach((item, i) => walk(item, `${at}[${i}]`, key));
    else if (yaml.isScalar(node) && typeof node.value === "number") {
      const written = node.source ?? String(node.value);
      if (!Number.isFinite(node.value)) problems.push(`${at} = ${written}: not a finite number`);
      // Digits that were text: a leading zero a number would lose, or an account id (12 digits).
      // Other numbers, 0 and 12-digit byte counts among them, are numbers.
      else if (
        node.type === "PLAIN" &&
        /^\d+$/.test(written) &&
        ((written.length > 1 && written.startsWith("0")) || (key === "accountId" && written.length === 12))
      )
        problems.push(`${at} = ${written}: YAML reads unquoted digits as a number (${node.value}); quote it: "${written}"`);
    }
  };
  walk(doc.contents, "", "");
  return { value: doc.toJS() as unknown, problems };
}

/**
 * What JSON.parse takes silently in a document it parsed: a key written twice in one object
 * (the last would win) and a number beyond what a number holds (`1e400`, read as Infinity).
 */
function jsonSourceProblems(text: string): string[] {
  const problems: string[] = [];
  let i = 0;
  const space = () => {
    while (i < text.length && " \t\r\n".includes(text[i])) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (at: string): void => {
    space();
    if (text[i] === "{") {
      i++;
      const keys = new Set<string>();
      space();
      if (text[i] === "}") return void i++;
      for (;;) {
        space();
        const key = string();
        const path = `${at}${at ? "." : ""}${key}`;
        if (keys.has(key)) problems.push(`${path}: written twice in one object (JSON would keep the last); write it once`);
        keys.add(key);
        space();
        i++; // the colon
        value(path);
        space();
        if (text[i++] !== ",") return;
      }
    }
    if (text[i] === "[") {
      i++;
      space();
      if (text[i] === "]") return void i++;
      for (let n = 0; ; n++) {
        value(`${at}[${n}]`);
        space();
        if (text[i++] !== ",") return;
      }
    }
    if (text[i] === '"') return void string();
    const start = i;
    while (i < text.length && /[-+.\w]/.test(text[i])) i++;
    const literal = text.slice(start, i);
    if (/^-?\d/.test(literal) && !Number.isFinite(Number(literal))) problems.push(`${at} = ${literal}: not a finite number`);
  };
  value("");
  return problems;
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
    const file = `${shownAs}/${entry}`;
    if (!match) {
      // A data file that is not read must not go unnoticed: across many accounts, a missing stack would.
      if (DATA_FILE_RE.test(entry))
        problems.push(
          `${file}: not an environment's file name: a data file is named after its environment, lower-case letters, digits and hyphens, starting with a letter (qa.yaml, qa-east.yml, qa.json); rename it, or move it out of ${shownAs}/`,
        );
      continue;
    }
    let config: unknown;
    try {
      const parsed = parseFile(entry, fs.readFileSync(path.join(dir, entry), "utf8"));
      if (parsed.problems.length > 0) {
        problems.push(...parsed.problems.map((p) => `${file}: ${p}`));
        continue;
      }
      config = parsed.value;
    } catch (e) {
      problems.push(`${file}: not valid ${match[2] === "json" ? "JSON" : "YAML"}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      problems.push(
        `${file}: expected an environment (an object of fields), got ${Array.isArray(config) ? "a list" : config === null ? "null" : typeof config}`,
      );
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
  if (problems.length > 0) throw ConfigError.listing("environment files", problems);
  return out;
}
