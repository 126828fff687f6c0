/**
 * What the config's declarations (constructs/config/fields) give, rendered: the TypeScript types
 * users write (constructs/config/types/, one file per concern, with each field's documentation
 * for editors' hover), the JSON Schema of an environment (schema/environment.schema.json) and
 * the field reference of docs/configuration.md. `npm run schema` writes them; a test fails when one is stale.
 */
import * as destinations from "../../constructs/config/fields/destinations";
import type { Decl, EnumDecl, ObjectDecl, UnionDecl } from "../../constructs/config/fields/declare";
import { isOptional, numberValid } from "../../constructs/config/fields/declare";
import * as environment from "../../constructs/config/fields/environment";
import * as flowLogs from "../../constructs/config/fields/flow-logs";
import * as monitoring from "../../constructs/config/fields/monitoring";
import * as network from "../../constructs/config/fields/network";
import * as state from "../../constructs/config/fields/state";
import * as usage from "../../constructs/config/fields/usage";
import * as logArchive from "../../constructs/config/fields/log-archive";

/** The declaration modules, each rendered to the types file of the same name. */
export const CONCERNS: readonly { readonly file: string; readonly module: Record<string, unknown> }[] = [
  { file: "network", module: network },
  { file: "destinations", module: destinations },
  { file: "flow-logs", module: flowLogs },
  { file: "monitoring", module: monitoring },
  { file: "state", module: state },
  { file: "usage", module: usage },
  { file: "environment", module: environment },
  { file: "log-archive", module: logArchive },
];

type Named = ObjectDecl | EnumDecl | UnionDecl;

function typeNameOf(d: Decl): string | undefined {
  if (d.kind === "object") return d.name;
  if (d.kind === "enum" || d.kind === "union") return d.typeName;
  return undefined;
}

function isDecl(v: unknown): v is Decl {
  return typeof v === "object" && v !== null && typeof (v as { kind?: unknown }).kind === "string";
}

/** The named types a module defines, in the order it declares them. */
function definitions(module: Record<string, unknown>): Named[] {
  return Object.values(module).filter((v): v is Named => isDecl(v) && typeNameOf(v) !== undefined);
}

/** Where each named type is defined: its types file, or the module it is imported from. */
function homes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const { file, module } of CONCERNS) for (const d of definitions(module)) out.set(typeNameOf(d) as string, `./${file}`);
  return out;
}

/** A comment's lines, wrapped at `width` columns. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function defaultText(d: Decl): string | undefined {
  if (d.defaultText !== undefined) return d.defaultText;
  return d.default === undefined ? undefined : JSON.stringify(d.default);
}

function jsdoc(d: Decl, indent: string): string {
  const body = [...(d.description ? wrap(d.description, 96 - indent.length) : [])];
  const def = defaultText(d);
  if (def !== undefined) body.push(`@default ${def}`);
  if (body.length === 0) return "";
  if (body.length === 1) return `${indent}/** ${body[0]} */\n`;
  return `${indent}/**\n${body.map((l) => `${indent} * ${l}`).join("\n")}\n${indent} */\n`;
}

/** The TypeScript type of a field; each named type it refers to is added to `used`. */
function tsType(d: Decl, used: Set<string>, indent: string): string {
  const name = typeNameOf(d);
  if (name) {
    used.add(name);
    return name;
  }
  switch (d.kind) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "const":
      return JSON.stringify(d.value);
    case "enum":
      return d.values.map((v) => JSON.stringify(v)).join(" | ");
    case "list": {
      const item = tsType(d.items, used, indent);
      return /[ |]/.test(item) ? `(${item})[]` : `${item}[]`;
    }
    case "record":
      return `Record<string, ${tsType(d.values, used, indent)}>`;
    case "union":
      return d.options.map((o) => tsType(o, used, indent)).join(" | ");
    case "object":
      return `{\n${fieldsTs(d, used, `${indent}  `)}${indent}}`;
  }
}

function fieldsTs(d: ObjectDecl, used: Set<string>, indent: string): string {
  return Object.entries(d.fields)
    .map(([field, fd]) => `${jsdoc(fd, indent)}${indent}readonly ${field}${isOptional(fd) ? "?" : ""}: ${tsType(fd, used, indent)};\n`)
    .join("");
}

function definitionTs(d: Named, used: Set<string>): string {
  const name = typeNameOf(d) as string;
  const doc = jsdoc({ ...d, default: undefined, defaultText: undefined }, "");
  if (d.kind === "object") return `${doc}export interface ${name} {\n${fieldsTs(d, used, "  ")}}\n`;
  const body =
    d.kind === "enum" ? d.values.map((v) => JSON.stringify(v)).join(" | ") : d.options.map((o) => tsType(o, used, "")).join(" | ");
  return `${doc}export type ${name} = ${body};\n`;
}

const GENERATED = (from: string) =>
  `// Generated by \`npm run schema\` from constructs/config/fields/${from}.ts: edit the declarations there, not this file.\n`;

/** The field every option of a union is an object with a constant of, different in each: the union's discriminator. */
function discriminator(options: readonly Decl[]): string | undefined {
  const objects = options.map((o) => (o.kind === "object" ? o : definitionOf(o as Named)));
  if (!objects.every((o) => o.kind === "object")) return undefined;
  const fields = objects;
  return Object.keys(fields[0].fields).find((k) => {
    const values = fields.map((f) => (f.fields[k]?.kind === "const" ? (f.fields[k] as { value: unknown }).value : undefined));
    return values.every((v) => v !== undefined) && new Set(values).size === values.length;
  });
}

/** The types files, by file name (`network.ts`, ..., `index.ts`), before formatting. */
export function renderTypes(): Map<string, string> {
  const where = homes();
  const out = new Map<string, string>();
  for (const { file, module } of CONCERNS) {
    const used = new Set<string>();
    const defs = definitions(module);
    const body = defs.map((d) => definitionTs(d, used)).join("\n");
    const mine = new Set(defs.map((d) => typeNameOf(d)));
    const imports = new Map<string, string[]>();
    for (const name of [...used].filter((n) => !mine.has(n)).sort()) {
      const from = where.get(name) ?? typeFromOf(module, name);
      imports.set(from, [...(imports.get(from) ?? []), name]);
    }
    const importLines = [...imports.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([from, names]) => `import type { ${names.join(", ")} } from "${from}";\n`)
      .join("");
    out.set(`${file}.ts`, `${GENERATED(file)}${importLines}${importLines ? "\n" : ""}${body}`);
  }
  const index = CONCERNS.map(
    ({ file, module }) => `export type { ${definitions(module).map(typeNameOf).sort().join(", ")} } from "./${file}";\n`,
  ).join("");
  out.set("index.ts", `// Generated by \`npm run schema\`: the types of the configuration users write, one file per concern.\n${index}`);
  return out;
}

/** The module a type that no declaration file defines is imported from (an enum's `typeFrom`). */
function typeFromOf(module: Record<string, unknown>, name: string): string {
  let found: string | undefined;
  const visit = (d: Decl): void => {
    if (d.kind === "enum" && d.typeName === name && d.typeFrom) found = d.typeFrom.replace(/^\.\.\//, "../");
    if (d.kind === "list") visit(d.items);
    if (d.kind === "object") Object.values(d.fields).forEach(visit);
    if (d.kind === "union") d.options.forEach(visit);
    if (d.kind === "record") visit(d.values);
  };
  Object.values(module).filter(isDecl).forEach(visit);
  if (!found) throw new Error(`no declaration says where type ${name} comes from`);
  return found;
}

type Json = { [key: string]: unknown };

/** The JSON Schema of one declaration; named types become definitions, referred to by `$ref`. */
function schemaOf(d: Decl, defs: Map<string, Json>, asDefinition = false): Json {
  const name = typeNameOf(d);
  if (name && !asDefinition && !(d.kind === "enum" && d.typeFrom)) {
    if (!defs.has(name)) {
      defs.set(name, {});
      const base = definitionOf(d as Named);
      defs.set(name, schemaOf(base, defs, true));
    }
    // Draft-07 ignores whatever stands beside a $ref: the field's own words go beside an allOf.
    const ref = { $ref: `#/definitions/${name}` };
    const own = withDoc({}, d);
    return Object.keys(own).length ? { ...own, allOf: [ref] } : ref;
  }
  const doc = (s: Json): Json => (asDefinition ? { ...(d.description ? { description: d.description } : {}), ...s } : withDoc(s, d));
  switch (d.kind) {
    case "string":
      return doc({
        type: "string",
        ...(d.pattern ? { pattern: d.pattern.source } : {}),
        ...(d.minLength !== undefined ? { minLength: d.minLength } : {}),
        ...(d.maxLength !== undefined ? { maxLength: d.maxLength } : {}),
      });
    case "number":
      return doc({
        type: d.integer ? "integer" : "number",
        ...(d.minimum !== undefined ? { minimum: d.minimum } : {}),
        ...(d.exclusiveMinimum !== undefined ? { exclusiveMinimum: d.exclusiveMinimum } : {}),
        ...(d.maximum !== undefined ? { maximum: d.maximum } : {}),
        ...(d.multipleOf !== undefined ? { multipleOf: d.multipleOf } : {}),
      });
    case "boolean":
      return doc({ type: "boolean" });
    case "const":
      return doc({ const: d.value });
    case "enum":
      return doc({ type: typeof d.values[0] === "number" ? "integer" : "string", enum: [...d.values] });
    case "list":
      return doc({
        type: "array",
        items: schemaOf(d.items, defs),
        ...(d.minItems !== undefined ? { minItems: d.minItems } : {}),
        ...(d.maxItems !== undefined ? { maxItems: d.maxItems } : {}),
        ...(d.unique ? { uniqueItems: true } : {}),
      });
    case "record":
      return doc({
        type: "object",
        ...(d.maxKeyLength ? { propertyNames: { minLength: 1, maxLength: d.maxKeyLength } } : {}),
        additionalProperties: schemaOf(d.values, defs),
      });
    case "union": {
      // Objects told apart by one field's constant (a destination's `type`): each is checked
      // only when the field names it (if/then), so that one typo in one destination is one
      // error in an editor, not one for every kind it is not.
      const key = discriminator(d.options);
      if (key === undefined) return doc({ anyOf: d.options.map((o) => schemaOf(o, defs)) });
      const fields = d.options.map((o) => (definitionOf(o as Named) as ObjectDecl).fields[key] as { value: unknown; description?: string });
      const values = fields.map((f) => f.value);
      const described = fields[0].description ? { description: fields[0].description } : {};
      return doc({
        type: "object",
        required: [key],
        properties: { [key]: { ...described, enum: values } },
        allOf: d.options.map((o, i) => ({
          if: { properties: { [key]: { ...described, const: values[i] } }, required: [key] },
          then: schemaOf(o, defs),
        })),
      });
    }
    case "object": {
      const required = Object.entries(d.fields)
        .filter(([, f]) => !isOptional(f))
        .map(([k]) => k);
      return doc({
        type: "object",
        properties: Object.fromEntries(Object.entries(d.fields).map(([k, f]) => [k, schemaOf(f, defs)])),
        ...(required.length ? { required } : {}),
        additionalProperties: false,
      });
    }
  }
}

/** The definition a field's declaration refers to (its own description, default and optionality left out). */
function definitionOf(d: Named): Decl {
  for (const { module } of CONCERNS) {
    const def = definitions(module).find((x) => typeNameOf(x) === typeNameOf(d));
    if (def) return def;
  }
  return d;
}

function withDoc(s: Json, d: Decl): Json {
  const def = d.default !== undefined ? { default: d.default } : {};
  const text = d.description
    ? { description: d.defaultText && d.default === undefined ? `${d.description} Default: ${d.defaultText}.` : d.description }
    : {};
  const example = d.example !== undefined ? { examples: [d.example] } : {};
  return { ...text, ...s, ...def, ...example };
}

/** The JSON Schema of an environment file (YAML or JSON). */
export function renderSchema(): string {
  const defs = new Map<string, Json>();
  const root = schemaOf(environment.ENVIRONMENT, defs, true);
  const { properties, ...rest } = root as Json & { properties: Json };
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://github.com/vpc-flow-log-monitoring/schema/environment.schema.json",
    title: "vpc-flow-log-monitoring environment",
    ...rest,
    properties: { $schema: { type: "string", description: "The schema this file is written against." }, ...properties },
    definitions: Object.fromEntries([...defs.entries()].sort(([a], [b]) => a.localeCompare(b))),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

function typeCell(d: Decl): string {
  const used = new Set<string>();
  const t = tsType(d, used, "");
  return t.includes("\n") ? "object" : t;
}

/** The field reference (docs/configuration.md): one table per named object, a row per field. */
export function renderReference(): string {
  const tables: string[] = [];
  for (const { module } of [...CONCERNS].reverse()) {
    for (const d of definitions(module)) {
      if (d.kind !== "object") continue;
      const rows = Object.entries(d.fields).flatMap(([field, f]) => {
        const nested = f.kind === "object" && !f.name ? Object.entries(f.fields).map(([sub, sf]) => row(`${field}.${sub}`, sf)) : [];
        return [row(field, f), ...nested];
      });
      tables.push(
        `#### ${d.name}\n\n${d.description ?? ""}\n\n| Field | Type | Default | Valid | Description |\n| --- | --- | --- | --- | --- |\n${rows.join("\n")}\n`,
      );
    }
  }
  return tables.join("\n");
}

function row(field: string, d: Decl): string {
  const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const def = isOptional(d) ? (defaultText(d) ?? "none") : "required";
  return `| \`${field}\` | \`${cell(typeCell(d))}\` | ${cell(def)} | ${cell(validOf(d))} | ${cell(d.description ?? "")} |`;
}

/** What a valid value is, in a few words, for the reference's "Valid" column. */
function validOf(d: Decl): string {
  const words = (s: string | undefined) => (s ?? "").replace(/^expected /, "");
  switch (d.kind) {
    case "string":
      return words(d.valid);
    case "number":
      return words(numberValid(d)) + (d.multipleOf ? `, a multiple of ${d.multipleOf}` : "");
    case "enum":
      return d.values.length > 8 ? `one of ${d.values.join(", ")}` : "";
    case "list": {
      const count = d.minItems ? `at least ${d.minItems}` : "";
      const most = d.maxItems ? `at most ${d.maxItems}` : "";
      const item = validOf(d.items);
      return [[count, most].filter(Boolean).join(", "), item && `each ${item}`, d.unique ? "no duplicates" : ""].filter(Boolean).join("; ");
    }
    case "union":
      return d.options.map(validOf).filter(Boolean).join("; or ");
    default:
      return "";
  }
}
