/**
 * One flow-log record read from a line in a known format: each field's text, the numbers a
 * reader needs, and a clear problem for a line that is not a record of that format (wrong
 * field count, a port that is not a number), so that a reader can report it and go on.
 */
import { FLOW_LOG_FIELDS, FlowLogField, RecordFormat, RecordFormatError } from "../records/record-format";

/** A record: the text of each field of its format (`-` where AWS wrote none). */
export interface FlowRecord {
  readonly fields: Readonly<Partial<Record<FlowLogField, string>>>;
}

/** A line that is not a record of the format, and why. */
export class RecordProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecordProblem";
  }
}

/**
 * A record format from its text (see {@link RecordFormat.parse}); a text that is not one throws
 * a {@link RecordProblem} naming each unknown or repeated field.
 */
export function parseFormat(text: string): RecordFormat {
  try {
    return RecordFormat.parse(text);
  } catch (e) {
    if (e instanceof RecordFormatError) throw new RecordProblem(e.message);
    throw e;
  }
}

const NUMBER = /^\d+$/;

/** Reads one record line; throws {@link RecordProblem} when the line is not a record of `format`. */
export function parseRecord(line: string, format: RecordFormat): FlowRecord {
  const values = line.trim().split(/\s+/);
  if (values.length !== format.fields.length) {
    throw new RecordProblem(`${values.length} fields where the format has ${format.fields.length} (${format.fields.join(" ")})`);
  }
  const fields: Partial<Record<FlowLogField, string>> = {};
  format.fields.forEach((name, i) => {
    const value = values[i];
    if (FLOW_LOG_FIELDS[name].kind === "number" && value !== "-" && !NUMBER.test(value)) {
      throw new RecordProblem(`${name} is "${value}", not a number`);
    }
    fields[name] = value;
  });
  return { fields };
}

/** A field's number, or undefined when the format lacks it or AWS wrote `-`. */
export function numberOf(r: FlowRecord, field: FlowLogField): number | undefined {
  const v = r.fields[field];
  return v !== undefined && NUMBER.test(v) ? Number(v) : undefined;
}

/** A field's text, or undefined when the format lacks it or AWS wrote `-`. */
export function textOf(r: FlowRecord, field: FlowLogField): string | undefined {
  const v = r.fields[field];
  return v === undefined || v === "-" ? undefined : v;
}
