/**
 * `npm run explain -- [--env <name> | --format "<fields>"] [--tz <zone>] [--lang en|ja] [--json]
 * [--security-groups F --network-acls F --network-interfaces F] [file...]`: flow-log records in
 * words, streamed (standard input when no file). It reads bare record lines, lines with a
 * timestamp before the record (CloudWatch console and export), the JSON `aws logs
 * filter-log-events` prints, S3 `.log.gz` files (their header line names the fields) and Parquet
 * files as AWS writes them (their columns name the fields), and folders of them. A line
 * that is not a record is reported with its number and the reading goes on; a summary counts.
 */
import * as fs from "node:fs";
import * as readline from "node:readline";
import type { Readable, Writable } from "node:stream";
import * as zlib from "node:zlib";
import { RecordFormat } from "../records/record-format";
import { Explained, RecordExplainer } from "./explain";
import { recordFilter, RecordFilterOptions, timeOf } from "./filter";
import { expandSources, isParquetFile, readParquetRecords } from "./parquet";
import { FlowRecord, parseFormat } from "./record";
import { RuleSet, RulesJudge } from "./network-rules";
import type { Language } from "./sentences";

export const EXPLAIN_USAGE =
  'usage: npm run explain -- [--env <name> | --format "<fields>"] [--tz <zone>] [--lang en|ja] [--json]\n' +
  '       vpc-flow-log-explain [--stack <cdktf.out/stacks/name> | --format "<fields>"] [the same options]\n' +
  "                          [--address <ip or IPv4 block>] [--interface <eni-...>] [--since <time>] [--until <time>]\n" +
  "                          [--action ACCEPT|REJECT]\n" +
  "                          [--security-groups <f> --network-acls <f> --network-interfaces <f>] [file...]\n" +
  "  records from the files or folders (read recursively; .gz read as gzip; an S3 file's header names its fields;\n" +
  "  Parquet files as AWS writes them, their columns the format) or standard input;\n" +
  "  the rule files are what `aws ec2 describe-security-groups`, `describe-network-acls` and\n" +
  "  `describe-network-interfaces` print, and name the rule that decided";

/** The command line, read. */
export interface ExplainArguments {
  readonly format: RecordFormat;
  readonly formatGiven: boolean;
  readonly language: Language;
  readonly timeZone: string;
  readonly json: boolean;
  readonly files: readonly string[];
  readonly rules?: RuleSet;
  /** Which records to explain, from --address, --interface, --since, --until and --action; absent: all. */
  readonly keep?: (record: FlowRecord) => boolean;
}

/**
 * Reads the arguments; throws with the usage on a bad one. `--env` names one of `formats`, the
 * record formats of an app's environments by name (its script hands them in).
 */
export function explainArguments(argv: readonly string[], formats: ReadonlyMap<string, RecordFormat> = new Map()): ExplainArguments {
  let format = RecordFormat.DEFAULT;
  let formatGiven = false;
  let language: Language = "en";
  let timeZone = "UTC";
  let json = false;
  const files: string[] = [];
  const ruleFiles: Record<string, string> = {};
  const filter: { -readonly [K in keyof RecordFilterOptions]: RecordFilterOptions[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value\n${EXPLAIN_USAGE}`);
      return v;
    };
    if (arg === "--json") json = true;
    else if (arg === "--env") {
      const name = value();
      const named = formats.get(name);
      if (!named) throw new Error(`unknown environment "${name}"; the environments are ${[...formats.keys()].join(", ")}`);
      format = named;
      formatGiven = true;
    } else if (arg === "--format") {
      format = parseFormat(value());
      formatGiven = true;
    } else if (arg === "--tz") timeZone = value();
    else if (arg === "--lang") {
      const v = value();
      if (v !== "en" && v !== "ja") throw new Error(`--lang ${v}: expected en or ja`);
      language = v;
    } else if (arg === "--security-groups" || arg === "--network-acls" || arg === "--network-interfaces") ruleFiles[arg] = value();
    else if (arg === "--address") filter.address = value();
    else if (arg === "--interface") filter.interfaceId = value();
    else if (arg === "--since") filter.since = timeOf(arg, value());
    else if (arg === "--until") filter.until = timeOf(arg, value());
    else if (arg === "--action") {
      const v = value().toUpperCase();
      if (v !== "ACCEPT" && v !== "REJECT") throw new Error(`--action ${v}: expected ACCEPT or REJECT`);
      filter.action = v;
    } else if (arg.startsWith("-") && arg !== "-") throw new Error(`unknown option ${arg}\n${EXPLAIN_USAGE}`);
    else files.push(arg);
  }
  const given = Object.keys(ruleFiles);
  let rules: RuleSet | undefined;
  if (given.length > 0) {
    if (given.length < 3)
      throw new Error(
        "--security-groups, --network-acls and --network-interfaces go together: the groups and ACLs apply through the interfaces",
      );
    const read = (flag: string): [string, string] => [ruleFiles[flag], fs.readFileSync(ruleFiles[flag], "utf8")];
    rules = RuleSet.fromJson({
      securityGroups: read("--security-groups"),
      networkAcls: read("--network-acls"),
      networkInterfaces: read("--network-interfaces"),
    });
  }
  // Built here, so that a bad address is refused before anything is read.
  const keep = recordFilter(filter);
  return {
    format,
    formatGiven,
    language,
    timeZone,
    json,
    files,
    ...(rules ? { rules } : {}),
    ...(keep ? { keep } : {}),
  };
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?|\d{10}|\d{13})$/;
const MESSAGE = /"message"\s*:\s*("(?:[^"\\]|\\.)*")/g;

/** The record texts of one line of a source, by the source's form. */
function* textsOfLine(line: string, form: "lines" | "json", fields: number): Generator<string> {
  if (form === "json") {
    for (const m of line.matchAll(MESSAGE)) yield JSON.parse(m[1]) as string;
    return;
  }
  // A timestamp before the record (CloudWatch console, exports): one token more than the format.
  const tokens = line.trim().split(/\s+/);
  if (tokens.length === fields + 1 && TIMESTAMP.test(tokens[0])) yield tokens.slice(1).join(" ");
  else yield line;
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

/** The reader of the output went away (`| head`): stop reading, quietly. */
class OutputClosed extends Error {}

/** Writes, waiting when the pipe is full: nothing is lost when stdout is a pipe. */
async function write(out: Writable, text: string): Promise<void> {
  if (out.destroyed || out.writableEnded) throw new OutputClosed();
  if (!out.write(text)) {
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        out.off("drain", done);
        out.off("close", closed);
        resolve();
      };
      const closed = () => {
        out.off("drain", done);
        reject(new OutputClosed());
      };
      out.once("drain", done);
      out.once("close", closed);
    });
  }
}

function render(e: Explained, json: boolean): string {
  if (json) return JSON.stringify(e) + "\n";
  const where = (line: number, source?: string) => (source ? `${source}:${line}` : `line ${line}`);
  switch (e.kind) {
    case "record":
      return `${where(e.line, e.source)}: ${e.sentence}\n` + e.notes.map((n) => `    ${n}\n`).join("");
    case "conversation":
      return `  [${e.verdict}] ${e.sentence} (${e.lines.length === 1 ? "line" : "lines"} ${e.lines.join(", ")})\n`;
    case "problem":
      return `${where(e.line, e.source)}: not a record: ${e.message}\n`;
  }
}

/** Where a source's reading is: its line (or a Parquet file's row), for the records and for a stop. */
interface Position {
  unit: "line" | "row";
  n: number;
}

/**
 * The record texts of one source, `at` following where they come from. A Parquet file sets the
 * explainer's format from its columns; any other file starts in `format`, which an S3 file's
 * header replaces; its lines may be bare records, records after a timestamp, or JSON events.
 */
async function* recordTexts(
  file: string,
  explainer: RecordExplainer,
  format: RecordFormat,
  stdin: Readable,
  at: Position,
): AsyncGenerator<string> {
  if (file !== "-" && fs.existsSync(file) && isParquetFile(file)) {
    at.unit = "row";
    const parquet = await readParquetRecords(file);
    explainer.format = parquet.format;
    for await (const line of parquet.lines) {
      at.n++;
      yield line;
    }
    return;
  }
  let input: Readable = file === "-" ? stdin : fs.createReadStream(file);
  if (file.endsWith(".gz")) input = input.pipe(zlib.createGunzip());
  explainer.format = format;
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  // An error of the input (a truncated gzip) destroys it, which ends the lines; then it is reported.
  let inputError: Error | undefined;
  input.on("error", (e) => (inputError ??= e));
  let form: "lines" | "json" | undefined;
  for await (const line of lines) {
    at.n++;
    if (line.trim() === "") continue;
    if (form === undefined) {
      form = /^\s*[{[]/.test(line) ? "json" : "lines";
      const header = form === "lines" ? headerFormat(line) : undefined;
      if (header) {
        explainer.format = header;
        continue;
      }
    }
    yield* textsOfLine(line, form, explainer.format.fields.length);
  }
  if (inputError) throw inputError;
}

/** Explains the sources to `out`; returns the counts, and writes the summary to `err`. */
export async function runExplain(
  args: ExplainArguments,
  out: Writable,
  err: Writable,
  stdin: Readable = process.stdin,
): Promise<{ records: number; conversations: number; problems: number; files: number; skipped?: number }> {
  const explainer = new RecordExplainer({
    format: args.format,
    language: args.language,
    timeZone: args.timeZone,
    ...(args.rules ? { rules: new RulesJudge(args.rules), interfaceAddresses: args.rules.interfaceAddresses() } : {}),
    ...(args.keep ? { keep: args.keep } : {}),
  });
  let fileProblems = 0;
  for (const file of expandSources(args.files.length > 0 ? args.files : ["-"])) {
    const name = file === "-" ? undefined : file;
    const at: Position = { unit: "line", n: 0 };
    try {
      for await (const text of recordTexts(file, explainer, args.format, stdin, at)) {
        for (const e of explainer.line(text, at.n, name)) await write(out, render(e, args.json));
      }
    } catch (e) {
      if (e instanceof OutputClosed)
        return { ...explainer.counts, problems: explainer.counts.problems + fileProblems, files: fileProblems };
      fileProblems++;
      const message = `${name ?? "standard input"}: stopped after ${at.unit} ${at.n}: ${(e as Error).message}`;
      await write(out, args.json ? JSON.stringify({ kind: "problem", line: at.n, source: name, message }) + "\n" : `${message}\n`);
    }
  }
  try {
    for (const e of explainer.end()) await write(out, render(e, args.json));
  } catch (e) {
    if (!(e instanceof OutputClosed)) throw e;
  }
  const c = explainer.counts;
  const counts = {
    records: c.records,
    conversations: c.conversations,
    problems: c.problems + fileProblems,
    files: fileProblems,
    skipped: c.skipped,
  };
  await write(
    err,
    `${counts.records} records, ${counts.conversations} conversations, ${counts.problems} problems` +
      (counts.problems > 0 ? ` (${c.problems} lines not records, ${fileProblems} files that could not be read to the end)` : "") +
      (args.keep ? `; ${counts.skipped} records left out by the filter` : "") +
      "\n",
  );
  return counts;
}
