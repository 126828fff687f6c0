/**
 * The record format of a synthesized stack's flow logs (`--stack <dir>` of the package's
 * commands): what a platform team without this repository gives instead of `--format`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { RecordFormat } from "../../constructs/records/record-format";
import { TransitGatewayFormat } from "../../constructs/records/transit-gateway-format";

type StackJson = { resource?: { aws_flow_log?: Record<string, Record<string, unknown>> } };

/** A synthesized stack's JSON, from its folder or its `cdk.tf.json`. */
function readStack(fileOrDir: string): StackJson {
  const file = fs.existsSync(fileOrDir) && fs.statSync(fileOrDir).isDirectory() ? path.join(fileOrDir, "cdk.tf.json") : fileOrDir;
  if (!fs.existsSync(file)) throw new Error(`--stack ${fileOrDir}: no synthesized stack there (expected a folder with cdk.tf.json)`);
  return JSON.parse(fs.readFileSync(file, "utf8")) as StackJson;
}

/** The one `log_format` text of some flow logs ("" for AWS's default); two are refused, asking for `--format`. */
function oneFormatText(flowLogs: readonly Record<string, unknown>[], fileOrDir: string, whose: string): string {
  // Terraform JSON writes a literal ${ as $${.
  const formats = new Set(flowLogs.map((f) => (typeof f.log_format === "string" ? f.log_format.replace(/\$\$\{/g, "${") : "")));
  if (formats.size > 1) throw new Error(`--stack ${fileOrDir}: its ${whose} flow logs have ${formats.size} record formats; give --format`);
  return [...formats][0] ?? "";
}

const isTransitGatewayLog = (f: Record<string, unknown>) => Boolean(f.transit_gateway_id || f.transit_gateway_attachment_id);

/**
 * The record format of a synthesized stack (a stack folder of `cdktf.out/stacks`, or its
 * `cdk.tf.json`): the VPC's, subnets' and interfaces' `log_format` (transit gateways keep their
 * own), or AWS's default when it names none. Two formats in one stack are refused, asking for
 * `--format`.
 */
export function formatOfStack(fileOrDir: string): RecordFormat {
  const flowLogs = Object.values(readStack(fileOrDir).resource?.aws_flow_log ?? {}).filter((f) => !isTransitGatewayLog(f));
  if (flowLogs.length === 0) throw new Error(`--stack ${fileOrDir}: the stack has no flow log of a VPC, subnet or interface`);
  const text = oneFormatText(flowLogs, fileOrDir, "VPC");
  return text === "" ? RecordFormat.DEFAULT : RecordFormat.parse(text);
}

/**
 * The record format of a synthesized stack's transit gateway and attachment flow logs, or
 * undefined when it logs none (their records are then read in AWS's default, if any come).
 */
export function transitGatewayFormatOfStack(fileOrDir: string): TransitGatewayFormat | undefined {
  const flowLogs = Object.values(readStack(fileOrDir).resource?.aws_flow_log ?? {}).filter(isTransitGatewayLog);
  if (flowLogs.length === 0) return undefined;
  const text = oneFormatText(flowLogs, fileOrDir, "transit gateway");
  return text === "" ? TransitGatewayFormat.DEFAULT : TransitGatewayFormat.parse(text);
}

/** `argv` with `--stack <dir>` read into the `--format` it names. */
export function withStackFormat(argv: readonly string[]): string[] {
  const at = argv.indexOf("--stack");
  if (at < 0) return [...argv];
  const dir = argv[at + 1];
  if (dir === undefined) throw new Error("--stack needs a value");
  return [...argv.slice(0, at), "--format", formatOfStack(dir).fields.join(" "), ...argv.slice(at + 2)];
}
