/** AWS's limits and the project's own reserved names that config is checked against. */

/** Log retention values CloudWatch Logs accepts, in days. */
export const CLOUDWATCH_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Tag keys this project sets itself on every resource. */
export const RESERVED_TAG_KEYS = ["Project", "Environment", "ManagedBy"] as const;

/** AWS quota, not adjustable: flow logs per VPC, subnet or network interface. */
export const MAX_FLOW_LOGS_PER_TARGET = 2;

/**
 * The most destinations an environment lists: the live ones (at most {@link MAX_FLOW_LOGS_PER_TARGET})
 * and as many retired ones, whose resources are kept in AWS.
 */
export const MAX_DESTINATION_ENTRIES = 2 * MAX_FLOW_LOGS_PER_TARGET;

/** The smallest per-query cutoff Athena accepts (10 MB). */
export const ATHENA_MIN_CUTOFF_BYTES = 10 * 1024 ** 2;
