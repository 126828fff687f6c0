import { Construct } from "constructs";
import { S3Backend } from "cdktf";

/** Props of {@link configureStateBackend}. */
export interface StateBackendProps {
  /** State bucket. */
  readonly bucket: string;
  /** Object key of the state, `<keyPrefix>/<environment>/terraform.tfstate`. */
  readonly key: string;
  /** Region of the bucket. */
  readonly region: string;
  /** KMS key for the state object. @default the bucket's default encryption */
  readonly kmsKeyId?: string;
}

/**
 * Puts a stack's state in S3: encrypted, with S3-native locking (`use_lockfile`, Terraform
 * 1.10 and later; a `<key>.tflock` object next to the state, no DynamoDB table). cdktf 0.21's
 * S3Backend has no property for `use_lockfile`, so it is set as an override.
 */
export function configureStateBackend(scope: Construct, props: StateBackendProps): S3Backend {
  const backend = new S3Backend(scope, {
    bucket: props.bucket,
    key: props.key,
    region: props.region,
    encrypt: true,
    kmsKeyId: props.kmsKeyId,
  });
  backend.addOverride("use_lockfile", true);
  return backend;
}
