/**
 * Runtime validation of whole configs. Config may come from TypeScript, plain JavaScript or
 * JSON, so nothing here trusts the static types: every field is checked where config enters,
 * before any construct is built, and all problems of a config are reported in one error that
 * names the environment, each field path, its bad value and what would be valid.
 */
import { blockSize, Ipv4Cidr, parseCidr } from "../../shared/cidr";
import { PROJECT_NAME, partitionOf } from "../../shared/names";
import { LOG_ARCHIVE_STACK } from "../defaults";
import type { LogArchiveConfig } from "../types";
import { validateLogArchive } from "./log-archive";
import type { ResolvedEnvironment, ResolvedLogArchive, ResolvedMonitoring, ResolvedVpcFlowLogMonitoring } from "../resolved";
import type { AwsLocation } from "../../shared/policy";
import { checkDeclared, fieldNames } from "../fields/declare";
import { sourceOf } from "../files";
import { ACCOUNT_ID } from "../fields/identity";
import { ENVIRONMENT, NON_PRODUCTION_PROMOTION_ORDER, PRODUCTION_PROMOTION_ORDER, VPC_FLOW_LOG_MONITORING } from "../fields/environment";
import { Checker, ConfigError, fieldsOf, show } from "./checker";
import { checkFlowLogs, TRAFFIC_TYPES } from "./flow-logs";
import { checkIdentity, checkRegion, envLabel } from "./identity";
import { checkMonitoring } from "./monitoring";
import { checkNetwork } from "./network";
import { ENV_NAME_RE, isReference } from "./patterns";
import { checkState } from "./state";
import { checkTags } from "./tags";
import { checkUsage } from "./usage";

const LOCATION_FIELDS = fieldsOf<AwsLocation>({ partition: true, region: true, accountId: true });

const ENV_FIELDS = fieldNames(ENVIRONMENT);
const VPC_CONFIG_FIELDS = fieldNames(VPC_FLOW_LOG_MONITORING);

/**
 * Validates the config of flow logs and their monitoring on an existing VPC (no network, no
 * state: those belong to the stack that uses it). `vpcId` may also be a Terraform reference
 * (a cdktf token), which is checked by Terraform instead.
 */
export function validateVpcFlowLogMonitoring(raw: unknown): ResolvedVpcFlowLogMonitoring {
  const c = new Checker();
  // A library config is not an environment of this app: its messages say so.
  const label = envLabel(raw, undefined, "VpcFlowLogMonitoring config");
  if (!c.isObject("(config)", raw, VPC_CONFIG_FIELDS)) throw c.error(label);
  const o = raw;
  const id = checkIdentity(c, o);
  if (!isReference(o.vpcId)) checkDeclared(c, "vpcId", o.vpcId, VPC_FLOW_LOG_MONITORING.fields.vpcId);
  const flowLogs = checkFlowLogs(c, o.flowLogs, { name: id.name, accountId: id.accountId, region: id.region ?? "" });
  const monitoring = checkMonitoring(c, o.monitoring, flowLogs, id.production);
  // The stack and its provider's default tags are the user's: no key is reserved here.
  const tags = checkTags(c, o.tags, []);
  if (c.problems.length > 0 || !flowLogs || monitoring === undefined || !id.region) throw c.error(label);
  return {
    ...id,
    region: id.region,
    partition: partitionOf(id.region),
    vpcId: o.vpcId as string,
    flowLogs,
    ...(monitoring ? { monitoring } : {}),
    tags,
  };
}

/** What {@link validateMonitoring} checks: the standalone monitoring construct's settings. */
export interface MonitoringSettingsInput {
  /** Used in every resource name, like an environment name. */
  readonly environmentName: unknown;
  /** The log group's partition, region and account. */
  readonly location: unknown;
  /** Production: alarms must notify someone. */
  readonly production?: unknown;
  /** The monitoring settings, partial, as in an environment's config. */
  readonly monitoring: unknown;
  /** Which traffic the flow log records. */
  readonly trafficType?: unknown;
}

/**
 * Validates the settings of monitoring on a log group of its own (no flow logs here) and fills
 * in the alarm defaults, as for an environment: partial alarm settings, e-mail addresses and
 * endpoints checked (a duplicate is named, not a construct-id collision), a production
 * monitor's alarms notifying someone. Throws a {@link ConfigError} naming each field.
 */
export function validateMonitoring(raw: MonitoringSettingsInput): ResolvedMonitoring {
  const c = new Checker();
  const name = raw.environmentName;
  const label = typeof name === "string" && name.length > 0 ? `environment "${name}"` : "environment (unnamed)";
  c.string("environmentName", name, ENV_NAME_RE, "expected 1 to 20 lowercase letters, digits and single hyphens, beginning with a letter");
  if (c.isObject("location", raw.location, LOCATION_FIELDS)) {
    const l = raw.location;
    checkDeclared(c, "location.accountId", l.accountId, ACCOUNT_ID);
    if (checkRegion(c, "location.region", l.region)) {
      const partition = partitionOf(l.region as string);
      if (l.partition !== partition) c.fail("location.partition", l.partition, `the partition of ${String(l.region)} is "${partition}"`);
    }
  }
  const production = raw.production ?? false;
  c.boolean("production", production);
  if (raw.trafficType !== undefined) c.oneOf("trafficType", raw.trafficType, TRAFFIC_TYPES);
  const monitoring = checkMonitoring(c, raw.monitoring, "standalone", production === true);
  if (c.problems.length > 0 || !monitoring) throw c.error(label);
  return monitoring;
}

/** What an environment is checked against beyond itself: the app's organisation archive, when it has one. */
export interface EnvironmentContext {
  /** The app's log archive, as configured or as `validateLogArchive` resolved it. */
  readonly logArchive?: LogArchiveConfig | ResolvedLogArchive;
}

/** The environments this module resolved: handed to a stack, they are not validated again. */
const RESOLVED = new WeakSet<object>();

/**
 * Validates one environment and fills in its defaults (an environment it resolved already is
 * returned as it is). Throws a {@link ConfigError} naming
 * the environment and listing every problem found.
 */
export function validateEnvironment(raw: unknown, index?: number, context: EnvironmentContext = {}): ResolvedEnvironment {
  // Validated once: what this function returned is valid as it is.
  if (typeof raw === "object" && raw !== null && RESOLVED.has(raw)) return raw as ResolvedEnvironment;
  const c = new Checker();
  const source = sourceOf(raw);
  const label = envLabel(raw, index) + (source ? ` (${source})` : "");
  if (!c.isObject("(environment)", raw, ENV_FIELDS)) throw c.error(label, source);
  const o = raw;
  const id = checkIdentity(c, o);
  const promotionOrder = o.promotionOrder ?? (id.production ? PRODUCTION_PROMOTION_ORDER : NON_PRODUCTION_PROMOTION_ORDER);
  checkDeclared(c, "promotionOrder", promotionOrder, ENVIRONMENT.fields.promotionOrder);
  const network = checkNetwork(c, o.network, id.region);
  const flowLogs = checkFlowLogs(c, o.flowLogs, {
    name: id.name,
    accountId: id.accountId,
    region: id.region ?? "",
    logArchive: context.logArchive === undefined ? undefined : validateLogArchive(context.logArchive),
  });
  const monitoring = checkMonitoring(c, o.monitoring, flowLogs, id.production);
  const state = checkState(c, o.state, id.name, id.region);
  const tags = checkTags(c, o.tags);
  const usage = checkUsage(c, o.usage);
  if (c.problems.length > 0 || !network || !flowLogs || monitoring === undefined || !state || !usage || !id.region) {
    throw c.error(label, source);
  }
  const resolved: ResolvedEnvironment = {
    ...id,
    region: id.region,
    partition: partitionOf(id.region),
    promotionOrder: promotionOrder as number,
    network,
    flowLogs,
    ...(monitoring ? { monitoring } : {}),
    state,
    tags: { ...tags, Project: PROJECT_NAME, Environment: id.name, ManagedBy: "cdktf" },
    usage,
  };
  RESOLVED.add(resolved);
  return resolved;
}

/**
 * Pairs of environments whose VPC blocks overlap: valid each, but they can never be peered
 * or joined by a transit gateway. Each pair once, the earlier environment first.
 */
export function overlappingNetworks(envs: readonly ResolvedEnvironment[]): { first: ResolvedEnvironment; second: ResolvedEnvironment }[] {
  const range = (e: ResolvedEnvironment) => {
    const c = parseCidr(e.network.cidr) as Ipv4Cidr;
    return [c.base, c.base + blockSize(c.prefix)] as const;
  };
  const out: { first: ResolvedEnvironment; second: ResolvedEnvironment }[] = [];
  envs.forEach((second, j) => {
    const [s2, e2] = range(second);
    for (const first of envs.slice(0, j)) {
      const [s1, e1] = range(first);
      if (s1 < e2 && s2 < e1) out.push({ first, second });
    }
  });
  return out;
}

/**
 * Validates every environment of an app, then what only the set can show: duplicate names
 * and two environments sharing one state key.
 */
export function validateEnvironments(raws: readonly unknown[], context: EnvironmentContext = {}): ResolvedEnvironment[] {
  if (!Array.isArray(raws) || raws.length === 0) {
    throw new ConfigError(`Invalid environments = ${show(raws)}: expected a non-empty list of environments`, []);
  }
  const resolved = raws.map((r, i) => validateEnvironment(r, i, context));
  const problems: string[] = [];
  // Each environment by its file where one is known (environments/dev.ts, environments/qa.yaml), else by its place.
  const where = (i: number) => sourceOf(raws[i]) ?? `environments[${i}]`;
  resolved.forEach((env, i) => {
    const first = resolved.findIndex((o) => o.name === env.name);
    if (first !== i)
      problems.push(`${where(i)}: name = "${env.name}": also the name of ${where(first)}; each environment needs its own name`);
    const sameKey = resolved.findIndex((o) => o.state.bucket === env.state.bucket && o.state.key === env.state.key);
    if (sameKey !== i && first === i) {
      problems.push(
        `environment "${env.name}": state.keyPrefix = "${env.state.keyPrefix}": its state key s3://${env.state.bucket}/${env.state.key} is also environment "${resolved[sameKey].name}"'s; two environments may never share a state key`,
      );
    }
    const sameBucket = resolved.find((o) => o.state.bucket === env.state.bucket && o.state.region !== env.state.region);
    if (sameBucket && resolved.indexOf(sameBucket) < i) {
      problems.push(
        `environment "${env.name}": state.region = "${env.state.region}": bucket ${env.state.bucket} is in ${sameBucket.state.region} for environment "${sameBucket.name}"; a bucket lives in one region`,
      );
    }
  });
  if (context.logArchive) {
    const archiveBucket = validateLogArchive(context.logArchive).bucketName;
    for (const env of resolved.filter((e) => e.state.bucket === archiveBucket)) {
      problems.push(
        `environment "${env.name}": state.bucket = "${env.state.bucket}": that is the organisation archive's bucket (logArchive.bucketName); state needs a bucket of its own`,
      );
    }
    const clash = resolved.find((e) => e.name === LOG_ARCHIVE_STACK);
    if (clash) {
      problems.push(
        `environment "${clash.name}": name = "${clash.name}": the organisation archive's stack has that name (and its state key); choose another`,
      );
    }
  }
  if (problems.length > 0) throw ConfigError.listing("environments", problems);
  return resolved;
}
