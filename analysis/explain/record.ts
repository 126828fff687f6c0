/**
 * One flow-log record read from a line in a known format: each field's text, the numbers a
 * reader needs, and a clear problem for a line that is not a record of that format (wrong
 * field count, a port that is not a number), so that a reader can report it and go on.
 * A record keeps its values as read and its format's layout (each field's position), so that
 * reading a field is an index, and the fields as an object are built only when asked for.
 */
import {
  ALL_FLOW_LOG_FIELDS,
  FLOW_LOG_FIELDS,
  FlowLogField,
  RecordFormat,
  RecordFormatError,
} from "../../constructs/records/record-format";
import { parseAnyFormat, type AnyRecordFormat } from "../../constructs/records/transit-gateway-format";
import { quoted } from "../../constructs/shared/quoted";
import { plainAscii } from "./marked-text";

/**
 * Every field's number, for the hot path: `r.textAt(F.srcaddr)` reads a constant property and
 * then an array slot, where `r.text("srcaddr")` looks the name up in a table each time.
 */
export const F = Object.freeze(Object.fromEntries(ALL_FLOW_LOG_FIELDS.map((f, i) => [f, i]))) as Readonly<Record<FlowLogField, number>>;

/** A record format's positions (by field number; -1 where the format lacks the field) and kinds, computed once per format. */
export interface RecordLayout {
  readonly format: RecordFormat;
  readonly position: Int16Array;
  readonly numeric: readonly boolean[];
  /** What comes before each value in the fields' JSON: `{"version":`, `,"account-id":`, ... */
  readonly jsonKeys: readonly string[];
}

const layouts = new WeakMap<RecordFormat, RecordLayout>();

function layoutOf(format: RecordFormat): RecordLayout {
  let layout = layouts.get(format);
  if (!layout) {
    const position = new Int16Array(ALL_FLOW_LOG_FIELDS.length).fill(-1);
    format.fields.forEach((f, i) => (position[F[f]] = i));
    layout = {
      format,
      position,
      numeric: format.fields.map((f) => FLOW_LOG_FIELDS[f].kind === "number"),
      jsonKeys: format.fields.map((f, i) => `${i === 0 ? "{" : ","}${JSON.stringify(f)}:`),
    };
    layouts.set(format, layout);
  }
  return layout;
}

/** The number a text of decimal digits spells, or undefined for anything else (`-`, empty). */
function digits(v: string): number | undefined {
  const n = v.length;
  if (n === 0 || n > 15) return n > 15 && /^\d+$/.test(v) ? Number(v) : undefined;
  let x = 0;
  for (let i = 0; i < n; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    x = x * 10 + c;
  }
  return x;
}

/** A value JSON writes between quotes as it is: no quote, backslash or control character. */
function plain(v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** A record: the text of each field of its format (`-` where AWS wrote none). */
export class FlowRecord {
  private cachedFields?: Readonly<Partial<Record<FlowLogField, string>>>;
  /** Each field's text, sliced from the line when first read. */
  private texts?: (string | undefined)[];

  /** @internal Records are read with {@link parseRecord}. */
  constructor(
    /** The record's line, its values one space apart. */
    private readonly line: string,
    /** Where each value starts in the line. */
    private readonly starts: readonly number[],
    /** Each numeric field's number as read (-1 for `-`), -2 for a field of another kind: numbers are parsed once. */
    private readonly numbers: readonly number[],
    private readonly layout: RecordLayout,
    /** Whether the line is printable ASCII without a quote or backslash: its values go into text and JSON as they are. */
    readonly ascii: boolean,
  ) {}

  /** The values in the format's order. */
  get values(): readonly string[] {
    return this.line.split(" ");
  }

  /** The record's format. */
  get format(): RecordFormat {
    return this.layout.format;
  }

  /** Each field's text by name. */
  get fields(): Readonly<Partial<Record<FlowLogField, string>>> {
    if (!this.cachedFields) {
      const fields: Partial<Record<FlowLogField, string>> = {};
      const values = this.values;
      this.layout.format.fields.forEach((f, i) => (fields[f] = values[i]));
      this.cachedFields = fields;
    }
    return this.cachedFields;
  }

  /** The fields as JSON text: numbers as numbers, `-` (no value) as null; written directly (JSON.stringify of an object costs twice as much). */
  jsonFieldsText(): string {
    const keys = this.layout.jsonKeys;
    let out = "";
    for (let i = 0; i < keys.length; i++) {
      const n = this.numbers[i];
      if (n === NOT_NUMERIC) {
        const v = this.valueAt(i);
        out += v === "-" ? keys[i] + "null" : this.ascii || plain(v) ? keys[i] + '"' + v + '"' : keys[i] + JSON.stringify(v);
      } else out += n === NO_NUMBER ? keys[i] + "null" : keys[i] + n;
    }
    return out + "}";
  }

  /** A field's text, or undefined when the format lacks it or AWS wrote `-`. */
  text(field: FlowLogField): string | undefined {
    return this.textAt(F[field]);
  }

  /** A field's number, or undefined when the format lacks it or AWS wrote `-`. */
  number(field: FlowLogField): number | undefined {
    return this.numberAt(F[field]);
  }

  /** Whether the record's format has the field numbered `id` in {@link F} (whatever AWS wrote in it). */
  hasAt(id: number): boolean {
    return this.layout.position[id] >= 0;
  }

  /** {@link text} by the field's number in {@link F}. */
  textAt(id: number): string | undefined {
    const i = this.layout.position[id];
    if (i < 0) return undefined;
    const v = this.valueAt(i);
    return v === "-" ? undefined : v;
  }

  /** {@link number} by the field's number in {@link F}. */
  numberAt(id: number): number | undefined {
    const i = this.layout.position[id];
    if (i < 0) return undefined;
    const n = this.numbers[i];
    return n >= 0 ? n : n === NO_NUMBER ? undefined : digits(this.valueAt(i));
  }

  /** The text of the value at position `i` of the format (sliced once). */
  private valueAt(i: number): string {
    const texts = (this.texts ??= new Array<string | undefined>(this.starts.length));
    let v = texts[i];
    if (v === undefined) {
      const end = i + 1 < this.starts.length ? this.starts[i + 1] - 1 : this.line.length;
      v = texts[i] = this.line.slice(this.starts[i], end);
    }
    return v;
  }
}

/** In a record's numbers: a numeric field AWS wrote `-` for, and a field of another kind. */
const NO_NUMBER = -1;
const NOT_NUMERIC = -2;

/** A line that is not a record of the format, and why. */
export class RecordProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordProblem";
  }
}

/**
 * A record format from its text, a VPC's or a transit gateway's (see `parseAnyFormat`); a text
 * that is neither throws a {@link RecordProblem} naming each unknown or repeated field.
 */
export function parseFormat(text: string): AnyRecordFormat {
  try {
    return parseAnyFormat(text);
  } catch (e) {
    if (e instanceof RecordFormatError) throw new RecordProblem(e.message);
    throw e;
  }
}

const SPACE = 32;
const HYPHEN = 45;
const QUOTE = 34;
const BACKSLASH = 92;

/**
 * A line as AWS writes records (values one space apart) read in one pass: where each value
 * starts and each numeric value's number, with no string made; undefined for anything else
 * (another spacing, a wrong count, a numeric value that is not digits), which the careful
 * reading then judges.
 */
function scan(line: string, layout: RecordLayout): FlowRecord | undefined {
  const n = layout.numeric.length;
  const starts: number[] = [];
  const numbers: number[] = [];
  let start = 0;
  let x = 0;
  let digitsOnly = true;
  let ascii = true;
  for (let i = 0, length = line.length; i <= length; i++) {
    const c = i < length ? line.charCodeAt(i) : SPACE;
    if (c === SPACE) {
      const field = starts.length;
      if (i === start || field === n) return undefined;
      starts.push(start);
      if (!layout.numeric[field]) numbers.push(NOT_NUMERIC);
      else if (i - start === 1 && line.charCodeAt(start) === HYPHEN) numbers.push(NO_NUMBER);
      else if (digitsOnly && i - start <= 15) numbers.push(x);
      else return undefined;
      start = i + 1;
      x = 0;
      digitsOnly = true;
    } else if (c < SPACE) return undefined;
    else if (c >= 48 && c <= 57) x = x * 10 + (c - 48);
    else {
      digitsOnly = false;
      // marked-text.ts plainAscii's rule, a character at a time (the other characters below 0x20 end the quick reading).
      if (c > 126 || c === QUOTE || c === BACKSLASH) ascii = false;
    }
  }
  return starts.length === n ? new FlowRecord(line, starts, numbers, layout, ascii) : undefined;
}

/**
 * {@link scan} of a line known to be plain (printable ASCII without a quote or backslash, as a
 * reader found its whole chunk): values found by searching for spaces, only numeric values read
 * a character at a time.
 */
function scanPlain(line: string, layout: RecordLayout): FlowRecord | undefined {
  const n = layout.numeric.length;
  const starts: number[] = [];
  const numbers: number[] = [];
  let start = 0;
  for (let field = 0; field < n; field++) {
    const space = line.indexOf(" ", start);
    const end = field === n - 1 ? (space < 0 ? line.length : -1) : space;
    if (end <= start) return undefined;
    starts.push(start);
    if (!layout.numeric[field]) numbers.push(NOT_NUMERIC);
    else if (end - start === 1 && line.charCodeAt(start) === HYPHEN) numbers.push(NO_NUMBER);
    else {
      if (end - start > 15) return undefined;
      let x = 0;
      for (let i = start; i < end; i++) {
        const d = line.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return undefined;
        x = x * 10 + d;
      }
      numbers.push(x);
    }
    start = end + 1;
  }
  return new FlowRecord(line, starts, numbers, layout, true);
}

/**
 * Reads one record line; throws {@link RecordProblem} when the line is not a record of `format`.
 * `plain`: the caller knows the line printable ASCII without a quote or backslash.
 */
export function parseRecord(line: string, format: RecordFormat, plain = false): FlowRecord {
  const layout = layoutOf(format);
  const fast = plain ? scanPlain(line, layout) : scan(line, layout);
  if (fast) return fast;
  // Any run of blanks separates values; then each numeric value must be digits.
  const values = line.trim().split(/\s+/);
  if (values.length !== format.fields.length) {
    throw new RecordProblem(`${values.length} fields where the format has ${format.fields.length} (${format.fields.join(" ")})`);
  }
  const starts: number[] = [];
  const numbers: number[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    starts.push(at);
    at += values[i].length + 1;
    if (!layout.numeric[i]) numbers.push(NOT_NUMERIC);
    else if (values[i] === "-") numbers.push(NO_NUMBER);
    else {
      const n = digits(values[i]);
      if (n === undefined) throw new RecordProblem(`${format.fields[i]} is ${quoted(values[i])}, not a number`);
      numbers.push(n);
    }
  }
  const normal = values.join(" ");
  return new FlowRecord(normal, starts, numbers, layout, plainAscii(normal));
}

/** A field's number, or undefined when the format lacks it or AWS wrote `-`. */
export function numberOf(r: FlowRecord, field: FlowLogField): number | undefined {
  return r.number(field);
}

/** A field's text, or undefined when the format lacks it or AWS wrote `-`. */
export function textOf(r: FlowRecord, field: FlowLogField): string | undefined {
  return r.text(field);
}
