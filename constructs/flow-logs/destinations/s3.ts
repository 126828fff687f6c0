import { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import { PROJECT_NAME } from "../../shared/names";
import { ManagedKey } from "../../shared/kms-key";
import { arn, AwsLocation, PolicyStatement } from "../../shared/policy";
import { SecureBucket, SecureBucketProps } from "../../shared/secure-bucket";
import type { ResolvedS3Destination } from "../../config/resolved";
import type { S3DestinationConfig } from "../../config/types";
import {
  BoundFlowLogDestination,
  DestinationSource,
  FlowLogDestination,
  FlowLogDestinationContext,
  FlowLogTargetKind,
  isTransitGatewayTarget,
} from "./destination";

/** Props of {@link FlowLogBucket}. */
export interface FlowLogBucketProps {
  /** Where the bucket lives. */
  readonly location: AwsLocation;
  /** The validated destination (a bucket to create). */
  readonly destination: ResolvedS3Destination;
  /** Alias of the KMS key, without `alias/`. */
  readonly keyAlias: string;
  /**
   * Transit gateways (or attachments) write here too: their records, in another format, go
   * under {@link TRANSIT_GATEWAY_S3_FOLDER}, and delivery may write there as well.
   * @default false
   */
  readonly transitGateways?: boolean;
  /**
   * Terraform refuses to destroy the bucket and its KMS key (`prevent_destroy`).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** The alias of the key of an environment's `ordinal`-th flow-log bucket (0 for the first), without `alias/`. */
export function flowLogBucketKeyAlias(environment: string, ordinal: number): string {
  return `${PROJECT_NAME}/${environment}/flow-log-bucket${ordinal === 0 ? "" : `-${ordinal + 1}`}`;
}

/**
 * The lifecycle props of a flow-log archive's {@link SecureBucket}: Standard-IA, then the
 * Glacier class, then expiry, as configured (0 days turns a step off); old versions go after 30 days.
 */
export function flowLogArchiveLifecycle(
  lc: ResolvedS3Destination["lifecycle"],
): Pick<SecureBucketProps, "transitions" | "expirationDays" | "noncurrentVersionExpirationDays"> {
  return {
    transitions: [
      { days: lc.transitionToInfrequentAccessDays, storageClass: "STANDARD_IA" },
      { days: lc.transitionToGlacierDays, storageClass: lc.glacierStorageClass },
    ],
    expirationDays: lc.expirationDays,
    noncurrentVersionExpirationDays: 30,
  };
}

/** The S3 key prefix log delivery writes under, with or without Hive-compatible partitions. */
export function logDeliveryPrefix(accountId: string, hiveCompatiblePartitions: boolean): string {
  return hiveCompatiblePartitions ? `AWSLogs/aws-account-id=${accountId}/` : `AWSLogs/${accountId}/`;
}

/**
 * The folder of a flow-log bucket that holds transit gateway records. Their format is not the
 * VPC's, and AWS writes both under `AWSLogs/<account>/vpcflowlogs/<region>/...`: in one tree,
 * a table or a query over the VPC's records would read files of the other format. A flow log
 * whose S3 destination has a folder (`arn:aws:s3:::bucket/folder`) writes
 * `folder/AWSLogs/...`, so transit gateway flow logs get this folder and the VPC's keep the
 * bucket's root (or the existing bucket's folder).
 * @see https://docs.aws.amazon.com/vpc/latest/tgw/flow-logs-s3.html
 */
export const TRANSIT_GATEWAY_S3_FOLDER = "transit-gateway";

/** The `log_destination` of a flow log of `kind` into the bucket (or bucket folder) `destination`. */
export function s3LogDestination(destination: string, kind: FlowLogTargetKind): string {
  return isTransitGatewayTarget(kind) ? `${destination.replace(/\/+$/, "")}/${TRANSIT_GATEWAY_S3_FOLDER}` : destination;
}

/** What log delivery must match: this account's deliveries only. */
function deliveryConditions(loc: AwsLocation) {
  return {
    StringEquals: { "aws:SourceAccount": loc.accountId },
    ArnLike: { "aws:SourceArn": arn.logDeliverySources(loc) },
  };
}

/**
 * The key-policy statement that lets log delivery encrypt flow-log objects with a key, for this
 * account's deliveries only: for a key of a bucket made elsewhere in an app (`ManagedKey`'s
 * `serviceStatements`), as this project's own flow-log buckets have it.
 */
export function logDeliveryKeyStatement(loc: AwsLocation): PolicyStatement {
  return {
    Sid: "LogDeliveryEncryptsForThisAccountOnly",
    Effect: "Allow",
    Principal: { Service: "delivery.logs.amazonaws.com" },
    // The actions AWS documents for vended-log delivery to SSE-KMS buckets (multipart
    // uploads of large files need Decrypt as well as GenerateDataKey).
    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
    Resource: "*",
    Condition: deliveryConditions(loc),
  };
}

/**
 * The bucket-policy statements that let log delivery write this account's flow logs under its
 * prefix only (and check the bucket's ACL): for a bucket made elsewhere in an app (a
 * `SecureBucket`'s `policyStatements`) and handed to a destination by reference, as this
 * project's own flow-log buckets have them.
 */
export function logDeliveryBucketStatements(
  loc: AwsLocation,
  bucketArn: string,
  options: { readonly hiveCompatiblePartitions?: boolean; readonly transitGateways?: boolean } = {},
): PolicyStatement[] {
  const prefix = logDeliveryPrefix(loc.accountId, options.hiveCompatiblePartitions ?? false);
  return deliveryBucketStatements(
    "AWSLogDelivery",
    bucketArn,
    options.transitGateways
      ? [`${bucketArn}/${prefix}*`, `${bucketArn}/${TRANSIT_GATEWAY_S3_FOLDER}/${prefix}*`]
      : `${bucketArn}/${prefix}*`,
    deliveryConditions(loc),
  );
}

/**
 * The two statements log delivery needs on a bucket, for the deliveries `conditions` admit:
 * `<sid>Write` (PutObject on `writable`, the bucket owner getting full control) and
 * `<sid>AclCheck` (the bucket's ACL and listing). One environment's buckets and the
 * organisation's archive differ only in what they admit and where.
 */
export function deliveryBucketStatements(
  sid: string,
  bucketArn: string,
  writable: string | string[],
  conditions: { readonly StringEquals: Record<string, string | string[]>; readonly ArnLike: Record<string, string | string[]> },
): PolicyStatement[] {
  return [
    {
      Sid: `${sid}Write`,
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: writable,
      Condition: {
        StringEquals: { ...conditions.StringEquals, "s3:x-amz-acl": "bucket-owner-full-control" },
        ArnLike: conditions.ArnLike,
      },
    },
    {
      Sid: `${sid}AclCheck`,
      Effect: "Allow",
      Principal: { Service: "delivery.logs.amazonaws.com" },
      Action: ["s3:GetBucketAcl", "s3:ListBucket"],
      Resource: bucketArn,
      Condition: { StringEquals: conditions.StringEquals, ArnLike: conditions.ArnLike },
    },
  ];
}

/**
 * A flow-log bucket: a {@link SecureBucket} whose policy lets delivery.logs.amazonaws.com
 * write under this account's prefix only, for this account's log deliveries only
 * (`aws:SourceAccount`, `aws:SourceArn`), encrypted with a KMS key of its own (or SSE-S3).
 */
export class FlowLogBucket extends Construct {
  /** The flow-log bucket, whose policy lets log delivery write under this account's prefix only. */
  readonly bucket: SecureBucket;
  /** The KMS key, for SSE-KMS. */
  readonly key?: ManagedKey;

  constructor(scope: Construct, id: string, props: FlowLogBucketProps) {
    super(scope, id);
    const loc = props.location;
    const d = props.destination;
    const bucketArn = arn.bucket(loc, d.bucketName);

    if (d.encryption === "sse-kms") {
      this.key = new ManagedKey(this, "kms", {
        location: loc,
        preventDestroy: props.preventDestroy,
        alias: props.keyAlias,
        description: `Encrypts VPC flow log objects in s3://${d.bucketName}`,
        serviceStatements: [logDeliveryKeyStatement(loc)],
      });
    }

    const statements = logDeliveryBucketStatements(loc, bucketArn, {
      hiveCompatiblePartitions: d.hiveCompatiblePartitions,
      transitGateways: props.transitGateways,
    });

    const lc = d.lifecycle;
    this.bucket = new SecureBucket(this, "bucket", {
      location: loc,
      bucketName: d.bucketName,
      encryption: this.key ? { kind: "sse-kms", kmsKeyArn: this.key.key.arn } : { kind: "sse-s3" },
      ...flowLogArchiveLifecycle(lc),
      policyStatements: statements,
      preventDestroy: props.preventDestroy,
    });
  }
}

/** A flow-log bucket to create: an S3 destination's config without the fields of a bucket that exists, or Athena's. */
export type NewFlowLogBucketOptions = Omit<S3DestinationConfig, "type" | "existingBucketArn" | "athena">;

/** How records are written into a bucket that exists: the file format and partitions. */
export type ExistingBucketOptions = Pick<S3DestinationConfig, "fileFormat" | "hiveCompatiblePartitions" | "perHourPartition"> & {
  /**
   * The bucket's KMS key, when it is one of the app's: binding adds {@link logDeliveryKeyStatement}
   * to its policy and the flow logs wait for it. For a key made elsewhere, its policy must hold
   * that statement already.
   */
  readonly key?: ManagedKey;
};

/**
 * Flow logs to S3: a bucket created here (with its policy and key), or one made elsewhere:
 * a {@link SecureBucket} of the app, whose policy (and key's, given the key) binding extends with
 * what log delivery needs, the flow logs waiting for both; or, for a bucket of another stack or
 * account, its ARN, whose policy must already let log delivery write ({@link logDeliveryBucketStatements}).
 */
export class S3FlowLogDestination extends FlowLogDestination<ResolvedS3Destination> {
  /** Records to a bucket (and KMS key) created for them; its handle is {@link created} once bound. */
  static toNewBucket(options: NewFlowLogBucketOptions = {}): S3FlowLogDestination {
    return new S3FlowLogDestination({ config: { ...options, type: "s3" } });
  }

  /**
   * Records to a bucket made elsewhere: a {@link SecureBucket} of the app (binding grants log
   * delivery in its policy, and in `options.key`'s), or a bucket's ARN (or a bucket ARN with a
   * folder), literal or reference, whose policies grant delivery already.
   */
  static toBucket(bucket: SecureBucket | string, options: ExistingBucketOptions = {}): S3FlowLogDestination {
    const { key, ...format } = options;
    const bucketArn = typeof bucket === "string" ? bucket : bucket.bucket.arn;
    return new S3FlowLogDestination(
      { config: { ...format, type: "s3", existingBucketArn: bucketArn } },
      {
        bucket: typeof bucket === "string" ? undefined : bucket,
        key,
      },
    );
  }

  /** The destination of a validated environment's S3 destination config. */
  static fromConfig(config: ResolvedS3Destination): S3FlowLogDestination {
    return new S3FlowLogDestination({ resolved: config });
  }

  readonly type = "s3";
  readonly logDestinationType = "s3";
  readonly idBase = "s3";
  private bucket?: FlowLogBucket;

  private constructor(
    input: DestinationSource<ResolvedS3Destination>,
    /** The app's bucket and key handed in, whose policies binding extends. */
    private readonly given: { readonly bucket?: SecureBucket; readonly key?: ManagedKey } = {},
  ) {
    super(input);
  }

  /** The bucket and key this destination created, once bound; undefined for a bucket handed in. */
  get created(): FlowLogBucket | undefined {
    return this.bucket;
  }

  /** The ARN of the bucket the records go to: a reference to the created bucket, or the ARN handed in. Known once bound. */
  get bucketArn(): string {
    return this.bucket?.bucket.bucket.arn ?? (this.config.existingBucketArn as string);
  }

  protected bindConfig(scope: Construct, context: FlowLogDestinationContext, d: ResolvedS3Destination): BoundFlowLogDestination {
    const destinationOptions = {
      fileFormat: d.fileFormat,
      hiveCompatiblePartitions: d.hiveCompatiblePartitions,
      perHourPartition: d.perHourPartition,
    };
    if (d.existingBucketArn) {
      const bucketArn = d.existingBucketArn;
      const dependsOn = this.grantDelivery(context, d);
      return { args: (kind) => ({ logDestination: s3LogDestination(bucketArn, kind), destinationOptions, dependsOn }) };
    }
    const n = context.ordinal(this.type);
    const made = new FlowLogBucket(scope, context.id, {
      location: context.location,
      destination: d,
      keyAlias: flowLogBucketKeyAlias(context.environmentName, n),
      preventDestroy: context.preventDestroy,
      transitGateways: context.transitGateways,
    });
    this.bucket = made;
    // Log delivery checks the bucket policy (and the key policy) when the flow log is created.
    const dependsOn = made.key ? [made.bucket.bucketPolicy, made.key.key] : [made.bucket.bucketPolicy];
    return {
      args: (kind) => ({ logDestination: s3LogDestination(made.bucket.bucket.arn, kind), destinationOptions, dependsOn }),
    };
  }

  /** Lets log delivery write to the bucket (and use the key) handed in as objects; what the flow logs then wait for. */
  private grantDelivery(context: FlowLogDestinationContext, d: ResolvedS3Destination): ITerraformDependable[] | undefined {
    const { bucket, key } = this.given;
    if (bucket?.encryption.kind === "sse-kms" && key === undefined) {
      const problem =
        `${context.path} = the bucket ${bucket.node.path}: it is encrypted with a KMS key, and log delivery writes there only if ` +
        "the key's policy lets it; hand the key too (S3FlowLogDestination.toBucket(bucket, { key })), or pass the bucket's ARN " +
        "once the key's policy holds logDeliveryKeyStatement";
      this.refuse(context, problem);
    }
    const waits: ITerraformDependable[] = [];
    if (bucket) {
      bucket.addToPolicy(
        ...logDeliveryBucketStatements(context.location, bucket.bucketArn, {
          hiveCompatiblePartitions: d.hiveCompatiblePartitions,
          transitGateways: context.transitGateways,
        }),
      );
      waits.push(bucket.bucketPolicy);
    }
    if (key) {
      key.addToPolicy(logDeliveryKeyStatement(context.location));
      waits.push(key.key);
    }
    return waits.length > 0 ? waits : undefined;
  }
}
