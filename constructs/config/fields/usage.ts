/**
 * The usage assumptions' fields: what the environment's traffic and people do, which no config
 * can know and the cost estimate depends on.
 */
import type { NumberDecl, ObjectDecl } from "./declare";

const QUANTITY = { kind: "number", minimum: 0, valid: "expected a number, 0 or more" } as const;
const COUNT = { kind: "number", integer: true, minimum: 0, valid: "expected a whole number, 0 or more" } as const;
const POSITIVE_SHARE = { kind: "number", exclusiveMinimum: 0, maximum: 1, valid: "expected a number above 0 and at most 1" } as const;

function field(kind: typeof QUANTITY | typeof COUNT | typeof POSITIVE_SHARE | NumberDecl, description: string, value: number): NumberDecl {
  return { ...kind, description, default: value };
}

export const USAGE: ObjectDecl = {
  kind: "object",
  name: "UsageAssumptions",
  description:
    "What the environment's traffic and its people do, which no config can know and cost depends on: `npm run cost` and the plan summary price the synthesized resources with these. Each field has a default (`USAGE_DEFAULTS`); measure yours and set them.",
  fields: {
    flowLogGbPerDay: field(
      QUANTITY,
      "GB of records one flow log that records ALL traffic delivers per day (uncompressed, as vended-log delivery is billed); each destination delivers, and is billed for, its own copy.",
      1,
    ),
    transitGatewayFlowLogGbPerDay: field(
      QUANTITY,
      "GB of records one transit gateway or attachment flow log delivers per day (uncompressed, as vended-log delivery is billed; it records all traffic through it). A flow is recorded at each attachment it passes, so a gateway's flow log delivers about twice what its traffic's records would.",
      1,
    ),
    rejectedShare: field(
      { kind: "number", minimum: 0, maximum: 1 },
      "Share of the records that are REJECT: an ACCEPT-only flow log delivers the rest, a REJECT-only one this share. From 0 to 1.",
      0.1,
    ),
    logGroupStoredShare: field(
      POSITIVE_SHARE,
      "Stored bytes per delivered byte in a log group: CloudWatch Logs bills storage on the compressed bytes, and AWS's pricing calculator (its \"compression factor\") takes them as 0.15 of what is ingested. The group's `storedBytes` divided by ingested bytes gives yours. Above 0, at most 1.",
      0.15,
    ),
    archiveStoredShare: field(
      POSITIVE_SHARE,
      "Stored bytes per delivered byte in an S3 archive of plain text (gzip files); Parquet is taken as 20 % smaller than that (AWS's VPC guide). No AWS figure: 0.15, gzip's usual ratio on flow-log text, alike CloudWatch's; bucket size divided by delivered bytes gives yours. Above 0, at most 1.",
      0.15,
    ),
    natGbPerDay: field(QUANTITY, "GB through all the environment's NAT gateways per day.", 10),
    insightsGbScannedPerDay: field(
      QUANTITY,
      "GB that Logs Insights queries scan per day (saved queries, dashboard log widgets, people).",
      1,
    ),
    athenaTbScannedPerMonth: field(QUANTITY, "TB that Athena queries scan per month, per workgroup.", 0.05),
    athenaQueriesPerMonth: field(
      COUNT,
      "Athena queries per month, per workgroup (each is billed at least 10 MB, at most the workgroup's per-query cutoff).",
      300,
    ),
    athenaDaysQueried: field(
      { kind: "number", integer: true, minimum: 1, valid: "expected a whole number of days, 1 or more" },
      "How far back Athena queries read, in days (the named queries read 7). The bytes scanned are taken as spread evenly over those days: the share that lies in Standard-IA or Glacier Instant Retrieval by the archive's lifecycle pays S3's retrieval per GB, on top of Athena.",
      7,
    ),
    estimateYear: field(
      { kind: "number", integer: true, minimum: 1, maximum: 100, valid: "expected a year after the first deploy: 1 (the first), 2, ..." },
      "Which year after the first deploy the estimate is for: KMS keys that rotate yearly cost $1 more a month after each of their first two rotations (1 key-month in year 1, 3 from year 3).",
      1,
    ),
    notificationsPerMonth: field(COUNT, "Notifications per month to each alarm-topic subscription.", 100),
    kmsRequestsPerKeyPerMonth: field(COUNT, "Requests per month to each KMS key (encrypting deliveries, reading the archive).", 10000),
    s3ObjectsPerFlowLogPerDay: field(
      COUNT,
      "Objects each flow log writes to S3 per day: AWS publishes a file every 5 minutes (288 a day) while there is traffic; each is a PUT request and, later, one transition per lifecycle step.",
      288,
    ),
    accountFreeTier: {
      kind: "boolean",
      description:
        "Whether the account's free allowances (3 dashboards, 10 custom metrics, 10 alarm metrics, 1,000 e-mail notifications, 20,000 KMS requests, a million Lambda and CloudWatch API requests and 400,000 Lambda GB-seconds a month) are this environment's: true when it has its account to itself, false when other workloads use them up.",
      default: true,
    },
  },
};

/** The usage fields that apply to the organisation's archive account. */
const ARCHIVE_FIELDS = [
  "athenaTbScannedPerMonth",
  "athenaQueriesPerMonth",
  "athenaDaysQueried",
  "estimateYear",
  "kmsRequestsPerKeyPerMonth",
  "s3ObjectsPerFlowLogPerDay",
  "accountFreeTier",
] as const;

export const ARCHIVE_USAGE: ObjectDecl = {
  kind: "object",
  name: "ArchiveUsageAssumptions",
  description:
    "What the organisation archive's people and its account do, which `npm run cost -- log-archive` and the plan summary price the archive with. How much each member delivers is the member's own `usage` (flowLogGbPerDay, rejectedShare, archiveStoredShare), not the archive's. Each field has the default of `USAGE_DEFAULTS`.",
  fields: Object.fromEntries(ARCHIVE_FIELDS.map((f) => [f, USAGE.fields[f]])),
};
