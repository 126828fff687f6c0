/**
 * The declaration layer of the configuration: each field is declared once, beside its concern
 * (`fields/*.ts`), with its type, default, constraint, description and an example. From the
 * declarations come the TypeScript types (`config/types/`, generated), the JSON Schema
 * (`schema/environment.schema.json`, generated), the field reference of docs/configuration.md, the defaults, the
 * field lists of the unknown-field checks and the checks of single values (`checkDeclared`).
 * What one value cannot show (an AZ of the region, CIDR arithmetic, a rule across fields) stays
 * in `validation/`, as code.
 */
import type { Checker, Obj } from "../validation/checker";

/** What every declaration has. */
interface Common {
  /** One or two sentences: the JSDoc of the field, its JSON Schema description, its row in the reference. */
  readonly description?: string;
  /** A value as a user writes it, for the schema and the reference. */
  readonly example?: unknown;
  /** The default, when it is one value: filled in by the validation, written in the schema. */
  readonly default?: unknown;
  /** The default as text, when it depends on other fields (`@default` in the types, the reference). */
  readonly defaultText?: string;
  /** The field may be left out (a field with a default always may). */
  readonly optional?: boolean;
  /** Values of the right type refused all the same, each with its own reason (checked before the rest). */
  readonly refused?: readonly { readonly value: unknown; readonly why: string }[];
  /** The field applies only to what this project creates (a bucket, a log group), never to one handed in. */
  readonly whenCreated?: boolean;
}

export interface StringDecl extends Common {
  readonly kind: "string";
  /** The form a value must have; absent: any string. */
  readonly pattern?: RegExp;
  /** What a valid value is, as the message says it ("expected ..."). */
  readonly valid?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
}

export interface EnumDecl extends Common {
  readonly kind: "enum";
  readonly values: readonly (string | number)[];
  /** What a valid value is, for a list of numbers too long to read as "expected one of ...". */
  readonly valid?: string;
  /** The name of its TypeScript type, and where that type lives when it is not generated. */
  readonly typeName?: string;
  readonly typeFrom?: string;
}

export interface NumberDecl extends Common {
  readonly kind: "number";
  readonly integer?: boolean;
  readonly minimum?: number;
  readonly exclusiveMinimum?: number;
  readonly maximum?: number;
  readonly multipleOf?: number;
  /** What a valid value is, when the bounds alone do not say it well. */
  readonly valid?: string;
}

export interface BooleanDecl extends Common {
  readonly kind: "boolean";
}

export interface ConstDecl extends Common {
  readonly kind: "const";
  readonly value: string;
}

export interface ListDecl extends Common {
  readonly kind: "list";
  readonly items: Decl;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly unique?: boolean;
}

export interface ObjectDecl extends Common {
  readonly kind: "object";
  /** The TypeScript interface (and JSON Schema definition) of a named object. */
  readonly name?: string;
  readonly fields: { readonly [field: string]: Decl };
}

export interface RecordDecl extends Common {
  readonly kind: "record";
  readonly values: Decl;
  readonly maxKeyLength?: number;
}

export interface UnionDecl extends Common {
  readonly kind: "union";
  readonly options: readonly Decl[];
  /** The name of its TypeScript type alias. */
  readonly typeName?: string;
}

/** One field's declaration. */
export type Decl = StringDecl | EnumDecl | NumberDecl | BooleanDecl | ConstDecl | ListDecl | ObjectDecl | RecordDecl | UnionDecl;

/** The declared field names of an object, for its unknown-field check. */
export function fieldNames(decl: ObjectDecl): readonly string[] {
  return Object.keys(decl.fields);
}

/** The defaults an object declares, field by field (nested objects' own defaults included). */
export function defaultsOf(decl: ObjectDecl): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, d] of Object.entries(decl.fields)) {
    if (d.default !== undefined) out[field] = d.default;
    else if (d.kind === "object" && d.optional && Object.values(d.fields).some((f) => f.default !== undefined)) out[field] = defaultsOf(d);
  }
  return out;
}

/**
 * A list of unique strings of one form, checked from its declaration with the checker's list
 * messages ("expected a list of <item>", each item "expected <item>"); the valid items.
 */
export function checkStringList(c: Checker, path: string, v: unknown, d: Decl, minItems = 0): string[] {
  if (d.kind !== "list" || d.items.kind !== "string" || !d.items.pattern)
    throw new Error(`${path}: not a declared list of strings of one form`);
  return c.stringList(path, v, d.items.pattern, (d.items.valid ?? "a string").replace(/^expected /, ""), minItems);
}

/** Whether a field may be left out. */
export function isOptional(d: Decl): boolean {
  return d.optional === true || d.default !== undefined || d.defaultText !== undefined;
}

/** What a valid number is, from its bounds. */
export function numberValid(d: NumberDecl): string {
  if (d.valid) return d.valid;
  const what = d.integer ? "a whole number" : "a number";
  if (d.minimum !== undefined && d.maximum !== undefined) return `expected ${what} from ${d.minimum} to ${d.maximum}`;
  if (d.exclusiveMinimum !== undefined && d.maximum !== undefined)
    return `expected ${what} above ${d.exclusiveMinimum} and at most ${d.maximum}`;
  if (d.minimum !== undefined) return `expected ${what}, ${d.minimum} or more`;
  return `expected ${what}`;
}

function numberOk(d: NumberDecl, n: number): boolean {
  return (
    (!d.integer || Number.isInteger(n)) &&
    (d.minimum === undefined || n >= d.minimum) &&
    (d.exclusiveMinimum === undefined || n > d.exclusiveMinimum) &&
    (d.maximum === undefined || n <= d.maximum) &&
    (d.multipleOf === undefined || n % d.multipleOf === 0)
  );
}

/**
 * Checks one value against its declaration: its type, enum, bounds, form and, for objects,
 * unknown fields and each declared field in turn. Records each problem on `c` and returns whether
 * the value passed. A missing optional value passes; a missing required one is a problem.
 */
export function checkDeclared(c: Checker, path: string, v: unknown, d: Decl): boolean {
  if (v === undefined && isOptional(d)) return true;
  const refusal = d.refused?.find((r) => r.value === v);
  if (refusal) {
    c.fail(path, v, refusal.why);
    return false;
  }
  switch (d.kind) {
    case "string":
      if (d.pattern === undefined && d.minLength === undefined && d.maxLength === undefined) {
        if (typeof v === "string") return true;
        c.fail(path, v, d.valid ?? "expected a string");
        return false;
      }
      return c.string(
        path,
        v,
        d.pattern ?? new RegExp(`^[\\s\\S]{${d.minLength ?? 0},${d.maxLength ?? ""}}$`),
        d.valid ?? "expected a string",
      );
    case "enum":
      if (d.valid !== undefined && d.values.every((x) => typeof x === "number"))
        return c.number(path, v, (n) => d.values.includes(n), d.valid);
      return c.oneOf(path, v, d.values);
    case "number":
      return c.number(path, v, (n) => numberOk(d, n), numberValid(d));
    case "boolean":
      return c.boolean(path, v);
    case "const":
      return c.oneOf(path, v, [d.value]);
    case "list": {
      if (!Array.isArray(v)) {
        c.fail(path, v, `expected a list${d.minItems ? ` of at least ${d.minItems}` : ""}`);
        return false;
      }
      const before = c.problems.length;
      if (d.minItems !== undefined && v.length < d.minItems) c.fail(path, v, `expected at least ${d.minItems} item(s)`);
      if (d.maxItems !== undefined && v.length > d.maxItems) c.fail(path, v, `expected at most ${d.maxItems} item(s)`);
      v.forEach((item, i) => {
        if (checkDeclared(c, `${path}[${i}]`, item, d.items) && d.unique && v.indexOf(item) !== i) {
          c.fail(`${path}[${i}]`, item, "duplicate: each item may appear once");
        }
      });
      return c.problems.length === before;
    }
    case "object": {
      if (!c.isObject(path, v, fieldNames(d))) return false;
      const before = c.problems.length;
      for (const [field, fd] of Object.entries(d.fields)) checkDeclared(c, `${path}.${field}`, v[field], fd);
      return c.problems.length === before;
    }
    case "record": {
      if (typeof v !== "object" || v === null || Array.isArray(v)) {
        c.fail(path, v, "expected an object");
        return false;
      }
      const before = c.problems.length;
      for (const [k, val] of Object.entries(v)) checkDeclared(c, `${path}.${k}`, val, d.values);
      return c.problems.length === before;
    }
    case "union": {
      // The first option whose JSON type the value has decides the message.
      const option = d.options.find((o) => sameJsonType(o, v)) ?? d.options[0];
      return checkDeclared(c, path, v, option);
    }
  }
}

/** Whether a value has the JSON type a declaration wants (not yet whether it is valid). */
function sameJsonType(d: Decl, v: unknown): boolean {
  switch (d.kind) {
    case "string":
    case "const":
      return typeof v === "string";
    case "enum":
      return typeof v === typeof d.values[0];
    case "number":
      return typeof v === "number";
    case "boolean":
      return typeof v === "boolean";
    case "list":
      return Array.isArray(v);
    case "object":
    case "record":
      return typeof v === "object" && v !== null && !Array.isArray(v);
    case "union":
      return d.options.some((o) => sameJsonType(o, v));
  }
}

/** The fields of an object that apply only to what this project creates. */
export function whenCreatedFields(decl: ObjectDecl): string[] {
  return Object.entries(decl.fields)
    .filter(([, d]) => d.whenCreated === true)
    .map(([f]) => f);
}

/**
 * Checks the named fields of `v` (each against its declaration, a missing one taking its declared
 * default) and returns their values with the defaults filled in; each problem is recorded on `c`.
 */
export function declaredValues<K extends string>(
  c: Checker,
  path: string,
  v: Obj,
  decl: ObjectDecl,
  fields: readonly K[],
): { readonly [F in K]: unknown } {
  const out = {} as Record<K, unknown>;
  for (const f of fields) {
    const d = decl.fields[f];
    const value = v[f] ?? d.default;
    checkDeclared(c, `${path}.${f}`, value, d);
    out[f] = value;
  }
  return out;
}

/**
 * Checks every declared field of an object section (its unknown fields included) and returns it
 * with the declared defaults filled in, or undefined when a field is invalid.
 */
export function resolveDeclared<T>(c: Checker, path: string, v: unknown, d: ObjectDecl): T | undefined {
  return checkDeclared(c, path, v, d) ? ({ ...defaultsOf(d), ...(v as Obj) } as T) : undefined;
}
