/**
 * The record format of a synthesized stack's flow logs (`--stack <dir>` of the package's
 * commands): what a platform team without this repository gives instead of `--format`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RecordFormat } from "../../constructs/records/record-format";

/**
 * The record format of a synthesized stack (a stack folder of `cdktf.out/stacks`, or its
 * `cdk.tf.json`): the VPC's, subnets' and interfaces' `log_format` (transit gateways keep their
 * own), or AWS's default when it names none. Two formats in one stack are refused, asking for
 * `--format`.
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
  if (dir === undefined) throw new Error("--stack needs a value");
  return [...argv.slice(0, at), "--format", formatOfStack(dir).fields.join(" "), ...argv.slice(at + 2)];
}
