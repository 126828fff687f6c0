/**
 * The explain command's program: help, arguments, the run, and its exit code (0; 1 when a line
 * or a file was not read as records; 2 for a bad argument). `npm run explain` runs it with this
 * repository's environments for `--env`; the package's `vpc-flow-log-explain` with `--stack`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { answeredHelp, boundHeapGrowth, endQuietlyOnClosedPipe } from "../shared/command-line";
import { RecordFormat } from "../records/record-format";
import { EXPLAIN_USAGE, explainArguments, runExplain } from "./command";

/** Runs the command on `argv`; `formats` are the record formats `--env` may name. */
export async function explainMain(argv: readonly string[], formats: ReadonlyMap<string, RecordFormat> = new Map()): Promise<void> {
  endQuietlyOnClosedPipe();
  boundHeapGrowth();
  if (answeredHelp(argv, EXPLAIN_USAGE)) return;
  try {
    const counts = await runExplain(explainArguments(argv, formats), process.stdout, process.stderr);
    // Lines that were not records are reported and counted: the run says so in its exit code.
    if (counts.problems > 0) process.exitCode = 1;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
  }
}

/**
 * The record format of a synthesized stack's flow logs (`--stack <dir>`: a stack folder of
 * `cdktf.out/stacks`, or its `cdk.tf.json`): the VPC's, subnets' and interfaces' `log_format`
 * (transit gateways keep their own), or AWS's default when it names none. Two formats in one
 * stack are refused, asking for `--format`.
 */
export function formatOfStack(fileOrDir: string): RecordFormat {
  const file = fs.existsSync(fileOrDir) && fs.statSync(fileOrDir).isDirectory() ? path.join(fileOrDir, "cdk.tf.json") : fileOrDir;
  if (!fs.existsSync(file)) throw new Error(`--stack ${fileOrDir}: no synthesized stack there (expected a folder with cdk.tf.json)`);
  const stack = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: { aws_flow_log?: Record<string, Record<string, unknown>> } };
  const flowLogs = Object.values(stack.resource?.aws_flow_log ?? {}).filter(
    (f) => !f.transit_gateway_id && !f.transit_gateway_attachment_id,
  );
  if (flowLogs.length === 0) throw new Error(`--stack ${fileOrDir}: the stack has no flow log of a VPC, subnet or interface`);
  // Terraform JSON writes a literal ${ as $${.
  const formats = new Set(flowLogs.map((f) => (typeof f.log_format === "string" ? f.log_format.replace(/\$\$\{/g, "${") : "")));
  if (formats.size > 1) throw new Error(`--stack ${fileOrDir}: its flow logs have ${formats.size} record formats; give --format`);
  const [text] = formats;
  return text === "" ? RecordFormat.DEFAULT : RecordFormat.parse(text);
}

/** `argv` with `--stack <dir>` read into the `--format` it names. */
export function withStackFormat(argv: readonly string[]): string[] {
  const at = argv.indexOf("--stack");
  if (at < 0) return [...argv];
  const dir = argv[at + 1];
  if (dir === undefined) throw new Error(`--stack needs a value\n${EXPLAIN_USAGE}`);
  return [...argv.slice(0, at), "--format", formatOfStack(dir).fields.join(" "), ...argv.slice(at + 2)];
}

/**
 * A shipped command's start: `--stack <dir>` read into `--format`, then the program; a bad
 * `--stack` is said with exit code 2. `vpc-flow-log-explain` and `vpc-flow-log-report` start so.
 */
export function runShippedCommand(program: (argv: string[]) => Promise<void>, argv: readonly string[] = process.argv.slice(2)): void {
  let withFormat: string[];
  try {
    withFormat = withStackFormat(argv);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
    return;
  }
  void program(withFormat);
}
