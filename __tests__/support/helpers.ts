import type { IConstruct } from "constructs";
/** Shared helpers of the tests: synthesize a config, find resources, read policies. */
import { Testing, type TerraformStack } from "cdktf";
import type { EnvironmentConfig } from "../../constructs";
import { LOG_ARCHIVE } from "../../environments/shared";
import { NetworkMonitoringStack } from "../../constructs/stacks/environment-stack";
import { withLeanTraces } from "../../constructs/shared/lean-traces";
import { validateEnvironments } from "../../constructs/config/validation/environment";
import { validateLogArchive } from "../../constructs/config/validation/log-archive";
import { LogArchiveStack } from "../../constructs/stacks/log-archive-stack";
import type { PolicyDocument, PolicyStatement } from "../../constructs/shared/policy";

/** Synthesized Terraform JSON of a stack. */
export interface TfJson {
  terraform: Record<string, any>;
  provider?: Record<string, any[]>;
  resource: Record<string, Record<string, any>>;
  data?: Record<string, unknown>;
  output?: Record<string, any>;
}

/**
 * Builds a stack for one environment and returns it with its parsed JSON; with the lean token
 * traces the app's own `addEnvironmentStacks` builds under (full ones cost a tenth of the unit
 * tests' time: jest maps every frame of every token's trace through source maps).
 */
/**
 * The organisation's archive stack over `members` (validated as the app validates them),
 * synthesized: what the Athena tests of the organisation read.
 */
export function synthOrganizationArchive(members: readonly EnvironmentConfig[]): {
  resolved: ReturnType<typeof validateEnvironments>;
  json: TfJson;
} {
  const logArchive = validateLogArchive(LOG_ARCHIVE);
  const resolved = validateEnvironments([...members], { logArchive });
  const stack = new LogArchiveStack(Testing.app(), { archive: logArchive, environments: resolved });
  return { resolved, json: JSON.parse(Testing.synth(stack)) as TfJson };
}

export function synthEnvironment(environment: EnvironmentConfig): { stack: NetworkMonitoringStack; json: TfJson } {
  const app = Testing.app();
  // The example app's archive, for an environment that writes to the organisation's archive.
  const stack = withLeanTraces(() => new NetworkMonitoringStack(app, { environment, logArchive: LOG_ARCHIVE }));
  return { stack, json: JSON.parse(Testing.synth(stack)) as TfJson };
}

/**
 * A stack's JSON as `cdktf synth` writes it to cdk.tf.json, the `//` key included (where the
 * stack records its deployment info and usage); `Testing.synth` leaves that key out.
 */
export function writtenJson(stack: TerraformStack): Record<string, any> {
  return JSON.parse(JSON.stringify(stack.toTerraform())) as Record<string, any>;
}

/** The resources of one type, as `[logicalId, values]`. */
export function resources(json: TfJson, type: string): [string, any][] {
  return Object.entries(json.resource[type] ?? {});
}

/**
 * Whether a logical id belongs to the construct path ending with `pathSuffix`
 * (`/flow-logs/vpc-to-s3` matches `flow-logs_vpc-to-s3_5A85426D`).
 */
export function idMatches(logicalId: string, pathSuffix: string): boolean {
  const bare = logicalId.replace(/_[0-9A-F]{8}$/, "");
  const want = pathSuffix.replace(/^\//, "").replace(/\//g, "_");
  return bare === want || bare.endsWith(`_${want}`);
}

/** The only resource of a type whose construct path ends with `pathSuffix` (or the only one). */
export function resource(json: TfJson, type: string, pathSuffix?: string): any {
  const found = resources(json, type).filter(([id]) => pathSuffix === undefined || idMatches(id, pathSuffix));
  if (found.length !== 1) {
    throw new Error(`expected one ${type}${pathSuffix ? ` at *${pathSuffix}` : ""}, found ${found.map(([id]) => id).join(", ") || "none"}`);
  }
  return found[0][1];
}

/** Parses a policy JSON string. */
export function policy(text: string): PolicyDocument {
  return JSON.parse(text) as PolicyDocument;
}

/** A statement of a policy by Sid. */
export function statement(doc: PolicyDocument, sid: string): PolicyStatement {
  const s = doc.Statement.find((x) => x.Sid === sid);
  if (!s) throw new Error(`no statement ${sid} in ${JSON.stringify(doc)}`);
  return s;
}

/** A Terraform reference `${type.id.attr}` to the resource at a construct path. */
export function refTo(json: TfJson, type: string, pathSuffix: string, attr: string): string {
  const id = resources(json, type).find(([logicalId]) => idMatches(logicalId, pathSuffix));
  if (!id) throw new Error(`no ${type} at *${pathSuffix}`);
  return `\${${type}.${id[0]}.${attr}}`;
}

export { environmentWith, environmentFrom } from "./environment";

/** The annotations of one level (`warn`, `error`) of a construct and everything under it. */
function annotationsUnder(c: IConstruct, level: "warn" | "error"): string[] {
  return c.node.findAll().flatMap((n) => n.node.metadata.filter((m) => m.type === `@cdktf/${level}`).map((m) => String(m.data)));
}

/** The warning annotations of a construct and everything under it. */
export const warningsUnder = (c: IConstruct): string[] => annotationsUnder(c, "warn");

/** The error annotations of a construct and everything under it (what fails `cdktf synth`). */
export const errorsUnder = (c: IConstruct): string[] => annotationsUnder(c, "error");

/** The problems of a config error, or fails when nothing is thrown. */
export function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}
