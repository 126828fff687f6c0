/**
 * The explain command's options, declared once (a table the runner parses, and prints as the
 * usage), and its command line read into what the run takes. The commands that read records
 * (explain and report) share the options that say what to read and how; each command as the
 * user runs it takes what it can serve: `npm run explain` in this repository names an
 * environment (`--env`), the package's `vpc-flow-log-explain` a synthesized stack (`--stack`).
 */
import * as fs from "node:fs";
import { RecordFormat } from "../../constructs/records/record-format";
import type { AnyRecordFormat, TransitGatewayFormat } from "../../constructs/records/transit-gateway-format";
import { asWritten, quoted } from "../../constructs/shared/quoted";
import { parseCommandLine, UsageError, usage, type CommandSpec, type OptionSpec, type ParsedCommandLine } from "../command/runner";
import { addressTest, recordSelector, recordView, timeOf, type RecordFilterOptions, type RecordView } from "./filter";
import { RuleSet } from "./network-rules";
import { parseFormat, type FlowRecord } from "./record";
import type { Language } from "./sentences";
import { formatOfStack, transitGatewayFormatOfStack } from "./stack-format";
import { transitGatewayFilter, type TransitGatewayRecord } from "./transit-gateway";

/** The command line, read. */
export interface ExplainArguments {
  readonly format: AnyRecordFormat;
  readonly formatGiven: boolean;
  /** The format of transit gateway records among the VPC's (a synthesized stack's, from --stack); absent: AWS's default. */
  readonly transitGatewayFormat?: TransitGatewayFormat;
  /** Which transit gateway records to show, from the same filters; absent: all. */
  readonly transitGatewayView?: (record: TransitGatewayRecord) => boolean;
  readonly language: Language;
  readonly timeZone: string;
  readonly json: boolean;
  /** Conversations summarised instead of each record explained; undefined: a summary for a folder or Parquet, records otherwise. */
  readonly summary?: boolean;
  readonly files: readonly string[];
  readonly rules?: RuleSet;
  /** Which records to read, from --address and --interface (they select whole conversations); absent: all. */
  readonly keep?: (record: FlowRecord) => boolean;
  /** Which records and conversations to show, from --since, --until and --action; absent: all. */
  readonly view?: RecordView;
}

/** Where a command's record format may come from, besides `--format`: this repository's environments, or a synthesized stack. */
export type FormatSource = "env" | "stack";

const FORMAT_OPTIONS: Readonly<Record<FormatSource, Record<string, OptionSpec>>> = {
  env: { env: { type: "string", value: "<name>", help: "the record format of this repository's environment <name>" } },
  stack: {
    stack: { type: "string", value: "<cdktf.out/stacks/name>", help: "the record format of a synthesized stack's flow logs" },
  },
};

/** The options of every command that reads records: what to read, how to write it, what to show. */
export const READING_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  format: {
    type: "string",
    value: '"<fields>"',
    help: "the record format, its fields separated by spaces (default: AWS's default format)",
  },
  tz: { type: "string", value: "<zone>", help: "the IANA time zone of the times shown (default UTC)" },
  lang: { type: "string", value: "en|ja", help: "the language of the explanations (default en)" },
  address: { type: "string", value: "<ip or block>", help: "only conversations with this address, or an address in this block" },
  interface: { type: "string", value: "<eni-...>", help: "only conversations of this network interface" },
  since: { type: "string", value: "<time>", help: "show what overlaps this time or later (a date, a date and time, or epoch seconds)" },
  until: { type: "string", value: "<time>", help: "show what overlaps this time or earlier" },
  action: { type: "string", value: "ACCEPT|REJECT", help: "show records of this action, and conversations with one" },
  "security-groups": { type: "string", value: "<file>", help: "`aws ec2 describe-security-groups` output" },
  "network-acls": { type: "string", value: "<file>", help: "`aws ec2 describe-network-acls` output" },
  "network-interfaces": { type: "string", value: "<file>", help: "`aws ec2 describe-network-interfaces` output" },
};

/** What the commands that read records say of their input and filters, after their options. */
export const READING_NOTES =
  "Records come from the files or folders (read recursively; .gz read as gzip; an S3 file's header names its\n" +
  "fields; Parquet files as AWS writes them, their columns the format; an Athena result's CSV or\n" +
  "get-query-results JSON) or standard input (Parquet and gzip recognised by their bytes).\n" +
  "--address and --interface select whole conversations (the records they leave out are not read);\n" +
  "--since, --until and --action choose which records and conversations are shown, never what a verdict is judged from:\n" +
  "a conversation is shown when its time overlaps the window and one of its records has the action.\n" +
  "The three rule files go together, and name the rule that decided.\n" +
  "Transit gateway records are read in their own format (--format with their fields, a header, Parquet columns,\n" +
  "or AWS's transit gateway default among VPC records): each with why the gateway dropped packets;\n" +
  "--interface matches an attachment, --action REJECT the records with dropped packets.";

/** The explain command as it is run: in this repository (`npm run explain --`, `--env`) or as the package ships it (`--stack`). */
export function explainCommand(name: string, formatSources: readonly FormatSource[]): CommandSpec {
  return {
    name,
    operands: "[file or folder...]",
    summary: "Flow-log records explained and conversations judged (verdict code and sentence), or a summary of them.",
    options: {
      ...(Object.assign({}, ...formatSources.map((s) => FORMAT_OPTIONS[s])) as Record<string, OptionSpec>),
      ...READING_OPTIONS,
      json: { type: "boolean", help: "one JSON object a line (a summary: one object)" },
      summary: { type: "boolean", help: "verdicts counted and refused conversations ranked (the default for a folder or Parquet)" },
      records: { type: "boolean", help: "each record, also for a folder or Parquet" },
    },
    notes: READING_NOTES,
  };
}

/** `npm run explain` in this repository. */
export const EXPLAIN_COMMAND = explainCommand("npm run explain --", ["env"]);
/** `vpc-flow-log-explain`, as the package ships it. */
export const SHIPPED_EXPLAIN_COMMAND = explainCommand("vpc-flow-log-explain", ["stack"]);
/** The library's reading of a command line: every option of both. */
const ANY_EXPLAIN_COMMAND = explainCommand("explain", ["env", "stack"]);

/** The usage of `npm run explain`. */
export const EXPLAIN_USAGE = usage(EXPLAIN_COMMAND);

/**
 * Reads a command line (by `spec`, every option by default); throws with what is wrong.
 * `--env` names one of `formats`, the record formats of an app's environments by name (its
 * script hands them in).
 */
export function explainArguments(
  argv: readonly string[],
  formats: ReadonlyMap<string, RecordFormat> = new Map(),
  spec: CommandSpec = ANY_EXPLAIN_COMMAND,
): ExplainArguments {
  return explainArgumentsOf(parseCommandLine(spec, argv), formats);
}

/** The arguments of a command line read by a command's table. */
export function explainArgumentsOf(parsed: ParsedCommandLine, formats: ReadonlyMap<string, RecordFormat> = new Map()): ExplainArguments {
  const { values, operands } = parsed;
  const text = (name: string) => values[name] as string | undefined;
  const given = (["env", "format", "stack"] as const).filter((n) => text(n) !== undefined);
  if (given.length > 1) throw new UsageError(`${given.map((g) => `--${g}`).join(" and ")} each give the record format: give one`);
  let format: AnyRecordFormat = RecordFormat.DEFAULT;
  let transitGatewayFormat: TransitGatewayFormat | undefined;
  const env = text("env");
  if (env !== undefined) {
    const named = formats.get(env);
    if (!named) throw new UsageError(`unknown environment ${quoted(env)}; the environments are ${[...formats.keys()].join(", ")}`);
    format = named;
  }
  if (text("format") !== undefined) format = parseFormat(text("format")!);
  if (text("stack") !== undefined) {
    format = formatOfStack(text("stack")!);
    transitGatewayFormat = transitGatewayFormatOfStack(text("stack")!);
  }
  const lang = text("lang") ?? "en";
  if (lang !== "en" && lang !== "ja") throw new UsageError(`--lang ${asWritten(lang)}: expected en or ja`);
  if (values.summary && values.records) throw new UsageError("--summary and --records: give one");
  const action = text("action")?.toUpperCase();
  if (action !== undefined && action !== "ACCEPT" && action !== "REJECT")
    throw new UsageError(`--action ${asWritten(action)}: expected ACCEPT or REJECT`);
  // A date and time written as two words leaves the time as an operand, read as a file.
  const time = operands.find((o) => /^\d{1,2}:\d{2}(:\d{2})?$/.test(o) && !fs.existsSync(o));
  if (time !== undefined)
    throw new UsageError(
      `${time} is not a file: a date and time is one word (--since 2014-12-14T${time}) or quoted (--since "2014-12-14 ${time}")`,
    );
  const filter: RecordFilterOptions = {
    ...(text("address") !== undefined ? { address: text("address") } : {}),
    ...(text("interface") !== undefined ? { interfaceId: text("interface") } : {}),
    ...(text("since") !== undefined ? { since: timeOf("--since", text("since")!) } : {}),
    ...(text("until") !== undefined ? { until: timeOf("--until", text("until")!) } : {}),
    ...(action ? { action } : {}),
  };
  const ruleFlags = ["security-groups", "network-acls", "network-interfaces"] as const;
  const ruleFiles = ruleFlags.filter((f) => text(f) !== undefined);
  let rules: RuleSet | undefined;
  if (ruleFiles.length > 0) {
    if (ruleFiles.length < 3)
      throw new UsageError(
        "--security-groups, --network-acls and --network-interfaces go together: the groups and ACLs apply through the interfaces",
      );
    const read = (flag: (typeof ruleFlags)[number]): [string, string] => [text(flag)!, fs.readFileSync(text(flag)!, "utf8")];
    rules = RuleSet.fromJson({
      securityGroups: read("security-groups"),
      networkAcls: read("network-acls"),
      networkInterfaces: read("network-interfaces"),
    });
  }
  if (filter.since !== undefined && filter.until !== undefined && filter.since > filter.until)
    throw new UsageError(
      `--since ${asWritten(text("since")!)} is after --until ${asWritten(text("until")!)}: no record could be shown; give the earlier time to --since`,
    );
  // Built here, so that a bad address is refused before anything is read.
  const keep = recordSelector(filter);
  const view = recordView(filter);
  const transitGatewayView = transitGatewayFilter({
    ...filter,
    address: filter.address !== undefined ? addressTest(filter.address) : undefined,
  });
  return {
    format,
    formatGiven: given.length > 0,
    ...(transitGatewayFormat ? { transitGatewayFormat } : {}),
    ...(transitGatewayView ? { transitGatewayView } : {}),
    language: lang,
    timeZone: text("tz") ?? "UTC",
    json: values.json === true,
    ...(values.summary ? { summary: true } : values.records ? { summary: false } : {}),
    files: operands,
    ...(rules ? { rules } : {}),
    ...(keep ? { keep } : {}),
    ...(view ? { view } : {}),
  };
}
