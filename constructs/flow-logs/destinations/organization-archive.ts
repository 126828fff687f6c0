/**
 * Flow logs to the organisation's archive: the central bucket of the app's `log-archive` stack,
 * in another account, in the one layout the archive's table reads. Nothing is created in the
 * environment's account: the archive's bucket and key policies let this account's deliveries
 * write (by its account, or by the organisation).
 */
import { Construct } from "constructs";
import { LOG_ARCHIVE_STACK } from "../../config/defaults";
import type { ResolvedLogArchive, ResolvedOrganizationArchiveDestination } from "../../config/resolved";
import { ManagedKey } from "../../shared/kms-key";
import { PROJECT_NAME } from "../../shared/names";
import { arn, PolicyStatement } from "../../shared/policy";
import { SecureBucket } from "../../shared/secure-bucket";
import { BoundFlowLogDestination, FlowLogDestination, FlowLogDestinationContext } from "./destination";
import { deliveryBucketStatements, flowLogArchiveLifecycle, s3LogDestination, TRANSIT_GATEWAY_S3_FOLDER } from "./s3";

export class OrganizationArchiveFlowLogDestination extends FlowLogDestination<ResolvedOrganizationArchiveDestination> {
  /** The destination of a validated environment's organisation-archive destination config. */
  static fromConfig(config: ResolvedOrganizationArchiveDestination): OrganizationArchiveFlowLogDestination {
    return new OrganizationArchiveFlowLogDestination({ resolved: config });
  }

  readonly type = "organization-archive";
  readonly logDestinationType = "s3";
  readonly idBase = "organization-archive";
  /** Nothing is created for it. */
  readonly created = undefined;

  protected bindConfig(
    _scope: Construct,
    context: FlowLogDestinationContext,
    d: ResolvedOrganizationArchiveDestination,
  ): BoundFlowLogDestination {
    const bucketArn = arn.bucket({ ...context.location, region: d.archiveRegion, accountId: d.archiveAccountId }, d.bucketName);
    const destinationOptions = {
      fileFormat: d.fileFormat,
      hiveCompatiblePartitions: d.hiveCompatiblePartitions,
      perHourPartition: d.perHourPartition,
    };
    return { args: (kind) => ({ logDestination: s3LogDestination(bucketArn, kind), destinationOptions }) };
  }
}

/**
 * Who may deliver into the organisation's archive: with the organisation's id, any of its
 * accounts (`aws:SourceOrgID`: a new account needs no change here); without it, the member
 * accounts, listed in one condition (a statement per account would pass S3's 20 KB policy limit
 * at a few dozen accounts; one list keeps 500 well under it).
 */
export function organizationDeliveryConditions(
  partition: string,
  members: readonly string[],
  organizationId: string | undefined,
): Record<string, Record<string, string | string[]>> {
  const who: Record<string, string | string[]> = organizationId
    ? { "aws:SourceOrgID": organizationId }
    : { "aws:SourceAccount": members.length === 1 ? members[0] : [...members] };
  // Only log delivery's own sources (arn:<partition>:logs:<region>:<account>:*), in any member account.
  return { StringEquals: who, ArnLike: { "aws:SourceArn": `arn:${partition}:logs:*:*:*` } };
}

/**
 * The keys of the archive's layout, as S3 ARN patterns: `AWSLogs/<account>/vpcflowlogs/...`
 * (plain prefixes), the VPC's records at the root, transit gateways' in their folder. A
 * Hive-compatible prefix (`aws-service=vpcflowlogs`) or another service's logs do not match.
 */
export function archiveDeliveryKeys(bucketArn: string): string[] {
  return ["", `${TRANSIT_GATEWAY_S3_FOLDER}/`].map((folder) => `${bucketArn}/${folder}AWSLogs/*/vpcflowlogs/*`);
}

/**
 * The text files' names, as AWS documents them (`..._<hash>.log.gz`): refused in the archive,
 * whose table reads Parquet and fails on any other file in a partition it reads.
 */
export function textDeliveryKeys(bucketArn: string): string[] {
  return ["", `${TRANSIT_GATEWAY_S3_FOLDER}/`].map((folder) => `${bucketArn}/${folder}AWSLogs/*.log.gz`);
}

/**
 * The bucket-policy statements that let the members' log deliveries write their flow logs in
 * the archive's layout (and check the bucket's ACL), and refuse text files. A member's flow log
 * in plain text then fails its delivery (an error on that flow log) rather than breaking the
 * table for every account; the Parquet files' names are not documented by AWS, so the allow
 * stops at the layout's prefix rather than naming them.
 */
export function organizationDeliveryBucketStatements(
  bucketArn: string,
  conditions: ReturnType<typeof organizationDeliveryConditions>,
): PolicyStatement[] {
  return [
    ...deliveryBucketStatements("MembersLogDelivery", bucketArn, archiveDeliveryKeys(bucketArn), {
      StringEquals: conditions.StringEquals,
      ArnLike: conditions.ArnLike,
    }),
    {
      Sid: "DenyTextLogDelivery",
      Effect: "Deny",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: textDeliveryKeys(bucketArn),
    },
  ];
}

/** Props of {@link OrganizationArchiveBucket}. */
export interface OrganizationArchiveBucketProps {
  /** The archive's settings. */
  readonly archive: ResolvedLogArchive;
  /** The accounts whose flow logs write here (each once). */
  readonly memberAccounts: readonly string[];
}

/**
 * The organisation's archive: a {@link SecureBucket} in the Log Archive account that the
 * members' log deliveries write to, encrypted with a customer-managed key whose policy lets log
 * delivery encrypt for the members only (AWS's own `aws/s3` key cannot be used across accounts,
 * and cross-account delivery to it fails), with the archive's lifecycle and, when asked for,
 * write-once retention. Both are protected from destroy: they hold every account's records.
 */
export class OrganizationArchiveBucket extends Construct {
  /** The central bucket. */
  readonly bucket: SecureBucket;
  /** The key that encrypts its objects. */
  readonly key: ManagedKey;
  /** The bucket policy's size in bytes (S3 refuses one over {@link MAX_BUCKET_POLICY_BYTES}). */
  readonly policyBytes: number;

  constructor(scope: Construct, id: string, props: OrganizationArchiveBucketProps) {
    super(scope, id);
    const a = props.archive;
    const loc = { partition: a.partition, region: a.region, accountId: a.accountId };
    const conditions = organizationDeliveryConditions(a.partition, props.memberAccounts, a.organizationId);
    this.key = new ManagedKey(this, "kms", {
      location: loc,
      alias: `${PROJECT_NAME}/${LOG_ARCHIVE_STACK}/flow-log-archive`,
      description: `Encrypts the organisation's flow-log archive s3://${a.bucketName}`,
      preventDestroy: true,
      serviceStatements: [
        {
          Sid: "MembersLogDeliveryEncrypts",
          Effect: "Allow",
          Principal: { Service: "delivery.logs.amazonaws.com" },
          Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
          Resource: "*",
          Condition: conditions,
        },
      ],
    });
    const bucketArn = arn.bucket(loc, a.bucketName);
    const lc = a.lifecycle;
    this.bucket = new SecureBucket(this, "bucket", {
      location: loc,
      bucketName: a.bucketName,
      encryption: { kind: "sse-kms", kmsKeyArn: this.key.key.arn },
      ...flowLogArchiveLifecycle(lc),
      policyStatements: organizationDeliveryBucketStatements(bucketArn, conditions),
      objectLock: a.objectLock,
      preventDestroy: true,
    });
    this.policyBytes = Buffer.byteLength(JSON.stringify(this.bucket.policy));
  }
}

/** S3's limit on a bucket policy's size, in bytes. */
export const MAX_BUCKET_POLICY_BYTES = 20 * 1024;
