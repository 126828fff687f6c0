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
import { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import * as zlib from "node:zlib";
import { FLOW_LOG_FIELDS } from "../../constructs/records/record-format";
import { TRANSIT_GATEWAY_FIELDS, type AnyRecordFormat } from "../../constructs/records/transit-gateway-format";
import type { RecordExplainer } from "./explain";
import { isParquetFile, PARQUET_MAGIC, readParquetRecords } from "./parquet";
import { parseFormat } from "./record";
import { NOT_PLAIN_IN_LINES } from "./marked-text";
import { judgedColumns, judgedRowOf, type JudgedRow } from "./judged-rows";

/** Where a source's reading is: its line (or a Parquet file's or a result's row). */
export interface Position {
  unit: "line" | "row";
  n: number;
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?|\d{10}|\d{13})$/;

/** A record after a timestamp (CloudWatch console, exports) is one token more than the format. */
function recordOfLine(line: string, fields: number): string {
  // Most lines are bare records: look at the first token before splitting the line.
  const first = line.trimStart();
  const space = first.search(/\s/);
  if (space < 10 || !TIMESTAMP.test(first.slice(0, space))) return line;
  const tokens = line.trim().split(/\s+/);
  return tokens.length === fields + 1 ? tokens.slice(1).join(" ") : line;
}

/** Whether a line is an S3 file's header: every token a field name. */
function headerFormat(line: string): AnyRecordFormat | undefined {
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
  private line = 0;
  private id?: string;

  feed(line: string, n: number, batch: TextBatch): void {
    for (const m of line.matchAll(EventScanner.KEY)) {
      const value = JSON.parse(m[2]) as string;
      if (m[1] === "message") {
        if (this.message !== undefined) this.give(batch, undefined);
        this.message = value;
        this.line = n;
        if (this.id !== undefined) {
          const id = this.id;
          this.id = undefined;
          this.give(batch, id);
        }
      } else if (this.message !== undefined) this.give(batch, value);
      else this.id = value;
    }
  }

  end(batch: TextBatch): void {
    if (this.message !== undefined) this.give(batch, undefined);
  }

  private give(batch: TextBatch, id: string | undefined): void {
    batch.texts.push(this.message!);
    batch.lines.push(this.line);
    batch.events.push(id);
    this.message = undefined;
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
function resultColumns(columns: readonly string[]): { format: AnyRecordFormat; picks: number[] } {
  const picks: number[] = [];
  const fields: string[] = [];
  columns.forEach((c, i) => {
    const field = c.trim().toLowerCase().replace(/_/g, "-");
    if (field in FLOW_LOG_FIELDS || field in TRANSIT_GATEWAY_FIELDS) {
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

type JudgedColumns = NonNullable<ReturnType<typeof judgedColumns>>;

/** A result row as a judged row, or the reason it is not one. */
function judgedOf(columns: JudgedColumns, values: () => (string | null)[], line: number): TextBatch["judged"][number] {
  try {
    return { row: judgedRowOf(columns, values()), line };
  } catch (e) {
    return { problem: (e as Error).message, line };
  }
}

/** A CSV line's record; a line that is not CSV is given as it is, to be reported as no record. */
function csvRecord(line: string, picks: readonly number[]): string {
  try {
    return recordOfRow(athenaCsvValues(line), picks);
  } catch {
    return line;
  }
}

/** The records of `aws athena get-query-results` JSON, each cited by its row. */
function queryResultRecords(text: string, explainer: RecordExplainer, batch: TextBatch): void {
  type Datum = { VarCharValue?: string };
  const doc = JSON.parse(text) as {
    ResultSet?: { Rows?: { Data?: Datum[] }[]; ResultSetMetadata?: { ColumnInfo?: { Name?: string }[] } };
  };
  const rows = doc.ResultSet?.Rows ?? [];
  const names = doc.ResultSet?.ResultSetMetadata?.ColumnInfo?.map((c) => c.Name ?? "") ?? rows[0]?.Data?.map((d) => d.VarCharValue ?? "");
  if (!names) throw new Error("a ResultSet without column names");
  const judged = judgedColumns(names);
  if (judged) {
    for (let i = 0; i < rows.length; i++) {
      const values = (rows[i].Data ?? []).map((d) => d.VarCharValue ?? null);
      if (i === 0 && values.length === names.length && values.every((v, j) => v === names[j])) continue;
      batch.judged.push(judgedOf(judged, () => values, i + 1));
    }
    return;
  }
  const { format, picks } = resultColumns(names);
  explainer.format = format;
  for (let i = 0; i < rows.length; i++) {
    const values = (rows[i].Data ?? []).map((d) => d.VarCharValue ?? null);
    // A SELECT's first row repeats the column names.
    if (i === 0 && values.length === names.length && values.every((v, j) => v === names[j])) continue;
    batch.texts.push(recordOfRow(values, picks));
    batch.lines.push(i + 1);
    batch.events.push(undefined);
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

/** Record texts of a source, a batch at a time: each text's line (or row) number, and its event id where it has one. */
export interface TextBatch {
  readonly texts: string[];
  readonly lines: number[];
  readonly events: (string | undefined)[];
  /** Whether every text is plain: printable ASCII without a quote or backslash (parseRecord's quick reading applies). */
  plain: boolean;
  /** Rows of a verdict query's result (judged-rows.ts), each with its row number, or the reason it could not be read. */
  readonly judged: { row?: JudgedRow; problem?: string; line: number }[];
}

const newBatch = (): TextBatch => ({ texts: [], lines: [], events: [], plain: false, judged: [] });

/**
 * A stream's lines, a chunk's worth at a time (without their line ends; a CR before LF dropped),
 * and whether all of them are plain (one pass of a regular expression over the chunk).
 */
async function* lineChunks(input: Readable): AsyncGenerator<{ lines: string[]; plain: boolean }> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of input) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
    const parts = text.split("\n");
    rest = parts.pop()!;
    if (parts.length > 0) yield { lines: parts, plain: !NOT_PLAIN_IN_LINES.test(text) };
  }
  rest += decoder.end();
  if (rest !== "") yield { lines: [rest], plain: false };
}

/** Reads one text source's lines in order, by its form, into batches. */
class LineReader {
  private form: "lines" | "events" | "query-results" | "csv" | "judged-csv" | undefined;
  private jsonLines: string[] | undefined;
  private csv: number[] | undefined;
  private judged: JudgedColumns | undefined;
  private rows = 0;
  private readonly events = new EventScanner();

  constructor(private readonly explainer: RecordExplainer) {}

  /** Whether the source is known to be bare record lines (not JSON, CSV or an export). */
  get bareLines(): boolean {
    return this.form === "lines";
  }

  feed(line: string, n: number, batch: TextBatch): void {
    if (line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
    if (this.form === "query-results") {
      this.jsonLines!.push(line);
      return;
    }
    if (this.form === "lines") {
      if (line.trim() !== "") this.give(batch, recordOfLine(line, this.explainer.format.fields.length), n);
      return;
    }
    if (line.trim() === "") return;
    if (this.form === undefined && this.jsonLines === undefined && /^\s*[{[]/.test(line)) this.jsonLines = [];
    if (this.jsonLines !== undefined && this.form === undefined) {
      // JSON: which command printed it shows at its first telling key.
      this.jsonLines.push(line);
      if (/"ResultSet"/.test(line)) this.form = "query-results";
      else if (/"(events|message|eventId)"/.test(line)) {
        this.form = "events";
        const held = this.jsonLines;
        this.jsonLines = undefined;
        for (const l of held) this.events.feed(l, n, batch);
      }
      return;
    }
    if (this.form === undefined) {
      if (line.startsWith('"')) {
        const names = athenaCsvValues(line).map((v) => v ?? "");
        this.judged = judgedColumns(names);
        if (this.judged) {
          this.form = "judged-csv";
          return;
        }
        this.form = "csv";
        const picked = resultColumns(names);
        this.explainer.format = picked.format;
        this.csv = picked.picks;
        return;
      }
      this.form = "lines";
      const header = headerFormat(line);
      if (header) {
        this.explainer.format = header;
        return;
      }
      this.give(batch, recordOfLine(line, this.explainer.format.fields.length), n);
      return;
    }
    if (this.form === "events") this.events.feed(line, n, batch);
    else if (this.form === "judged-csv") batch.judged.push(judgedOf(this.judged!, () => athenaCsvValues(line), ++this.rows));
    else this.give(batch, csvRecord(line, this.csv!), n);
  }

  /** What is left at the end of the source. */
  end(at: Position): TextBatch {
    const batch = newBatch();
    if (this.form === "events") this.events.end(batch);
    else if (this.form === "query-results") {
      at.unit = "row";
      queryResultRecords(this.jsonLines!.join("\n"), this.explainer, batch);
    } else if (this.jsonLines !== undefined) throw new Error("JSON that is neither filter-log-events output nor get-query-results output");
    return batch;
  }

  private give(batch: TextBatch, text: string, n: number): void {
    batch.texts.push(text);
    batch.lines.push(n);
    batch.events.push(undefined);
  }
}

/**
 * The record texts of one source, in batches. A Parquet source and an Athena result set the
 * explainer's format from their columns; any other starts in `format`, which an S3 file's
 * header replaces. `at` follows the reading, for a stop's message.
 */
export async function* recordBatches(
  file: string,
  explainer: RecordExplainer,
  format: AnyRecordFormat,
  stdin: Readable,
  at: Position,
): AsyncGenerator<TextBatch> {
  let input: Readable;
  if (file === "-") {
    const { head, stream } = await peek(stdin);
    if (head.subarray(0, 4).toString("latin1") === PARQUET_MAGIC) {
      yield* parquetBatches(await readAll(stream), explainer, at);
      return;
    }
    input = head[0] === 0x1f && head[1] === 0x8b ? stream.pipe(zlib.createGunzip()) : stream;
  } else if (isParquetFile(file)) {
    yield* parquetBatches(file, explainer, at);
    return;
  } else {
    input = fs.createReadStream(file);
    if (file.endsWith(".gz")) input = input.pipe(zlib.createGunzip());
  }
  explainer.format = format;
  // An error of the input (a truncated gzip) destroys it, which ends the chunks; then it is reported.
  let inputError: Error | undefined;
  input.on("error", (e) => (inputError ??= e));
  const reader = new LineReader(explainer);
  try {
    for await (const { lines, plain } of lineChunks(input)) {
      const batch = newBatch();
      for (const line of lines) reader.feed(line, ++at.n, batch);
      // Bare records of plain text (the form is known once the batch's first line is read): read the quick way.
      batch.plain = plain && reader.bareLines;
      if (batch.texts.length > 0 || batch.judged.length > 0) yield batch;
    }
  } catch (e) {
    throw inputError ?? e;
  }
  if (inputError) throw inputError;
  const last = reader.end(at);
  if (last.texts.length > 0 || last.judged.length > 0) yield last;
}

/** Rows of a Parquet file, in batches of this many. */
const PARQUET_BATCH = 4096;

async function* parquetBatches(source: string | Buffer, explainer: RecordExplainer, at: Position): AsyncGenerator<TextBatch> {
  at.unit = "row";
  const parquet = await readParquetRecords(source);
  explainer.format = parquet.format;
  let batch = newBatch();
  for await (const line of parquet.lines) {
    batch.texts.push(line);
    batch.lines.push(++at.n);
    batch.events.push(undefined);
    if (batch.texts.length === PARQUET_BATCH) {
      yield batch;
      batch = newBatch();
    }
  }
  if (batch.texts.length > 0) yield batch;
}
