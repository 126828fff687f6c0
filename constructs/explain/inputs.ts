/**
 * The forms records come in, each read to record texts in one record format:
 * - bare record lines, or lines with a timestamp before the record (CloudWatch console, exports);
 * - an S3 file's lines, its header line naming the fields (`.gz` or gzip bytes decompressed);
 * - the JSON `aws logs filter-log-events` prints (each event's message, cited by its event id);
 * - Parquet as AWS writes it (its columns name the fields), from a file or standard input;
 * - an Athena query's results: the CSV Athena writes to the results bucket (every value quoted,
 *   `""` for a quote, a null an unquoted empty value) and the JSON of `aws athena
 *   get-query-results` (column names in `ColumnInfo`, a null a datum without `VarCharValue`);
 *   columns named as the table names fields (`interface_id`), other columns left out.
 * Where a source's reading is goes into a {@link Position}, for the records and for a stop.
 */
import * as fs from "node:fs";
import * as readline from "node:readline";
import { Readable } from "node:stream";
import * as zlib from "node:zlib";
import { FLOW_LOG_FIELDS, RecordFormat } from "../records/record-format";
import type { RecordExplainer } from "./explain";
import { isParquetFile, PARQUET_MAGIC, readParquetRecords } from "./parquet";
import { parseFormat } from "./record";

/** Where a source's reading is: its line (or a Parquet file's row), and the event id of the record it gives, when it has one. */
export interface Position {
  unit: "line" | "row";
  n: number;
  event?: string;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?|\d{10}|\d{13})$/;

/** A record after a timestamp (CloudWatch console, exports) is one token more than the format. */
function recordOfLine(line: string, fields: number): string {
  const tokens = line.trim().split(/\s+/);
  return tokens.length === fields + 1 && TIMESTAMP.test(tokens[0]) ? tokens.slice(1).join(" ") : line;
}

/** Whether a line is an S3 file's header: every token a field name. */
function headerFormat(line: string): RecordFormat | undefined {
  if (!/^[a-z$]/.test(line.trim())) return undefined;
  try {
    return parseFormat(line);
  } catch {
    return undefined;
  }
}

/**
 * The messages of `filter-log-events` JSON, each with its event id: pretty-printed (a key a
 * line) or one event a line; an event's message and id paired in whichever order they come.
 */
class EventScanner {
  private static readonly KEY = /"(message|eventId)"\s*:\s*("(?:[^"\\]|\\.)*")/g;
  private message?: string;
  private id?: string;

  *feed(line: string, at: Position): Generator<string> {
    for (const m of line.matchAll(EventScanner.KEY)) {
      const value = JSON.parse(m[2]) as string;
      if (m[1] === "message") {
        if (this.message !== undefined) yield* this.give(at, undefined);
        if (this.id !== undefined) {
          const id = this.id;
          this.id = undefined;
          this.message = value;
          yield* this.give(at, id);
        } else this.message = value;
      } else if (this.message !== undefined) yield* this.give(at, value);
      else this.id = value;
    }
  }

  *end(at: Position): Generator<string> {
    if (this.message !== undefined) yield* this.give(at, undefined);
  }

  private *give(at: Position, id: string | undefined): Generator<string> {
    const text = this.message!;
    this.message = undefined;
    at.event = id;
    yield text;
    at.event = undefined;
  }
}

/** One CSV line as Athena writes it: values quoted, `""` a quote; an unquoted empty value is null. */
export function athenaCsvValues(line: string): (string | null)[] {
  const out: (string | null)[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        const close = line.indexOf('"', i);
        if (close < 0) throw new Error("a quoted value that does not end on its line");
        value += line.slice(i, close);
        i = close + 1;
        if (line[i] === '"') {
          value += '"';
          i++;
        } else break;
      }
      out.push(value);
    } else {
      const comma = line.indexOf(",", i);
      const raw = line.slice(i, comma < 0 ? undefined : comma);
      out.push(raw === "" ? null : raw);
      i = comma < 0 ? line.length : comma;
    }
    if (i >= line.length) return out;
    if (line[i] !== ",") throw new Error(`a value with text after its closing quote, at character ${i + 1}`);
    i++;
  }
}

/** The record format of a result's columns (named as the table names them), and which column gives each field. */
function resultColumns(columns: readonly string[]): { format: RecordFormat; picks: number[] } {
  const picks: number[] = [];
  const fields: string[] = [];
  columns.forEach((c, i) => {
    const field = c.trim().toLowerCase().replace(/_/g, "-");
    if (field in FLOW_LOG_FIELDS) {
      picks.push(i);
      fields.push(field);
    }
  });
  if (fields.length === 0)
    throw new Error(
      `its columns (${columns.join(", ")}) name no flow-log field: select the record's columns (the named query "records-of-address" does)`,
    );
  return { format: parseFormat(fields.join(" ")), picks };
}

/** A result row as a record line: the picked columns, a null or empty value as `-`. */
const recordOfRow = (values: readonly (string | null | undefined)[], picks: readonly number[]) =>
  picks.map((i) => (values[i] === null || values[i] === undefined || values[i] === "" ? "-" : values[i])).join(" ");

/** A CSV line's record; a line that is not CSV is given as it is, to be reported as no record. */
function csvRecord(line: string, picks: readonly number[]): string {
  try {
    return recordOfRow(athenaCsvValues(line), picks);
  } catch {
    return line;
  }
}

/** The records of `aws athena get-query-results` JSON. */
function* queryResultRecords(text: string, explainer: RecordExplainer, at: Position): Generator<string> {
  type Datum = { VarCharValue?: string };
  const doc = JSON.parse(text) as {
    ResultSet?: { Rows?: { Data?: Datum[] }[]; ResultSetMetadata?: { ColumnInfo?: { Name?: string }[] } };
  };
  const rows = doc.ResultSet?.Rows ?? [];
  const names = doc.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? "") ?? rows[0]?.Data?.map((d) => d.VarCharValue ?? "");
  if (!names) throw new Error("a ResultSet without column names");
  const { format, picks } = resultColumns(names);
  explainer.format = format;
  at.unit = "row";
  for (let i = 0; i < rows.length; i++) {
    const values = (rows[i].Data ?? []).map((d) => d.VarCharValue ?? null);
    at.n = i + 1;
    // A SELECT's first row repeats the column names.
    if (i === 0 && values.length === names.length && values.every((v, j) => v === names[j])) continue;
    yield recordOfRow(values, picks);
  }
}

/** The first bytes of a stream, and the whole stream again. */
async function peek(input: Readable): Promise<{ head: Buffer; stream: Readable }> {
  const it = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.isBuffer(first.value) ? first.value : Buffer.from(first.value);
  async function* again(): AsyncGenerator<Buffer> {
    if (!first.done) yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
  }
  return { head, stream: Readable.from(again()) };
}

async function readAll(input: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as string));
  return Buffer.concat(chunks);
}

/**
 * The record texts of one source. A Parquet source and an Athena result set the explainer's
 * format from their columns; any other starts in `format`, which an S3 file's header replaces.
 */
export async function* recordTexts(
  file: string,
  explainer: RecordExplainer,
  format: RecordFormat,
  stdin: Readable,
  at: Position,
): AsyncGenerator<string> {
  let input: Readable;
  if (file === "-") {
    const { head, stream } = await peek(stdin);
    if (head.subarray(0, 4).toString("latin1") === PARQUET_MAGIC) {
      yield* parquetTexts(await readAll(stream), explainer, at);
      return;
    }
    input = head[0] === 0x1f && head[1] === 0x8b ? stream.pipe(zlib.createGunzip()) : stream;
  } else if (isParquetFile(file)) {
    yield* parquetTexts(file, explainer, at);
    return;
  } else {
    input = fs.createReadStream(file);
    if (file.endsWith(".gz")) input = input.pipe(zlib.createGunzip());
  }
  explainer.format = format;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  // An error of the input (a truncated gzip) destroys it, which ends the lines; then it is reported.
  let inputError: Error | undefined;
  input.on("error", (e) => (inputError ??= e));
  let form: "lines" | "events" | "query-results" | "csv" | undefined;
  let jsonLines: string[] | undefined;
  let csv: number[] | undefined;
  const events = new EventScanner();
  for await (const line of lines) {
    at.n++;
    if (form === "query-results") {
      jsonLines!.push(line);
      continue;
    }
    if (line.trim() === "") continue;
    if (form === undefined && jsonLines === undefined && /^\s*[{[]/.test(line)) jsonLines = [];
    if (jsonLines !== undefined && form === undefined) {
      // JSON: which command printed it shows at its first telling key.
      jsonLines.push(line);
      if (/"ResultSet"/.test(line)) form = "query-results";
      else if (/"(events|message|eventId)"/.test(line)) {
        form = "events";
        const held = jsonLines;
        jsonLines = undefined;
        for (const l of held) yield* events.feed(l, at);
      }
      continue;
    }
    if (form === undefined) {
      if (line.startsWith('"')) {
        form = "csv";
        const picked = resultColumns(athenaCsvValues(line).map((v) => v ?? ""));
        explainer.format = picked.format;
        csv = picked.picks;
        continue;
      }
      form = "lines";
      const header = headerFormat(line);
      if (header) {
        explainer.format = header;
        continue;
      }
    }
    if (form === "events") yield* events.feed(line, at);
    else if (form === "csv") yield csvRecord(line, csv!);
    else yield recordOfLine(line, explainer.format.fields.length);
  }
  if (inputError) throw inputError;
  if (form === "events") yield* events.end(at);
  else if (form === "query-results") yield* queryResultRecords(jsonLines!.join("\n"), explainer, at);
  else if (jsonLines !== undefined) throw new Error("JSON that is neither filter-log-events output nor get-query-results output");
}

async function* parquetTexts(source: string | Buffer, explainer: RecordExplainer, at: Position): AsyncGenerator<string> {
  at.unit = "row";
  const parquet = await readParquetRecords(source);
  explainer.format = parquet.format;
  for await (const line of parquet.lines) {
    at.n++;
    yield line;
  }
}
