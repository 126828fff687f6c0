import { Construct } from "constructs";
import { S3Backend, TerraformStack } from "cdktf";

/**
 * The Terraform every stack of this project needs, and every stack whose state
 * {@link configureStateBackend} puts in S3: 1.11, where the state's lock file in S3
 * (`use_lockfile`) is generally available (1.10 had it as experimental); before it, 1.7 for
 * `removed` blocks and 1.5 for `moved` ones.
 */
export const REQUIRED_TERRAFORM = ">= 1.11";

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
 * Puts a stack's state in S3: encrypted, with S3-native locking (`use_lockfile`; a
 * `<key>.tflock` object next to the state, no DynamoDB table), and the stack declares the
 * Terraform that locking needs ({@link REQUIRED_TERRAFORM}), which Terraform checks at `init`.
 * cdktf 0.21's S3Backend has no property for `use_lockfile`, so it is set as an override.
 */
export function configureStateBackend(scope: Construct, props: StateBackendProps): S3Backend {
  TerraformStack.of(scope).addOverride("terraform.required_version", REQUIRED_TERRAFORM);
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
