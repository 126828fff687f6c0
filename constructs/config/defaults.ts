/**
 * The defaults of the configuration, taken from the field declarations (`fields/`), and the AWS
 * limits it is checked against (`limits.ts`): the validation fills them in, the constructs and
 * the docs read them.
 */
import { PROJECT_NAME } from "../shared/names";
import { defaultsOf } from "./fields/declare";
import { ATHENA, CLOUDWATCH_LOGS_DESTINATION, S3_DESTINATION } from "./fields/destinations";
import { ALARM_DEFAULTS } from "./fields/monitoring";
import { USAGE } from "./fields/usage";
import type { ResolvedAthena, ResolvedCreatedLogGroupDestination, ResolvedS3Destination, ResolvedUsage } from "./resolved";

export { ALARM_DEFAULTS };
export { ATHENA_MIN_CUTOFF_BYTES, CLOUDWATCH_RETENTION_DAYS, MAX_FLOW_LOGS_PER_TARGET, RESERVED_TAG_KEYS } from "./limits";

/** The defaults of a CloudWatch Logs destination this project creates. */
export const CLOUDWATCH_DESTINATION_DEFAULTS = defaultsOf(CLOUDWATCH_LOGS_DESTINATION) as Readonly<
  Pick<ResolvedCreatedLogGroupDestination, "retentionInDays" | "customerManagedKey">
>;

/** The defaults of an S3 destination. */
export const S3_DESTINATION_DEFAULTS = defaultsOf(S3_DESTINATION) as Readonly<
  Pick<ResolvedS3Destination, "fileFormat" | "hiveCompatiblePartitions" | "perHourPartition" | "encryption" | "lifecycle">
>;

/** The defaults of `athena` on an S3 destination. */
export const ATHENA_DEFAULTS = defaultsOf(ATHENA) as ResolvedAthena;

/** The default of each usage assumption: a small VPC, to be measured and set per environment. */
export const USAGE_DEFAULTS = defaultsOf(USAGE) as ResolvedUsage;

/** The default name of an environment's flow-log group. */
export function defaultLogGroupName(environment: string): string {
  return `/${PROJECT_NAME}/${environment}/vpc-flow-logs`;
}

/** The default name of an environment's flow-log bucket. */
export function defaultBucketName(environment: string, accountId: string, region: string): string {
  return `${environment}-${accountId}-${region}-vpc-flow-logs`;
}

/**
 * The one layout of the organisation's archive, the one AWS's multi-account projection example
 * reads: Parquet, plain prefixes (`AWSLogs/<account>/vpcflowlogs/<region>/yyyy/MM/dd/HH/`), per hour.
 */
export const ORGANIZATION_ARCHIVE_LAYOUT = { fileFormat: "parquet", hiveCompatiblePartitions: false, perHourPartition: true } as const;

/** The name of an organisation archive's bucket, when its config names none. */
export function defaultArchiveBucketName(accountId: string, region: string): string {
  return `org-flow-logs-${accountId}-${region}`;
}

/** The name of the organisation archive's stack (and its state key's folder). */
export const LOG_ARCHIVE_STACK = "log-archive";
