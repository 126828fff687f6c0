import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import {
  addStatements,
  AwsLocation,
  keyAdministrationStatement,
  policyDocument,
  PolicyDocument,
  PolicyStatement,
  renderPolicy,
} from "./policy";

/** Props of {@link ManagedKey}. */
export interface ManagedKeyProps {
  /** Where the key lives. */
  readonly location: AwsLocation;
  /** Alias without the `alias/` prefix, such as `network-monitoring/dev/flow-logs`. */
  readonly alias: string;
  /** What the key is for, shown in the console. */
  readonly description: string;
  /** Statements that let services use the key, each scoped by conditions. */
  readonly serviceStatements?: PolicyStatement[];
  /**
   * Days before a scheduled deletion happens (7 to 30).
   * @default 30
   */
  readonly deletionWindowInDays?: number;
  /**
   * Terraform refuses to destroy the key (`lifecycle.prevent_destroy`). For keys that encrypt
   * data kept longer than the key's deletion window (production logs).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * A customer-managed KMS key with rotation on, an alias, and a key policy made of the
 * account's administration statement plus the given service statements.
 */
export class ManagedKey extends Construct {
  /** The KMS key resource: what encrypts, and what a resource names by its `arn`. */
  readonly key: KmsKey;
  /** The key policy, as data. */
  readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: ManagedKeyProps) {
    super(scope, id);
    this.policy = policyDocument(keyAdministrationStatement(props.location), ...(props.serviceStatements ?? []));
    this.key = new KmsKey(this, "key", {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: props.deletionWindowInDays ?? 30,
      policy: renderPolicy(this.policy),
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    new KmsAlias(this, "alias", { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
  }

  /**
   * Adds statements to the key policy (a destination lets log delivery use the key this way);
   * whatever relies on them should depend on {@link key}. A Sid the policy has is refused unless
   * the statement is the same.
   */
  addToPolicy(...statements: PolicyStatement[]): void {
    addStatements(this.policy, statements, `KMS key ${this.node.path}`);
    this.key.policy = renderPolicy(this.policy);
  }
}
