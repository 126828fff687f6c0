/** The destinations' fields: CloudWatch Logs, S3 (with its lifecycle and Athena) and Firehose. */
import { ATHENA_MIN_CUTOFF_BYTES, CLOUDWATCH_RETENTION_DAYS } from "../limits";
import { KMS_KEY_ID, LOG_GROUP_NAME_RE, PARTITION, ROLE_ARN_RE } from "../validation/patterns";
import type { EnumDecl, ObjectDecl, UnionDecl } from "./declare";

const ROLE_ARN = {
  kind: "string",
  pattern: ROLE_ARN_RE,
  valid: "expected an IAM role ARN, such as arn:aws:iam::123456789012:role/flow-logs-delivery",
} as const;

/** A delivery stream's ARN. */
export const FIREHOSE_STREAM_ARN_RE = new RegExp(`^arn:${PARTITION}:firehose:[a-z0-9-]+:\\d{12}:deliverystream/[A-Za-z0-9_.-]{1,64}$`);
const STREAM_ARN = {
  kind: "string",
  pattern: FIREHOSE_STREAM_ARN_RE,
  valid:
    "a kinesis-data-firehose destination needs the ARN of an existing delivery stream, such as arn:aws:firehose:ap-northeast-1:123456789012:deliverystream/flow-logs",
} as const;

export const CLOUDWATCH_LOGS_DESTINATION: ObjectDecl = {
  kind: "object",
  name: "CloudWatchLogsDestinationConfig",
  description: "Flow logs to CloudWatch Logs, in a log group this project creates or one that exists.",
  fields: {
    type: { kind: "const", value: "cloud-watch-logs", description: "AWS's own name of the destination type." },
    logGroupName: {
      kind: "string",
      description: "Name of the log group to create.",
      pattern: LOG_GROUP_NAME_RE,
      valid: "expected 1 to 512 characters of letters, digits, _ - / . #",
      defaultText: "`/network-monitoring/<environment>/vpc-flow-logs`",
      example: "/network-monitoring/dev/vpc-flow-logs",
      whenCreated: true,
    },
    retentionInDays: {
      kind: "enum",
      values: CLOUDWATCH_RETENTION_DAYS,
      valid: `CloudWatch Logs accepts only ${CLOUDWATCH_RETENTION_DAYS.join(", ")}`,
      refused: [
        {
          value: 0,
          why:
            "never-expiring log groups are deliberately not offered (storage grows without end, and Security Hub CloudWatch.16 " +
            `wants a retention): choose days, ${CLOUDWATCH_RETENTION_DAYS.join(", ")}; keep records longer in an S3 destination`,
        },
      ],
      whenCreated: true,
      description:
        'Days to keep log events: one of the values CloudWatch Logs accepts. "Never expire" is not offered: logs without retention grow forever.',
      default: 365,
      example: 30,
    },
    customerManagedKey: {
      kind: "union",
      options: [
        { kind: "boolean" },
        {
          kind: "string",
          pattern: new RegExp(`^arn:${PARTITION}:kms:[a-z0-9-]+:\\d{12}:key/(?:${KMS_KEY_ID})$`),
          valid: "expected true (a key created for the log group), false, or the ARN of a KMS key",
        },
      ],
      description:
        "Encrypt the log group with a customer-managed KMS key: `true` for a key created for it (rotation on, its policy lets CloudWatch Logs use it only for this log group), or the ARN of a key you manage (a central key, in the environment's region), used as it is: its policy must let `logs.<region>.amazonaws.com` use it for this log group, or AWS refuses the log group at apply.",
      default: false,
      defaultText: "false (CloudWatch Logs' own encryption)",
      example: true,
      whenCreated: true,
    },
    existing: {
      kind: "object",
      optional: true,
      description:
        "Use an existing log group instead of creating one. Give its ARN and the ARN of a role that `vpc-flow-logs.amazonaws.com` can assume to write to it; nothing else is created.",
      defaultText: "a log group and a delivery role are created",
      fields: {
        logGroupArn: {
          kind: "string",
          description: "ARN of the existing log group.",
          pattern: new RegExp(`^arn:${PARTITION}:logs:[a-z0-9-]+:\\d{12}:log-group:[A-Za-z0-9_\\-/.#]{1,512}(?::\\*)?$`),
          valid: "expected the ARN of a log group, such as arn:aws:logs:ap-northeast-1:111111111111:log-group:my-flow-logs",
          example: "arn:aws:logs:ap-northeast-1:111111111111:log-group:shared-flow-logs",
        },
        deliveryRoleArn: {
          ...ROLE_ARN,
          description: "ARN of the IAM role the flow log service assumes to deliver to it.",
          example: "arn:aws:iam::111111111111:role/flow-logs-delivery",
        },
      },
    },
  },
};

export const S3_ENCRYPTION: EnumDecl = {
  kind: "enum",
  typeName: "S3Encryption",
  description: "Server-side encryption of a flow-log bucket.",
  values: ["sse-kms", "sse-s3"],
};

export const S3_LIFECYCLE: ObjectDecl = {
  kind: "object",
  name: "S3LifecycleConfig",
  description: "Lifecycle of flow-log objects in a bucket this project creates.",
  fields: {
    transitionToInfrequentAccessDays: {
      kind: "number",
      integer: true,
      minimum: 0,
      maximum: 36500,
      valid: "expected 0 (off) or a whole number from 30 to 36500",
      description: "Days after which objects move to S3 Standard-IA (0: never; S3 needs at least 30).",
      default: 30,
    },
    transitionToGlacierDays: {
      kind: "number",
      integer: true,
      minimum: 0,
      maximum: 36500,
      description: "Days after which objects move to the Glacier class of `glacierStorageClass` (0: never).",
      default: 90,
    },
    glacierStorageClass: {
      kind: "enum",
      values: ["GLACIER", "GLACIER_IR"],
      description:
        "The Glacier class of that step: Glacier Flexible Retrieval (`GLACIER`), which Athena cannot read, or Glacier Instant Retrieval (`GLACIER_IR`), which it reads. With `athena` on, `GLACIER` is refused.",
      default: "GLACIER",
      defaultText: '"GLACIER"; "GLACIER_IR" when the destination has `athena` on',
    },
    expirationDays: {
      kind: "number",
      integer: true,
      minimum: 0,
      maximum: 36500,
      description: "Days after which objects expire (0: never).",
      default: 365,
    },
  },
};

export const ATHENA: ObjectDecl = {
  kind: "object",
  name: "AthenaConfig",
  description: "Settings of the Athena workgroup and table over a flow-log archive.",
  fields: {
    bytesScannedCutoffPerQuery: {
      kind: "number",
      integer: true,
      minimum: ATHENA_MIN_CUTOFF_BYTES,
      maximum: Number.MAX_SAFE_INTEGER,
      description: "Bytes a query may scan before Athena cancels it (a cost guardrail; at least 10 MB, 10485760).",
      default: 10 * 1024 ** 3,
      defaultText: "10 GiB (10737418240)",
    },
    resultsExpirationDays: {
      kind: "number",
      integer: true,
      minimum: 1,
      maximum: 3650,
      description: "Days query results are kept in the results bucket.",
      default: 30,
    },
    firstYear: {
      kind: "number",
      integer: true,
      minimum: 2015,
      maximum: 2100,
      description: "First year of the projected date partitions (the archive's first records).",
      default: 2024,
    },
  },
};

export const S3_DESTINATION: ObjectDecl = {
  kind: "object",
  name: "S3DestinationConfig",
  description: "Flow logs to Amazon S3, in a bucket this project creates or one that exists.",
  fields: {
    type: { kind: "const", value: "s3", description: "AWS's own name of the destination type." },
    bucketName: {
      kind: "string",
      description: "Name of the bucket to create.",
      pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      valid:
        "expected an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or a digit",
      defaultText: "`<environment>-<accountId>-<region>-vpc-flow-logs`",
      example: "dev-111111111111-ap-northeast-1-vpc-flow-logs",
      whenCreated: true,
    },
    existingBucketArn: {
      kind: "string",
      description: "ARN of an existing bucket to write to instead (its policy must allow log delivery); nothing else is created.",
      pattern: new RegExp(`^arn:${PARTITION}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](?:/[^\\s]*)?$`),
      valid: "expected a bucket ARN, such as arn:aws:s3:::my-flow-log-bucket (optionally with /prefix)",
      defaultText: "a bucket is created",
      example: "arn:aws:s3:::central-flow-logs/dev",
    },
    fileFormat: { kind: "enum", values: ["plain-text", "parquet"], description: "Format of the log files.", default: "plain-text" },
    hiveCompatiblePartitions: {
      kind: "boolean",
      description: "Hive-compatible S3 prefixes (`aws-account-id=.../aws-region=...`).",
      default: false,
    },
    perHourPartition: { kind: "boolean", description: "Partition log files per hour instead of per day.", default: false },
    encryption: {
      ...S3_ENCRYPTION,
      description: "Server-side encryption of a created bucket: a customer-managed KMS key created for it, or S3-managed keys.",
      default: "sse-kms",
      whenCreated: true,
    },
    lifecycle: {
      ...S3_LIFECYCLE,
      optional: true,
      description: "Lifecycle of the objects in a created bucket.",
      defaultText: "Standard-IA after 30 days, Glacier after 90 (Glacier Instant Retrieval with athena on), expiry after 365",
      whenCreated: true,
    },
    athena: {
      kind: "union",
      options: [{ kind: "boolean" }, ATHENA],
      description:
        "Make the archive queryable with Amazon Athena: a Glue database and a table over exactly the prefix this flow log writes (partition projection, no crawler), and a workgroup with encrypted results and a per-query cutoff. `true` for the defaults. One S3 destination per environment may have it.",
      optional: true,
      defaultText: "off",
      example: true,
    },
    retired: {
      kind: "boolean",
      description:
        "The destination is retired, its records kept: its flow log goes (to the organisation archive's, when the environment has one), and its bucket, key and Athena resources stay in AWS as they are while Terraform forgets them (`removed` blocks with `destroy = false`; Terraform 1.7 or later). For a bucket this project created; the entry may be deleted once applied.",
      default: false,
      whenCreated: true,
    },
  },
};

export const FIREHOSE_DESTINATION: ObjectDecl = {
  kind: "object",
  name: "FirehoseDestinationConfig",
  description: "Flow logs to an existing Amazon Data Firehose delivery stream.",
  fields: {
    type: { kind: "const", value: "kinesis-data-firehose", description: "AWS's own name of the destination type." },
    deliveryStreamArn: {
      ...STREAM_ARN,
      description: "ARN of the delivery stream.",
      example: "arn:aws:firehose:ap-northeast-1:111111111111:deliverystream/flow-logs",
    },
    crossAccountDeliveryRoleArn: {
      kind: "string",
      pattern: ROLE_ARN_RE,
      valid: "expected an IAM role ARN",
      description:
        "For a delivery stream in another account: ARN of the role in the stream's account that log delivery assumes there (its name must begin with `AWSLogDeliveryFirehoseCrossAccountRole`, its trust must name this environment's source role, `<name>-vpc-flow-logs-firehose-source`, which is created here). Leave it out for a stream in the environment's account.",
      defaultText: "none: the stream is in the environment's account",
      example: "arn:aws:iam::222222222222:role/AWSLogDeliveryFirehoseCrossAccountRole-flow-logs",
    },
    transitGatewayDeliveryStreamArn: {
      ...STREAM_ARN,
      description:
        "A second stream, in the same account and region, for the records of transit gateways and their attachments (another record format), so that the VPC's stream holds one format.",
      defaultText: "the transit gateway records go to `deliveryStreamArn` too (synth warns)",
    },
  },
};

export const ORGANIZATION_ARCHIVE_DESTINATION: ObjectDecl = {
  kind: "object",
  name: "OrganizationArchiveDestinationConfig",
  description:
    "Flow logs to the organisation's archive: the central bucket of the app's `log-archive` stack (its account and region are the app's log archive settings), in the archive's one layout (Parquet, plain prefixes, per hour), read by one Athena table for every account. Nothing is created in the environment's account for it.",
  fields: {
    type: {
      kind: "const",
      value: "organization-archive",
      description: "Writes to the organisation's archive (an S3 destination the archive decides).",
    },
  },
};

export const DESTINATION: UnionDecl = {
  kind: "union",
  typeName: "FlowLogDestinationConfig",
  description: "Where flow log records go.",
  options: [CLOUDWATCH_LOGS_DESTINATION, S3_DESTINATION, FIREHOSE_DESTINATION, ORGANIZATION_ARCHIVE_DESTINATION],
};
