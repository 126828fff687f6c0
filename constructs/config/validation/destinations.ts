/** Flow-log destinations: one check per destination type, each with its own fields. */
import { CLOUDWATCH_DESTINATION_DEFAULTS, defaultBucketName, defaultLogGroupName, ORGANIZATION_ARCHIVE_LAYOUT } from "../defaults";
import type {
  ResolvedCloudWatchDestination,
  ResolvedCreatedLogGroupDestination,
  ResolvedDestination,
  ResolvedFirehoseDestination,
  ResolvedLogArchive,
  ResolvedOrganizationArchiveDestination,
  ResolvedS3Destination,
} from "../resolved";
import { checkDeclared, declaredValues, fieldNames, ObjectDecl, whenCreatedFields } from "../fields/declare";
import {
  CLOUDWATCH_LOGS_DESTINATION,
  FIREHOSE_DESTINATION,
  ORGANIZATION_ARCHIVE_DESTINATION,
  S3_DESTINATION,
} from "../fields/destinations";
import type { FlowLogDestinationConfig, S3Encryption } from "../types";
import { checkAthena, checkLifecycle } from "./archive-settings";
import { Checker, Obj } from "./checker";
import { bucketNameProblem, isReference, KMS_KEY_ID, PARTITION } from "./patterns";
import { partitionOf } from "../../shared/names";

/** Where the destination is checked: which environment, account and region it belongs to. */
export interface DestinationContext {
  readonly name: string;
  readonly accountId: string;
  /** Empty when the region is invalid. */
  readonly region: string;
  /** The app's organisation archive, which an "organization-archive" destination writes to. */
  readonly logArchive?: ResolvedLogArchive;
}

const CW_FIELDS = fieldNames(CLOUDWATCH_LOGS_DESTINATION);
const ORGANIZATION_ARCHIVE_FIELDS = fieldNames(ORGANIZATION_ARCHIVE_DESTINATION);
const EXISTING_GROUP = CLOUDWATCH_LOGS_DESTINATION.fields.existing as ObjectDecl;
const EXISTING_GROUP_FIELDS = fieldNames(EXISTING_GROUP);
const S3_FIELDS = fieldNames(S3_DESTINATION);
const S3_ONLY_FIELDS = S3_FIELDS.filter((f) => f !== "type");
const FIREHOSE_FIELDS = fieldNames(FIREHOSE_DESTINATION);
/**
 * The name every destination-account role of a cross-account Firehose delivery begins with.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/firehose-cross-account-delivery.html
 */
export const FIREHOSE_CROSS_ACCOUNT_ROLE_PREFIX = "AWSLogDeliveryFirehoseCrossAccountRole";

/** The destination types, each with its check. */
const CHECKS: {
  readonly [T in FlowLogDestinationConfig["type"]]: (
    c: Checker,
    path: string,
    o: Obj,
    env: DestinationContext,
  ) => ResolvedDestination | undefined;
} = {
  "cloud-watch-logs": checkCloudWatchLogs,
  s3: checkS3,
  "kinesis-data-firehose": checkFirehose,
  "organization-archive": checkOrganizationArchive,
};
const DESTINATION_TYPES = Object.keys(CHECKS) as FlowLogDestinationConfig["type"][];

/** Checks one destination and fills in its defaults. */
export function checkDestination(c: Checker, path: string, d: unknown, env: DestinationContext): ResolvedDestination | undefined {
  if (typeof d !== "object" || d === null || Array.isArray(d)) {
    c.fail(path, d, `expected an object with a type, one of ${DESTINATION_TYPES.join(", ")}`);
    return undefined;
  }
  const o = d as Obj;
  if (!c.oneOf(`${path}.type`, o.type, DESTINATION_TYPES)) return undefined;
  return c.section(() => CHECKS[o.type as FlowLogDestinationConfig["type"]](c, path, o, env));
}

/**
 * Checks one destination given outside an environment's config (a destination object's
 * factory), as `path` of environment `env.name`: its resolved config, or a ConfigError
 * naming the environment and listing every problem.
 */
export function validateDestination(d: unknown, path: string, env: DestinationContext): ResolvedDestination {
  const c = new Checker();
  const resolved = checkDestination(c, path, d, env);
  if (c.problems.length > 0 || !resolved) throw c.error(`environment "${env.name}"`);
  return resolved;
}

/** A unique key per place a destination writes to, to refuse one listed twice. */
export function destinationKey(d: ResolvedDestination): string {
  if (d.type === "cloud-watch-logs") return `logs:${d.logGroupName ?? (d.source === "existing" ? d.existing.logGroupArn : "")}`;
  if (d.type === "s3" || d.type === "organization-archive") return `s3:${d.bucketName}`;
  return `fh:${d.deliveryStreamArn}`;
}

/** Fields of other destination types: each named as such, not as merely unknown. */
function refuseForeign(c: Checker, path: string, o: Obj, fields: readonly string[], why: string): void {
  for (const k of fields) if (k in o) c.fail(`${path}.${k}`, o[k], why);
}

/** `o` without the fields already reported, for the unknown-field check. */
function without(o: Obj, fields: readonly string[]): Obj {
  return Object.fromEntries(Object.entries(o).filter(([k]) => !fields.includes(k)));
}

function checkCloudWatchLogs(c: Checker, path: string, o: Obj, env: DestinationContext): ResolvedCloudWatchDestination | undefined {
  refuseForeign(c, path, o, S3_ONLY_FIELDS, 'an S3 option; it applies only to destinations of type "s3"');
  c.isObject(path, without(o, S3_ONLY_FIELDS), CW_FIELDS);
  if (o.existing !== undefined) {
    refuseForeign(
      c,
      path,
      o,
      whenCreatedFields(CLOUDWATCH_LOGS_DESTINATION),
      'applies only to a log group this project creates, not with "existing"',
    );
    if (!c.isObject(`${path}.existing`, o.existing, EXISTING_GROUP_FIELDS)) return undefined;
    const ex = o.existing;
    const groupReference = isReference(ex.logGroupArn);
    if (!groupReference) {
      c.string(
        `${path}.existing.logGroupArn`,
        ex.logGroupArn,
        new RegExp(`^arn:${PARTITION}:logs:${env.region}:\\d{12}:log-group:[A-Za-z0-9_\\-/.#]{1,512}(?::\\*)?$`),
        `expected the ARN of a log group in ${env.region}, such as arn:aws:logs:${env.region}:${env.accountId}:log-group:my-flow-logs`,
      );
    }
    if (!isReference(ex.deliveryRoleArn)) {
      checkDeclared(c, `${path}.existing.deliveryRoleArn`, ex.deliveryRoleArn, EXISTING_GROUP.fields.deliveryRoleArn);
    }
    if (typeof ex.logGroupArn !== "string" || typeof ex.deliveryRoleArn !== "string") return undefined;
    // A group created elsewhere in the app: its name is Terraform's to know (the flow-log construct takes it from the ARN).
    if (groupReference) {
      return {
        type: "cloud-watch-logs",
        source: "existing",
        existing: { logGroupArn: ex.logGroupArn, deliveryRoleArn: ex.deliveryRoleArn },
      };
    }
    const arn = ex.logGroupArn.replace(/:\*$/, "");
    return {
      type: "cloud-watch-logs",
      source: "existing",
      logGroupName: arn.slice(arn.indexOf(":log-group:") + ":log-group:".length),
      existing: { logGroupArn: arn, deliveryRoleArn: ex.deliveryRoleArn },
    };
  }
  const logGroupName = o.logGroupName ?? defaultLogGroupName(env.name);
  checkDeclared(c, `${path}.logGroupName`, logGroupName, CLOUDWATCH_LOGS_DESTINATION.fields.logGroupName);
  const { retentionInDays: retention } = declaredValues(c, path, o, CLOUDWATCH_LOGS_DESTINATION, ["retentionInDays"]);
  const cmk = o.customerManagedKey ?? CLOUDWATCH_DESTINATION_DEFAULTS.customerManagedKey;
  if (isReference(cmk)) {
    // A key created elsewhere in the app, passed through: its policy is its owner's to write.
  } else if (typeof cmk === "string") {
    // CloudWatch Logs takes a key ARN (no alias), of a key in the log group's region.
    const keyArn = new RegExp(`^arn:${PARTITION}:kms:${env.region || "[a-z0-9-]+"}:\\d{12}:key/(?:${KMS_KEY_ID})$`);
    c.string(
      `${path}.customerManagedKey`,
      cmk,
      keyArn,
      `expected true (a key created for the log group), false, or the ARN of a KMS key in ${env.region || "the environment's region"}, such as arn:aws:kms:${env.region || "ap-northeast-1"}:${env.accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab (an alias is not accepted by CloudWatch Logs)`,
    );
  } else {
    c.boolean(`${path}.customerManagedKey`, cmk);
  }
  return {
    type: "cloud-watch-logs",
    source: "created",
    logGroupName: logGroupName as string,
    retentionInDays: retention as ResolvedCreatedLogGroupDestination["retentionInDays"],
    customerManagedKey: cmk as boolean | string,
  };
}

function checkS3(c: Checker, path: string, o: Obj, env: DestinationContext): ResolvedS3Destination | undefined {
  c.isObject(path, o, S3_FIELDS);
  const format = declaredValues(c, path, o, S3_DESTINATION, ["fileFormat", "hiveCompatiblePartitions", "perHourPartition"]);
  let bucketName: string;
  const reference = isReference(o.existingBucketArn);
  if (o.existingBucketArn !== undefined) {
    refuseForeign(
      c,
      path,
      o,
      whenCreatedFields(S3_DESTINATION),
      "applies only to a bucket this project creates, not with existingBucketArn",
    );
  }
  if (reference) {
    // A bucket created elsewhere in the app: its name is Terraform's to know; the reference keys it.
    bucketName = o.existingBucketArn as string;
  } else if (o.existingBucketArn !== undefined) {
    // A bucket ARN of the right shape whose name S3 would refuse: say why, as bucketName does.
    const named = typeof o.existingBucketArn === "string" ? /^arn:[a-z-]+:s3:::([^/]+)/.exec(o.existingBucketArn)?.[1] : undefined;
    const nameProblem = named === undefined ? null : bucketNameProblem(named);
    const ok = !nameProblem && checkDeclared(c, `${path}.existingBucketArn`, o.existingBucketArn, S3_DESTINATION.fields.existingBucketArn);
    if (nameProblem) c.fail(`${path}.existingBucketArn`, o.existingBucketArn, `not a valid S3 bucket name "${named}": it ${nameProblem}`);
    bucketName = ok ? (o.existingBucketArn as string).slice("arn:".length).split(":::")[1].split("/")[0] : "";
    if (ok && (o.existingBucketArn as string).split("/").slice(1).includes("AWSLogs")) {
      c.fail(
        `${path}.existingBucketArn`,
        o.existingBucketArn,
        "AWSLogs is reserved by log delivery: it may not be a folder of the destination",
      );
    }
  } else {
    bucketName = (o.bucketName as string | undefined) ?? defaultBucketName(env.name, env.accountId, env.region);
    const problem = typeof bucketName === "string" ? bucketNameProblem(bucketName) : "must be a string";
    if (problem) c.fail(`${path}.bucketName`, bucketName, `not a valid S3 bucket name: it ${problem}`);
  }
  const { encryption } = declaredValues(c, path, o, S3_DESTINATION, ["encryption"]);
  const athena = checkAthena(c, `${path}.athena`, o.athena);
  if (athena && reference) {
    c.fail(
      `${path}.athena`,
      o.athena,
      "Athena's table is written at synth over the archive's bucket and prefix, which a reference does not tell: give existingBucketArn as a literal ARN (arn:aws:s3:::name/prefix), or let this project create the bucket",
    );
  }
  // With athena on, the default Glacier class is the one Athena reads; an explicit GLACIER is refused below.
  const lifecycle = checkLifecycle(c, `${path}.lifecycle`, o.lifecycle ?? {}, athena ? "GLACIER_IR" : undefined);
  if (!lifecycle || athena === null) return undefined;
  if (athena && o.existingBucketArn === undefined && lifecycle.transitionToGlacierDays > 0 && lifecycle.glacierStorageClass === "GLACIER") {
    c.fail(
      `${path}.lifecycle.glacierStorageClass`,
      lifecycle.glacierStorageClass,
      "Athena cannot read objects in S3 Glacier Flexible Retrieval, so with athena on the archive would go dark after " +
        `${lifecycle.transitionToGlacierDays} days: use "GLACIER_IR" (Glacier Instant Retrieval, which Athena reads), or transitionToGlacierDays: 0`,
    );
  }
  const { retired } = declaredValues(c, path, o, S3_DESTINATION, ["retired"]);
  return {
    ...(retired === true ? { retired: true as const } : {}),
    type: "s3",
    bucketName,
    existingBucketArn: o.existingBucketArn as string | undefined,
    fileFormat: format.fileFormat as ResolvedS3Destination["fileFormat"],
    hiveCompatiblePartitions: format.hiveCompatiblePartitions as boolean,
    perHourPartition: format.perHourPartition as boolean,
    encryption: encryption as S3Encryption,
    lifecycle,
    ...(athena ? { athena } : {}),
  };
}

/** The organisation's archive: the app's log archive decides the bucket and the layout. Refused without one. */
function checkOrganizationArchive(
  c: Checker,
  path: string,
  o: Obj,
  env: DestinationContext,
): ResolvedOrganizationArchiveDestination | undefined {
  c.isObject(path, o, ORGANIZATION_ARCHIVE_FIELDS);
  const archive = env.logArchive;
  if (!archive) {
    c.fail(
      `${path}.type`,
      o.type,
      "this app has no log archive to write to: give addEnvironmentStacks (or the stack) a logArchive, its account and region (environments/shared.ts in this repository)",
    );
    return undefined;
  }
  // Delivery crosses accounts, never partitions: an archive in aws cannot receive from aws-cn.
  if (env.region && partitionOf(env.region) !== archive.partition) {
    c.fail(
      `${path}.type`,
      o.type,
      `this environment's region ${env.region} is in partition ${partitionOf(env.region)}, the log archive's (${archive.region}) in ${archive.partition}: log delivery does not cross partitions; give it a destination of its own partition`,
    );
    return undefined;
  }
  return {
    type: "organization-archive",
    bucketName: archive.bucketName,
    archiveAccountId: archive.accountId,
    archiveRegion: archive.region,
    ...ORGANIZATION_ARCHIVE_LAYOUT,
  };
}

function checkFirehose(c: Checker, path: string, o: Obj, env: DestinationContext): ResolvedFirehoseDestination | undefined {
  const foreign = [...S3_ONLY_FIELDS, ...CW_FIELDS.filter((f) => f !== "type")];
  refuseForeign(c, path, o, foreign, `not an option of a kinesis-data-firehose destination (valid: ${FIREHOSE_FIELDS.join(", ")})`);
  c.isObject(path, without(o, foreign), FIREHOSE_FIELDS);
  const declared = (field: keyof typeof FIREHOSE_DESTINATION.fields) =>
    isReference(o[field]) || checkDeclared(c, `${path}.${field}`, o[field], FIREHOSE_DESTINATION.fields[field]);
  const arnOk = declared("deliveryStreamArn");
  const tgwOk = declared("transitGatewayDeliveryStreamArn");
  const role = o.crossAccountDeliveryRoleArn as string | undefined;
  const roleOk = declared("crossAccountDeliveryRoleArn");
  if (!arnOk || !roleOk || !tgwOk) return undefined;
  const stream = o.deliveryStreamArn as string;
  const tgwStream = o.transitGatewayDeliveryStreamArn as string | undefined;
  // Streams or a role created elsewhere in the app: their region and accounts are Terraform's to
  // know, so the checks across them, which read the literal ARNs, are left to AWS.
  if (![stream, tgwStream, role].some(isReference)) checkFirehoseAccounts(c, path, env, stream, tgwStream, role);
  return {
    type: "kinesis-data-firehose",
    deliveryStreamArn: stream,
    crossAccountDeliveryRoleArn: role,
    transitGatewayDeliveryStreamArn: tgwStream,
  };
}

/** The checks across a Firehose destination's literal ARNs: the stream's region, the accounts of the streams and the role. */
function checkFirehoseAccounts(
  c: Checker,
  path: string,
  env: DestinationContext,
  stream: string,
  tgwStream: string | undefined,
  role: string | undefined,
): void {
  const [, , , streamRegion, streamAccount] = stream.split(":");
  if (env.region && streamRegion !== env.region) {
    c.fail(
      `${path}.deliveryStreamArn`,
      stream,
      `flow logs deliver only to a stream in their own region: expected a stream in ${env.region}`,
    );
  }
  if (tgwStream !== undefined) {
    const [, , , tgwRegion, tgwAccount] = tgwStream.split(":");
    if (tgwStream === stream) {
      c.fail(`${path}.transitGatewayDeliveryStreamArn`, tgwStream, "is the VPC records' stream: give another stream, or leave it out");
    } else if (tgwRegion !== streamRegion || tgwAccount !== streamAccount) {
      c.fail(
        `${path}.transitGatewayDeliveryStreamArn`,
        tgwStream,
        `expected a stream in the account and region of deliveryStreamArn (${streamAccount}, ${streamRegion}): one delivery role serves both`,
      );
    }
  }
  if (streamAccount !== env.accountId && role === undefined) {
    c.fail(
      `${path}.crossAccountDeliveryRoleArn`,
      undefined,
      `the stream is in account ${streamAccount}, not ${env.accountId}: a cross-account delivery needs the ARN of a role in the stream's account`,
    );
  }
  if (typeof role === "string") {
    const roleAccount = role.split(":")[4];
    const roleName = role.slice(role.lastIndexOf("/") + 1);
    if (streamAccount === env.accountId) {
      c.fail(
        `${path}.crossAccountDeliveryRoleArn`,
        role,
        `the stream is in this environment's account (${env.accountId}): delivery needs no cross-account role; leave it out`,
      );
    } else if (roleAccount !== streamAccount) {
      c.fail(`${path}.crossAccountDeliveryRoleArn`, role, `expected a role in the stream's account ${streamAccount}, not ${roleAccount}`);
    }
    if (!roleName.startsWith(FIREHOSE_CROSS_ACCOUNT_ROLE_PREFIX)) {
      c.fail(
        `${path}.crossAccountDeliveryRoleArn`,
        role,
        `AWS delivers across accounts only through a role whose name begins with ${FIREHOSE_CROSS_ACCOUNT_ROLE_PREFIX} (this one is named "${roleName}")`,
      );
    }
  }
}
