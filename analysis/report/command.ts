/**
 * `npm run report -- [the explain command's input options] [file or folder...] --out report.html`:
 * every input form the explainer reads, streamed through it, into one self-contained HTML page
 * of aggregates (page.ts). `vpc-flow-log-report` is the same as the package ships it.
 */
import type { Readable, Writable } from "node:stream";
import type { RecordFormat } from "../../constructs/records/record-format";
import { parseCommandLine, UsageError, usage, type CommandSpec, type ParsedCommandLine } from "../command/runner";
import { refuseOutputThatIsInput, replaceFile } from "../command/command-line";
import { explainArgumentsOf, READING_NOTES, READING_OPTIONS, type ExplainArguments, type FormatSource } from "../explain/arguments";
import { explainerFor, explainSources, unjudgedNotes } from "../explain/command";
import { expandSources } from "../explain/parquet";
import { SENTENCES } from "../explain/sentences";
import { ReportAggregate } from "./aggregate";
import { chartSpecs, renderCharts } from "./charts";
import { reportPage } from "./page";
import { judgedChartSpecs, judgedData } from "./judged";
import type { ExplainedJudgedRow } from "../explain/judged-rows";
import { REPORT_WORDS } from "./words";
import { TRANSIT_GATEWAY_WORDS, TransitGatewayAggregate, transitGatewayChartSpecs } from "./transit-gateway";
import { Progress } from "../command/progress";

/** The report command as it is run: in this repository (`npm run report --`, `--env`) or as the package ships it (`--stack`). */
export function reportCommand(name: string, formatSources: readonly FormatSource[]): CommandSpec {
  return {
    name,
    operands: "[file or folder...] --out <report.html>",
    summary:
      "One HTML page (charts as SVG, tables beside them, no script, nothing fetched) of the records the explainer reads:\n" +
      "the same inputs and options as the explain command.",
    options: {
      out: { type: "string", value: "<report.html>", help: "where the page is written (required; never one of the inputs)" },
      ...(formatSources.includes("env")
        ? { env: { type: "string", value: "<name>", help: "the record format of this repository's environment <name>" } }
        : {}),
      ...(formatSources.includes("stack")
        ? { stack: { type: "string", value: "<cdktf.out/stacks/name>", help: "the record format of a synthesized stack's flow logs" } }
        : {}),
      ...READING_OPTIONS,
    },
    refused: Object.fromEntries(
      ["json", "summary", "records"].map((o) => [o, "is the explain command's; a report is one page (see the explain command)"]),
    ),
    notes: READING_NOTES,
  };
}

/** `npm run report` in this repository. */
export const REPORT_COMMAND = reportCommand("npm run report --", ["env"]);
/** `vpc-flow-log-report`, as the package ships it. */
export const SHIPPED_REPORT_COMMAND = reportCommand("vpc-flow-log-report", ["stack"]);
const ANY_REPORT_COMMAND = reportCommand("report", ["env", "stack"]);

/** The usage of `npm run report`. */
export const REPORT_USAGE = usage(REPORT_COMMAND);

/** The command line, read: the explainer's arguments and where the page goes. */
export interface ReportArguments {
  readonly explain: ExplainArguments;
  readonly out: string;
}

/** Reads a command line (by `spec`, every option by default); throws with what is wrong. */
export function reportArguments(
  argv: readonly string[],
  formats: ReadonlyMap<string, RecordFormat> = new Map(),
  spec: CommandSpec = ANY_REPORT_COMMAND,
): ReportArguments {
  return reportArgumentsOf(parseCommandLine(spec, argv), formats);
}

/** The arguments of a command line read by a report command's table. */
export function reportArgumentsOf(parsed: ParsedCommandLine, formats: ReadonlyMap<string, RecordFormat> = new Map()): ReportArguments {
  const out = parsed.values.out;
  if (typeof out !== "string") throw new UsageError("--out <report.html> is required: where the page is written");
  return { explain: explainArgumentsOf(parsed, formats), out };
}

/** The time bins' labels in the report's zone: `MM-DD HH:MM`. */
export function binLabeller(timeZone: string): (start: number) => string {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  return (start) => {
    const part: Record<string, string> = {};
    for (const p of f.formatToParts(start * 1000)) part[p.type] = p.value;
    return `${part.month}-${part.day} ${part.hour}:${part.minute}`;
  };
}

/** How many problems the command says, one a line, before it only counts them. */
const PROBLEMS_SHOWN = 20;

/**
 * Writes the page; returns the counts (`bytes` 0 when no page was written: the input held no
 * record, and an earlier page is left as it was).
 */
export async function runReport(
  args: ReportArguments,
  stdin: Readable = process.stdin,
  err: Writable = process.stderr,
): Promise<{ records: number; conversations: number; problems: number; bytes: number; rows: number }> {
  const a = args.explain;
  const aggregate = new ReportAggregate();
  /** The rows of a verdict query's result, when the input is one (few: a query groups them). */
  const judged: ExplainedJudgedRow[] = [];
  const transitGateway = new TransitGatewayAggregate();
  const explainer = explainerFor(a, {
    records: false,
    observe: (r) => aggregate.observe(r),
    observeTransitGateway: (r) => transitGateway.observe(r),
  });
  // The explainer has refused an unknown zone already, in its words.
  const binLabel = binLabeller(a.timeZone);
  const sources = a.files.length > 0 ? a.files : ["-"];
  // Every file the run will read, a folder's included: the page must not replace one of them.
  const files = expandSources(sources);
  refuseOutputThatIsInput("--out", args.out, files);
  // The first problems are kept to be printed; the rest only counted.
  const problems: string[] = [];
  let unshown = 0;
  const problem = (text: string) => (problems.length < PROBLEMS_SHOWN ? problems.push(text) : unshown++);
  const stopped = await explainSources(
    files,
    explainer,
    a.format,
    stdin,
    (e) => {
      if (e.kind === "conversation") aggregate.add(e);
      else if (e.kind === "judged") judged.push(e);
      else if (e.kind === "problem") problem(`${e.source ? `${e.source}:` : "line "}${e.line}: ${e.message}`);
    },
    (stop) => {
      if (stop) problem(stop.message);
    },
    Progress.on(err, files),
  );
  const counts = explainer.counts;
  const notes = unjudgedNotes(explainer, sources, files);
  const problemCount = counts.problems + stopped + notes.length;
  const printProblems = () => {
    // The first problems, printed as the explainer prints them; the page counts them all.
    for (const p of [...problems, ...notes]) err.write(`${p}\n`);
    if (unshown > 0) err.write(`... and ${unshown} more problems\n`);
  };
  if (explainer.recordsRead === 0 && judged.length === 0) {
    printProblems();
    return { records: 0, conversations: 0, problems: Math.max(problemCount, 1), bytes: 0, rows: 0 };
  }
  const words = REPORT_WORDS[a.language];
  const data = aggregate.data(problemCount, SENTENCES[a.language]);
  const judgedPart =
    judged.length > 0
      ? {
          data: judgedData(judged, SENTENCES[a.language]),
          rows: judged.length,
          conversations: judged.reduce((n, r) => n + r.conversations, 0),
        }
      : undefined;
  const tgwData = transitGateway.data();
  const tgwWords = TRANSIT_GATEWAY_WORDS[a.language];
  const charts = await renderCharts([
    ...chartSpecs(data, words, binLabel),
    ...(judgedPart ? judgedChartSpecs(judgedPart.data, words) : []),
    ...(tgwData ? transitGatewayChartSpecs(tgwData, tgwWords, binLabel) : []),
  ]);
  const page = reportPage({
    data,
    charts,
    words,
    language: a.language,
    timeZone: a.timeZone,
    sources,
    problems: problemCount,
    binLabel,
    ...(judgedPart ? { judged: judgedPart } : {}),
    ...(tgwData ? { transitGateway: { data: tgwData, words: tgwWords } } : {}),
  });
  replaceFile(args.out, page);
  printProblems();
  return {
    records: counts.records,
    conversations: counts.conversations,
    problems: problemCount,
    bytes: Buffer.byteLength(page),
    rows: judged.length,
  };
}
