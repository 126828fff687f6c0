/**
 * `npm run report -- [the explain command's input options] [file or folder...] --out report.html`:
 * every input form the explainer reads, streamed through it, into one self-contained HTML page
 * of aggregates (page.ts). `vpc-flow-log-report` is the same as the package ships it.
 */
import type { Readable, Writable } from "node:stream";
import { explainArguments, explainerFor, explainSources, EXPLAIN_USAGE, type ExplainArguments } from "../explain/command";
import { expandSources } from "../explain/parquet";
import { refuseOutputThatIsInput, replaceFile } from "../shared/command-line";
import { SENTENCES } from "../explain/sentences";
import { ReportAggregate } from "./aggregate";
import { chartSpecs, renderCharts } from "./charts";
import { reportPage } from "./page";
import { REPORT_WORDS } from "./words";

export const REPORT_USAGE =
  'usage: npm run report -- [--env <name> | --format "<fields>"] [--tz <zone>] [--lang en|ja] --out <report.html>\n' +
  '       vpc-flow-log-report [--stack <cdktf.out/stacks/name> | --format "<fields>"] [the same options]\n' +
  "         [--address ...] [--interface ...] [--since ...] [--until ...] [--action ...] [--security-groups ... rule files]\n" +
  "         [file or folder...]\n" +
  "  one HTML page (charts as SVG, tables beside them, no script, nothing fetched) of the records the explainer reads\n" +
  "  (the same inputs and options: see below)\n" +
  EXPLAIN_USAGE.replace(/^usage: /, "");

/** The command line, read: the explainer's arguments and where the page goes. */
export interface ReportArguments {
  readonly explain: ExplainArguments;
  readonly out: string;
}

/** Reads the arguments; throws with what is wrong. */
export function reportArguments(argv: readonly string[], formats?: Parameters<typeof explainArguments>[1]): ReportArguments {
  const at = argv.indexOf("--out");
  const out = at >= 0 ? argv[at + 1] : undefined;
  if (out === undefined || out.startsWith("-"))
    throw new Error(`--out <file.html> is required: where the page is written\n${REPORT_USAGE}`);
  const rest = [...argv.slice(0, at), ...argv.slice(at + 2)];
  for (const flag of ["--json", "--summary", "--records"])
    if (rest.includes(flag)) throw new Error(`${flag} is the explain command's; a report is one page (see npm run explain)`);
  return { explain: explainArguments(rest, formats), out };
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
const PROBLEMS_SAID = 20;

/** Writes the page; returns the counts. */
export async function runReport(
  args: ReportArguments,
  stdin: Readable = process.stdin,
  err: Writable = process.stderr,
): Promise<{ records: number; conversations: number; problems: number; bytes: number }> {
  const a = args.explain;
  const aggregate = new ReportAggregate();
  const explainer = explainerFor(a, { records: false, observe: (r) => aggregate.observe(r) });
  // The explainer has refused an unknown zone already, in its words.
  const binLabel = binLabeller(a.timeZone);
  const sources = a.files.length > 0 ? a.files : ["-"];
  // Every file the run will read, a folder's included: the page must not replace one of them.
  const files = expandSources(sources);
  refuseOutputThatIsInput("--out", args.out, files);
  // The first problems are kept to be said; the rest only counted.
  const problems: string[] = [];
  let unsaid = 0;
  const problem = (text: string) => (problems.length < PROBLEMS_SAID ? problems.push(text) : unsaid++);
  const stopped = await explainSources(
    files,
    explainer,
    a.format,
    stdin,
    (e) => {
      if (e.kind === "conversation") aggregate.add(e);
      else if (e.kind === "problem") problem(`${e.source ? `${e.source}:` : "line "}${e.line}: ${e.message}`);
    },
    (stop) => {
      if (stop) problem(stop.message);
    },
  );
  const counts = explainer.counts;
  const problemCount = counts.problems + stopped;
  const words = REPORT_WORDS[a.language];
  const data = aggregate.data(problemCount, SENTENCES[a.language]);
  const charts = await renderCharts(chartSpecs(data, words, binLabel));
  const page = reportPage({ data, charts, words, language: a.language, timeZone: a.timeZone, sources, problems: problemCount, binLabel });
  replaceFile(args.out, page);
  // The first problems, said as the explainer says them; the page counts them all.
  for (const p of problems) err.write(`${p}\n`);
  if (unsaid > 0) err.write(`... and ${unsaid} more problems\n`);
  return { records: counts.records, conversations: counts.conversations, problems: problemCount, bytes: Buffer.byteLength(page) };
}
