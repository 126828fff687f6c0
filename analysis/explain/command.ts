/**
 * The explain command's run: flow-log records explained, streamed (standard input when no file),
 * or summarised (`--summary`), from its arguments (arguments.ts). It reads every form inputs.ts
 * knows, and folders of them. A line that is not a record is reported with its number and the
 * reading goes on; the counts go to standard error.
 */
import * as fs from "node:fs";
import type { Readable, Writable } from "node:stream";
import type { AnyRecordFormat } from "../../constructs/records/transit-gateway-format";
import {
  Explained,
  ExplainedConversation,
  RecordExplainer,
  RecordExplanation,
  type Endpoint,
  type ExplainedRecord,
  type ExplainOptions,
} from "./explain";
import { MARKED } from "./explained-conversation";
import { WRITTEN_SENTENCE, WRITTEN_MARKED, WRITTEN_NOTES } from "./explained-record";
import type { ExplainArguments } from "./arguments";
import { Position, recordBatches } from "./inputs";
import { expandSources, isParquetFile } from "./parquet";
import { RulesJudge } from "./network-rules";
import { OutputWriter, plainAscii, unmark } from "./marked-text";
import { SENTENCES } from "./sentences";
import { ConversationSummary } from "./summary";
import { LOSS_GROUPS_SHOWN } from "./transit-gateway";
import { Progress } from "../command/progress";

/** The reader of the output went away (`| head`): stop reading, quietly. */
class OutputClosed extends Error {}

/** A count and its noun, in the singular for one: `1 record`, `2 records`. */
export function counted(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? noun : `${noun}s`}`;
}

/** How many lines of a source that are not records, before any that is, make it a file of something else. */
export const UNREADABLE_RUN = 20;

/** A source whose first lines are not records of the format: not flow logs (a README, a picture). */
class NotRecords extends Error {
  constructor(readonly format: AnyRecordFormat) {
    super("not flow-log records");
  }
}

/** Writes, waiting when the pipe is full: nothing is lost when stdout is a pipe. */
async function write(out: Writable, text: string | Buffer): Promise<void> {
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

/**
 * A conversation as JSON text, written directly (the same text JSON.stringify writes, for a
 * fraction of its time); with its marked sentence when `marked` (ASCII but for the marks: nothing to escape).
 */
function conversationJson(c: ExplainedConversation, marked: string | undefined): string {
  // Written with marks, everything in it is plain ASCII: nothing to escape.
  const q = marked !== undefined ? (v: string) => `"${v}"` : (v: string) => JSON.stringify(v);
  const end = (e: Endpoint) => `{"address":${q(e.address)},"port":${e.port}}`;
  return (
    `{"kind":"conversation","interfaceId":${q(c.interfaceId)},"protocol":${q(c.protocol)}` +
    `,"client":${end(c.client)},"server":${end(c.server)},"service":${q(c.service)},"direction":"${c.direction}"` +
    `,"verdict":"${c.verdict}","layers":[${c.layers.map((l) => `"${l}"`).join(",")}],"basis":"${c.basis}","sentence":${q(marked ?? c.sentence)},"lines":[${c.lines.join(",")}]` +
    `,"records":${c.records},"packets":${c.packets},"bytes":${c.bytes},"start":${c.start},"end":${c.end}}`
  );
}

/** Where a line is: its file and number, or its number in standard input. */
const where = (line: number, source?: string) => (source ? `${source}:${line}` : `line ${line}`);

/** A record as text: where it is, its sentence, and its notes under it. */
function recordText(e: Pick<ExplainedRecord, "line" | "source" | "event">, sentence: string, notes: readonly string[]): string {
  let text = `${where(e.line, e.source)}${e.event ? ` (event ${e.event})` : ""}: ${sentence}\n`;
  for (const n of notes) text += `    ${n}\n`;
  return text;
}

/**
 * What is written for one explained item: marked text (marked-text.ts: written as Latin-1,
 * its marks then patched) when `marked` says the item may be (only the explainer's own records
 * and conversations can), else text as it is read.
 */
function render(e: Explained, json: boolean, marked: boolean): string {
  if (e instanceof RecordExplanation) {
    // A record writes its fields with their numbers as numbers and "-" as null.
    if (json) return (marked ? e.jsonText(true) : unmark(e.jsonText())) + "\n";
    return marked ? recordText(e, e[WRITTEN_SENTENCE], e[WRITTEN_NOTES]) : recordText(e, e.sentence, e.notes);
  }
  if (e.kind === "judged") return json ? JSON.stringify(e) + "\n" : `  [${e.verdict}] ${e.sentence}\n`;
  if (e.kind === "conversation") {
    const text = marked ? e[MARKED] : undefined;
    if (json) return conversationJson(e, text) + "\n";
    const more = e.records - e.lines.length;
    const lines = `${e.records === 1 ? "line" : "lines"} ${e.lines.join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
    return `  [${e.verdict}] ${text ?? e.sentence} (${lines})\n`;
  }
  if (json) return JSON.stringify(e) + "\n";
  if (e.kind === "record" || e.kind === "transit-gateway-record") return recordText(e, e.sentence, e.notes);
  return `${where(e.line, e.source)}: not ${e.not ?? "a record"}: ${e.message}\n`;
}

/** Output gathered into chunks of about this many bytes before each write. */
const CHUNK = 1 << 16;

/** Whether the sources are an archive (a folder, or Parquet): too many records to read one by one. */
function isArchive(sources: readonly string[], files: readonly string[]): boolean {
  return (
    sources.some((s) => s !== "-" && fs.existsSync(s) && fs.statSync(s).isDirectory()) ||
    files.some((f) => f !== "-" && fs.existsSync(f) && isParquetFile(f))
  );
}

/** The explainer the command line asks for: format, language, zone, rules and filter, and what the command adds. */
export function explainerFor(
  args: ExplainArguments,
  more: Pick<ExplainOptions, "records" | "observe" | "observeTransitGateway">,
): RecordExplainer {
  return new RecordExplainer({
    format: args.format,
    language: args.language,
    timeZone: args.timeZone,
    ...(args.rules ? { rules: new RulesJudge(args.rules), interfaceAddresses: args.rules.interfaceAddresses() } : {}),
    ...(args.keep ? { keep: args.keep } : {}),
    ...(args.view ? { view: args.view } : {}),
    ...(args.transitGatewayFormat ? { transitGatewayFormat: args.transitGatewayFormat } : {}),
    ...(args.transitGatewayView ? { transitGatewayView: args.transitGatewayView } : {}),
    ...more,
  });
}

/** A source that stopped before its end, as a message. */
export interface SourceStop {
  readonly line: number;
  readonly source?: string;
  readonly message: string;
}

/**
 * Reads the sources (files, `-` for standard input) through the explainer, handing each thing it
 * gives to `give` as soon as it is given (a burst of conversations settled at once is not held
 * until the batch ends: held, it outlived the young generation and was copied to the old), and
 * calling `after` after each batch, with a source that stopped before its end (a truncated gzip)
 * or could not be read (a missing file), and at the end of the input. Returns how many sources
 * were not read to the end. The reading of every command that explains: `runExplain` and the report.
 */
export async function explainSources(
  files: readonly string[],
  explainer: RecordExplainer,
  format: AnyRecordFormat,
  stdin: Readable,
  give: (e: Explained) => void,
  after: (stop?: SourceStop) => Promise<void> | void,
  progress?: Progress,
): Promise<number> {
  const sink = { push: give };
  let stopped = 0;
  let done = 0;
  for (const file of files) {
    const name = file === "-" ? undefined : file;
    const at: Position = { unit: "line", n: 0 };
    if (name !== undefined && !fs.existsSync(name)) {
      stopped++;
      give({ kind: "problem", line: 0, source: name, message: "no such file or folder" });
      await after();
      done++;
      continue;
    }
    try {
      // Until a record of this source is read, a run of lines that are not records stops it.
      const readBefore = explainer.recordsRead;
      const problemsBefore = explainer.problemsRead;
      let holdsRecords = false;
      for await (const batch of recordBatches(file, explainer, format, stdin, at)) {
        for (let i = 0; i < batch.texts.length; i++) {
          explainer.read(batch.texts[i], batch.lines[i], name, batch.events[i], sink, batch.plain);
          if (holdsRecords) continue;
          if (explainer.recordsRead > readBefore) holdsRecords = true;
          else if (explainer.problemsRead - problemsBefore >= UNREADABLE_RUN) throw new NotRecords(explainer.format);
        }
        for (const j of batch.judged) {
          if (j.row) explainer.readJudged(j.row, j.line, name, sink);
          else explainer.problem(j.line, name, j.problem!, "a row of a verdict query's result", sink);
        }
        progress?.update(done, explainer.recordsRead);
        await after();
      }
    } catch (e) {
      if (e instanceof OutputClosed) throw e;
      stopped++;
      const source = name ?? "standard input";
      await after({
        line: at.n,
        ...(name ? { source: name } : {}),
        message:
          e instanceof NotRecords
            ? `${source}: does not look like flow-log records (its first ${UNREADABLE_RUN} lines are not records of the format "${e.format.fields.join(" ")}"); the rest of it was not read`
            : `${source}: stopped after ${at.unit} ${at.n}: ${(e as Error).message}`,
      });
    }
    done++;
  }
  progress?.clear();
  explainer.finish(sink);
  await after();
  return stopped;
}

/**
 * What a reading leaves unjudged, as messages: no file in the folders given, no record in the
 * input, records whose format lacks what a conversation needs. Each is a problem of the run
 * (exit code 1), printed on standard error: "no conversation was refused" must not mean "nothing
 * could be judged".
 */
export function unjudgedNotes(explainer: RecordExplainer, sources: readonly string[], files: readonly string[]): string[] {
  const named = (s: string) => (s === "-" ? "standard input" : s);
  if (files.length === 0) return [`nothing to read: ${sources.map(named).join(", ")} holds no file`];
  if (explainer.recordsRead === 0 && explainer.problemsRead === 0 && explainer.judgedRows === 0)
    return [`no flow-log record in ${files.length === 1 ? named(files[0]) : `the ${files.length} files read`}: nothing was judged`];
  const unjudged = explainer.unjudged;
  if (!unjudged || unjudged.missing.length === 0) return [];
  return [
    `${unjudged.records === 1 ? "1 record" : `${unjudged.records.toLocaleString("en-US")} records`} could not be judged: their format has no ${unjudged.missing.join(", ")}, which a conversation needs (its interface, its two ends, the protocol and the action)`,
  ];
}

/** Explains the sources to `out` (or summarises them); returns the counts, and writes them to `err`. */
export async function runExplain(
  args: ExplainArguments,
  out: Writable,
  err: Writable,
  stdin: Readable = process.stdin,
): Promise<{ records: number; conversations: number; problems: number; files: number; skipped?: number }> {
  const sources = args.files.length > 0 ? args.files : ["-"];
  const files = expandSources(sources);
  const summary = (args.summary ?? isArchive(sources, files)) ? new ConversationSummary() : undefined;
  // A summary says no record.
  const explainer = explainerFor(args, summary ? { records: false } : {});
  // Someone typing or pasting records sees each answer at once; otherwise output goes in chunks.
  const chunk = files.includes("-") && (stdin as { isTTY?: boolean }).isTTY ? 0 : CHUNK;
  // Rendered pieces, encoded as they come.
  const output = new OutputWriter();
  const add = (text: string, marked = false) => output.add(text, marked);
  // Whether the last source's name (and event ids) may go into marked text.
  let lastSource: string | undefined;
  let lastSourcePlain = true;
  /** Renders what the explainer gives (or counts it into the summary). */
  const take = (e: Explained) => {
    // A verdict query's rows are said as they are: they are already counted.
    if (summary && e.kind !== "problem" && e.kind !== "judged") {
      if (e.kind === "conversation") summary.add(e);
      return;
    }
    let marked = false;
    if (e instanceof RecordExplanation) {
      if (e.source !== lastSource) {
        lastSource = e.source;
        lastSourcePlain = e.source === undefined || plainAscii(e.source);
      }
      marked = e[WRITTEN_MARKED] && lastSourcePlain && (e.event === undefined || plainAscii(e.event));
    } else if (e.kind === "conversation") marked = e[MARKED] !== undefined;
    add(render(e, args.json, marked), marked);
  };
  const flush = async (atLeast = 0) => {
    const waiting = output.pending;
    if (waiting === 0 || waiting < atLeast) return;
    for (const c of output.take()) await write(out, c);
  };
  let fileProblems = 0;
  // A progress line where someone watches standard error, and records are not written to the same terminal.
  const progress = summary || !(out as { isTTY?: boolean }).isTTY ? Progress.on(err, files) : undefined;
  try {
    fileProblems = await explainSources(
      files,
      explainer,
      args.format,
      stdin,
      take,
      async (stop) => {
        if (stop)
          add(
            args.json
              ? JSON.stringify({ kind: "problem", line: stop.line, source: stop.source, message: stop.message }) + "\n"
              : `${stop.message}\n`,
          );
        await flush(stop ? 0 : chunk);
      },
      progress,
    );
    const c = explainer.counts;
    if (summary) {
      const counts = { records: c.records, conversations: c.conversations, problems: c.problems + fileProblems, skipped: c.skipped };
      const words = SENTENCES[args.language];
      // Transit gateway records join no conversation: their losses are ranked beside.
      const losses = explainer.transitGatewayLosses;
      add(
        args.json
          ? JSON.stringify({
              ...summary.json(counts, words),
              ...(losses.records > 0
                ? { transitGatewayRecords: losses.records, transitGatewayLosses: losses.ranked().slice(0, LOSS_GROUPS_SHOWN) }
                : {}),
            }) + "\n"
          : summary.text(counts, words, args.language === "ja" ? "ja-JP" : "en-US", losses.records < c.records) +
              losses
                .text(args.language, (start, end) => explainer.timeText(start, end))
                .map((l) => l + "\n")
                .join(""),
      );
    }
    await flush();
  } catch (e) {
    if (!(e instanceof OutputClosed)) throw e;
    return { ...explainer.counts, problems: explainer.counts.problems + fileProblems, files: fileProblems };
  }
  const c = explainer.counts;
  const notes = unjudgedNotes(explainer, sources, files);
  for (const note of notes) await write(err, `${note}\n`);
  const counts = {
    records: c.records,
    conversations: c.conversations,
    problems: c.problems + fileProblems + notes.length,
    files: fileProblems,
    skipped: c.skipped,
  };
  const parts = [
    ...(c.problems > 0 ? [`${counted(c.problems, "line")} not ${explainer.judgedRows > 0 ? "rows of the result" : "records"}`] : []),
    ...(fileProblems > 0 ? [`${counted(fileProblems, "file")} that could not be read to the end`] : []),
    ...(notes.length > 0 ? ["nothing or not all judged, as explained above"] : []),
  ];
  // A verdict query's result holds rows, not records.
  const read =
    explainer.judgedRows > 0 && counts.records === 0
      ? `${counted(explainer.judgedRows, "row")} of a verdict query's result`
      : `${counted(counts.records, "record")}, ${counted(counts.conversations, "conversation")}`;
  await write(
    err,
    `${read}, ${counted(counts.problems, "problem")}` +
      (parts.length > 0 ? ` (${parts.join(", ")})` : "") +
      (args.keep || args.view ? `; ${counted(counts.skipped, "record")} left out by the filter` : "") +
      "\n",
  );
  return counts;
}
