import { Construct } from "constructs";
import { TerraformProvider } from "cdktf";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { addStatements, arn, AwsLocation, policyDocument, PolicyDocument, PolicyStatement, renderPolicy, tlsOnlyStatement } from "./policy";

/** One storage-class transition of current objects. */
export interface BucketTransition {
  /** Days after creation. */
  readonly days: number;
  /** Target storage class, such as STANDARD_IA or GLACIER. */
  readonly storageClass: string;
}

/** Props of {@link SecureBucket}. */
export interface SecureBucketProps {
  /** Where the bucket lives. */
  readonly location: AwsLocation;
  /** Bucket name (validated before). */
  readonly bucketName: string;
  /**
   * Default encryption: S3-managed keys, or a KMS key by ARN.
   */
  readonly encryption: { readonly kind: "sse-s3" } | { readonly kind: "sse-kms"; readonly kmsKeyArn: string };
  /**
   * Transitions of current objects.
   * @default none
   */
  readonly transitions?: readonly BucketTransition[];
  /**
   * Days after which current objects expire; 0 or unset keeps them.
   * @default unset
   */
  readonly expirationDays?: number;
  /** Days after which noncurrent (overwritten or deleted) versions expire. */
  readonly noncurrentVersionExpirationDays: number;
  /** Statements added to the bucket policy after the TLS-only deny. */
  readonly policyStatements?: PolicyStatement[];
  /**
   * Terraform refuses to destroy the bucket (`lifecycle.prevent_destroy`).
   * @default false
   */
  readonly preventDestroy?: boolean;
  /**
   * Terraform deletes every object and version when it destroys the bucket (`force_destroy`):
   * for disposable contents only (query results), never for records.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Provider for the bucket's resources (for a bucket in another region than the stack's).
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Write-once retention (S3 Object Lock) by default for every new object version: set when the
   * bucket is created, and irreversible. Noncurrent versions expire only after their lock.
   * @default none
   */
  readonly objectLock?: { readonly mode: "GOVERNANCE" | "COMPLIANCE"; readonly days: number };
}

/**
 * An S3 bucket with every protection on: all four public-access blocks, ACLs disabled
 * (bucket owner enforced), versioning, default encryption, a TLS-only policy and a lifecycle
 * that expires noncurrent versions and incomplete uploads.
 */
export class SecureBucket extends Construct {
  /** The S3 bucket resource: what other resources refer to by its `arn` or `id`. */
  readonly bucket: S3Bucket;
  /** The bucket policy resource; whatever writes to the bucket should depend on it. */
  readonly bucketPolicy: S3BucketPolicy;
  /** The bucket policy, as data. */
  readonly policy: PolicyDocument;
  /** The bucket's ARN, known at synth time. */
  readonly bucketArn: string;
  /** The lifecycle rules, as data. */
  readonly lifecycleRules: S3BucketLifecycleConfigurationRule[];
  /** The default encryption, as given. */
  readonly encryption: SecureBucketProps["encryption"];

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucketArn = arn.bucket(props.location, props.bucketName);
    this.encryption = props.encryption;
    const provider = props.provider;
    if (props.objectLock && props.forceDestroy) {
      throw new Error(
        `bucket ${props.bucketName}: forceDestroy would delete objects that Object Lock keeps; a locked bucket is never force-destroyed`,
      );
    }
    this.bucket = new S3Bucket(this, "bucket", {
      provider,
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      // Object Lock is set when the bucket is created, and can never be turned off.
      objectLockEnabled: props.objectLock ? true : undefined,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const bucket = this.bucket.id;

    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access-block", {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      provider,
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const versioning = new S3BucketVersioningA(this, "versioning", {
      provider,
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, "object-lock", {
        provider,
        bucket,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.days } },
        dependsOn: [versioning],
      });
    }
    const enc = props.encryption;
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      provider,
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault:
            enc.kind === "sse-kms" ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: enc.kmsKeyArn } : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: enc.kind === "sse-kms",
        },
      ],
    });

    const transitions = (props.transitions ?? []).filter((t) => t.days > 0);
    this.lifecycleRules = [
      {
        id: "current-objects",
        status: "Enabled",
        filter: [{ prefix: "" }],
        transition: transitions.length > 0 ? transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })) : undefined,
        expiration: props.expirationDays ? [{ days: props.expirationDays }] : undefined,
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
      {
        id: "noncurrent-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        // A locked version outlives its lock: its expiry waits until the lock has ended.
        noncurrentVersionExpiration: [
          { noncurrentDays: Math.max(props.noncurrentVersionExpirationDays, props.objectLock ? props.objectLock.days + 1 : 0) },
        ],
        expiration: [{ expiredObjectDeleteMarker: true }],
      },
    ];
    new S3BucketLifecycleConfiguration(this, "lifecycle", { provider, bucket, rule: this.lifecycleRules });

    this.policy = policyDocument(tlsOnlyStatement(this.bucketArn), ...(props.policyStatements ?? []));
    this.bucketPolicy = new S3BucketPolicy(this, "policy", {
      provider,
      bucket,
      policy: renderPolicy(this.policy),
      // A policy put before the public-access block exists could be judged public.
      dependsOn: [publicAccess],
    });
  }

  /**
   * Adds statements to the bucket policy (a destination grants log delivery this way); whatever
   * they let write should depend on {@link bucketPolicy}. A Sid the policy has is refused unless
   * the statement is the same.
   */
  addToPolicy(...statements: PolicyStatement[]): void {
    addStatements(this.policy, statements, `bucket ${this.node.path}`);
    this.bucketPolicy.policy = renderPolicy(this.policy);
  }
}
