/**
 * The defaults and AWS limits of the configuration, in one place: the validation fills them
 * in, the constructs and the docs read them.
 */
import { PROJECT_NAME } from "../shared/names";
import type { ResolvedAlarms, ResolvedUsage } from "./resolved";

/** Log retention values CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Tag keys this project sets itself on every resource. */
export const RESERVED_TAG_KEYS = ["Project", "Environment", "ManagedBy"] as const;

/** AWS quota, not adjustable: flow logs per VPC, subnet or network interface. */
export const MAX_FLOW_LOGS_PER_TARGET = 2;

/** The defaults of a CloudWatch Logs destination this project creates. */
export const CLOUDWATCH_DESTINATION_DEFAULTS = {
  retentionInDays: 365,
  customerManagedKey: false,
} as const;

/** The defaults of an S3 destination. */
export const S3_DESTINATION_DEFAULTS = {
  fileFormat: "plain-text",
  hiveCompatiblePartitions: false,
  perHourPartition: false,
  encryption: "sse-kms",
  lifecycle: { transitionToInfrequentAccessDays: 30, transitionToGlacierDays: 90, glacierStorageClass: "GLACIER", expirationDays: 365 },
} as const;

/** The defaults of `athena` on an S3 destination. */
export const ATHENA_DEFAULTS = {
  bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
  resultsExpirationDays: 30,
  firstYear: 2024,
} as const;

/** The smallest per-query cutoff Athena accepts (10 MB). */
export const ATHENA_MIN_CUTOFF_BYTES = 10 * 1024 ** 2;

/** The default of each alarm: thresholds that suit a small VPC, to be tuned per environment. */
export const ALARM_DEFAULTS: ResolvedAlarms = {
  rejectedFlows: { enabled: true, threshold: 100, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 2 },
  rejectedRemoteAccess: { enabled: true, threshold: 20, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
  skipData: { enabled: true, threshold: 0, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 },
  bytesAnomaly: { enabled: false, bandWidth: 3, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 3 },
};

/** The default of each usage assumption: a small VPC, to be measured and set per environment. */
export const USAGE_DEFAULTS: ResolvedUsage = {
  flowLogGbPerDay: 1,
  rejectedShare: 0.1,
  logGroupStoredShare: 0.15,
  archiveStoredShare: 0.15,
  natGbPerDay: 10,
  insightsGbScannedPerDay: 1,
  athenaTbScannedPerMonth: 0.05,
  athenaQueriesPerMonth: 300,
  athenaDaysQueried: 7,
  estimateYear: 1,
  notificationsPerMonth: 100,
  kmsRequestsPerKeyPerMonth: 10000,
  s3ObjectsPerFlowLogPerDay: 288,
  accountFreeTier: true,
};

/** The default name of an environment's flow-log group. */
export function defaultLogGroupName(environment: string): string {
  return `/${PROJECT_NAME}/${environment}/vpc-flow-logs`;
}

/** The default name of an environment's flow-log bucket. */
export function defaultBucketName(environment: string, accountId: string, region: string): string {
  return `${environment}-${accountId}-${region}-vpc-flow-logs`;
}
