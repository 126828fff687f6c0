/**
 * The problem collector behind every validator: each check records `<path> = <value>: <what
 * is valid>` and goes on, so that one error lists every problem of a config at once.
 */

import { InputError } from "../../shared/input-error";

/** The error thrown for invalid config: it prints as its message alone (see {@link InputError}). */
export class ConfigError extends InputError {
  /** Each problem: `<path> = <value>: <what is valid>`. */
  declare readonly problems: readonly string[];

  constructor(message: string, problems: readonly string[]) {
    super(message);
    this.keep("problems", problems);
  }

  /** The error listing `problems` of the config called `label` (`environment "dev"`), one a line. */
  static listing(label: string, problems: readonly string[]): ConfigError {
    return new ConfigError(`Invalid ${label}:\n  - ${problems.join("\n  - ")}`, problems);
  }

  /** The error listing `problems` of environment `name`'s config. */
  static ofEnvironment(name: string, problems: readonly string[]): ConfigError {
    return ConfigError.listing(`environment "${name}"`, problems);
  }
}

/** A plain object as it comes from TypeScript, JavaScript or JSON. */
export type Obj = Record<string, unknown>;

/** A value as a message shows it. */
export function show(v: unknown): string {
  if (v === undefined) return "undefined (missing)";
  const text = JSON.stringify(v);
  return text === undefined ? typeof v : text.length > 120 ? text.slice(0, 117) + "..." : text;
}

/** The JSON type of a value, with its article, for "expected a number, got a string". */
function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "an object";
  return `a ${typeof v}`;
}

/**
 * The field names of a config type, kept in step with it: the object must name every field
 * of `T` (a missing one does not compile) and nothing else (an unknown one does not compile).
 */
export function fieldsOf<T>(fields: { readonly [K in keyof Required<T>]: true }): readonly string[] {
  return Object.keys(fields);
}

/** Edits (insertions, deletions, substitutions) between two names, case ignored. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    row = next;
  }
  return row[y.length];
}

/** The valid name an unknown one is most likely a typo of: at most 3 edits, and fewer than half its length. */
function closest(name: string, valid: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(3, Math.ceil(name.length / 2) - 1);
  for (const v of valid) {
    const d = distance(name, v);
    if (d <= bestDistance && (best === undefined || d < distance(name, best))) {
      best = v;
      bestDistance = d;
    }
  }
  return best;
}

/** Collects the problems of one config. */
export class Checker {
  readonly problems: string[] = [];

  fail(path: string, value: unknown, valid: string): void {
    this.problems.push(`${path} = ${show(value)}: ${valid}`);
  }

  /** The error listing every problem found in the config called `label`, each led by its file when it was read from one. */
  error(label: string, file?: string): ConfigError {
    const problems = file ? this.problems.map((p) => `${file}: ${p}`) : this.problems;
    return ConfigError.listing(label, problems);
  }

  /**
   * Runs the checks of one section: its result, or undefined when the section found a problem.
   * `found()` tells the checks, midway, whether the section has found one so far.
   */
  section<T>(check: (found: () => boolean) => T | undefined): T | undefined {
    const before = this.problems.length;
    const found = () => this.problems.length > before;
    const result = check(found);
    return found() ? undefined : result;
  }

  /**
   * Whether a present value has the JSON type wanted; a value of another type is a problem of
   * its own ("expected a number, got a string"). A missing value passes: the caller says
   * what is missing.
   */
  private typed(path: string, v: unknown, type: "string" | "number" | "boolean"): boolean {
    if (v === undefined || typeof v === type) return true;
    this.fail(path, v, `expected a ${type}, got ${jsonType(v)}`);
    return false;
  }

  isObject(path: string, v: unknown, allowed: readonly string[]): v is Obj {
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      this.fail(path, v, v === undefined || v === null ? "expected an object" : `expected an object, got ${jsonType(v)}`);
      return false;
    }
    for (const key of Object.keys(v)) {
      if (!allowed.includes(key)) {
        const near = closest(key, allowed);
        this.fail(
          `${path}.${key}`,
          (v as Obj)[key],
          `unknown field; valid fields are ${allowed.join(", ")}${near ? ` (did you mean ${near}?)` : ""}`,
        );
      }
    }
    return true;
  }

  string(path: string, v: unknown, re: RegExp, valid: string): v is string {
    if (!this.typed(path, v, "string")) return false;
    if (typeof v !== "string" || !re.test(v)) {
      this.fail(path, v, valid);
      return false;
    }
    return true;
  }

  oneOf<T>(path: string, v: unknown, values: readonly T[]): v is T {
    const types = new Set(values.map((x) => typeof x));
    if (types.size === 1 && !this.typed(path, v, [...types][0] as "string" | "number")) return false;
    if (!values.includes(v as T)) {
      this.fail(path, v, `expected one of ${values.map((x) => JSON.stringify(x)).join(", ")}`);
      return false;
    }
    return true;
  }

  boolean(path: string, v: unknown): v is boolean {
    if (typeof v !== "boolean") {
      this.fail(path, v, v === undefined ? "expected true or false" : `expected true or false, got ${jsonType(v)}`);
      return false;
    }
    return true;
  }

  /** A number that `ok` accepts; otherwise the problem `valid` (or the JSON type, for a value that is no number). */
  number(path: string, v: unknown, ok: (n: number) => boolean, valid: string): v is number {
    if (!this.typed(path, v, "number")) return false;
    if (typeof v !== "number" || !Number.isFinite(v) || !ok(v)) {
      this.fail(path, v, valid);
      return false;
    }
    return true;
  }

  integer(path: string, v: unknown, min: number, max: number): v is number {
    return this.number(path, v, (n) => Number.isInteger(n) && n >= min && n <= max, `expected a whole number from ${min} to ${max}`);
  }

  /** An array of unique strings each matching `re`; returns the valid ones. */
  stringList(path: string, v: unknown, re: RegExp, valid: string, minItems = 0): string[] {
    if (!Array.isArray(v)) {
      this.fail(path, v, `expected a list of ${valid}`);
      return [];
    }
    if (v.length < minItems) this.fail(path, v, `expected at least ${minItems} item(s), each ${valid}`);
    const out: string[] = [];
    v.forEach((item, i) => {
      if (this.string(`${path}[${i}]`, item, re, `expected ${valid}`)) {
        if (out.includes(item)) this.fail(`${path}[${i}]`, item, "duplicate: each item may appear once");
        else out.push(item);
      }
    });
    return out;
  }
}
