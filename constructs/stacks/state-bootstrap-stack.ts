import { Construct } from "constructs";
import { Aspects, LocalBackend, TerraformOutput } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LOG_ARCHIVE_STACK } from "../config/defaults";
import type { ResolvedEnvironment, ResolvedLogArchive } from "../config/resolved";
import type { EnvironmentConfig } from "../config/types";
import { ConfigError } from "../config/validation/checker";
import { validateEnvironments } from "../config/validation/environment";
import { SECURITY_RULES } from "../guardrails/rules";
import { SecurityRules, suppressSecurityRule } from "../guardrails/security-rules";
import { partitionOf, PROJECT_NAME } from "../shared/names";
import { arn, PolicyStatement } from "../shared/policy";
import { SecureBucket } from "../shared/secure-bucket";
import { stateAccessStatements } from "../state/access";
import { LiteralConfigStack } from "./prepare";

/** Props of {@link StateBootstrapStack}. */
export interface StateBootstrapStackProps {
  /** The environments whose state buckets to create (validated here). */
  readonly environments: readonly (EnvironmentConfig | ResolvedEnvironment)[];
  /**
   * The account that holds the state buckets; the provider can touch no other.
   * @default any account (the credentials' own)
   */
  readonly accountId?: string;
  /**
   * Days to keep noncurrent state versions (earlier states, for recovery).
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Grant each environment's account access to its own state key only, for state buckets in
   * another account than the environments'.
   * @default true
   */
  readonly grantEnvironmentAccounts?: boolean;
  /** The organisation's archive, whose `log-archive` stack keeps its state here too. */
  readonly logArchive?: ResolvedLogArchive;
}

/** A stack that keeps its state in a state bucket: its name, account and state. */
type StateUser = Pick<ResolvedEnvironment, "name" | "accountId" | "partition" | "state">;

/** The id of the state bootstrap stack. */
export const STATE_BOOTSTRAP_STACK = "state-bootstrap";

/**
 * Creates the S3 buckets that hold the other stacks' state: versioned, encrypted, private,
 * bucket owner enforced, TLS only, noncurrent versions expiring, protected from destroy.
 * Its own state is local (a bucket cannot hold the state that creates it): deploy it first,
 * once, and keep its `terraform.state-bootstrap.tfstate`.
 */
export class StateBootstrapStack extends LiteralConfigStack {
  /** The buckets, by name. */
  readonly buckets: Record<string, SecureBucket> = {};

  constructor(scope: Construct, id: string, props: StateBootstrapStackProps) {
    super(scope, id);
    // The state of every environment lives here: checked as strictly as production.
    Aspects.of(this).add(new SecurityRules({ production: true }));
    const envs = validateEnvironments(props.environments);
    if (props.accountId !== undefined && !/^\d{12}$/.test(props.accountId)) {
      const p = `accountId = ${JSON.stringify(props.accountId)}: expected a 12-digit AWS account id`;
      throw new ConfigError(`Invalid ${STATE_BOOTSTRAP_STACK} stack: ${p}`, [p]);
    }
    new LocalBackend(this, { path: `terraform.${id}.tfstate` });

    // Every stack that keeps its state in a bucket here: the environments, and the log archive.
    const archive = props.logArchive;
    const stateUsers: StateUser[] = [
      ...envs,
      ...(archive ? [{ name: LOG_ARCHIVE_STACK, accountId: archive.accountId, partition: archive.partition, state: archive.state }] : []),
    ];
    const byBucket = new Map<string, StateUser[]>();
    for (const e of stateUsers) byBucket.set(e.state.bucket, [...(byBucket.get(e.state.bucket) ?? []), e]);
    const providers = new Map<string, AwsProvider>();

    for (const [bucketName, users] of byBucket) {
      const region = users[0].state.region;
      let provider = providers.get(region);
      if (!provider) {
        provider = new AwsProvider(this, providers.size === 0 ? "aws" : `aws-${region}`, {
          region,
          alias: providers.size === 0 ? undefined : region,
          allowedAccountIds: props.accountId ? [props.accountId] : undefined,
          defaultTags: [{ tags: { Project: PROJECT_NAME, Environment: id, ManagedBy: "cdktf" } }],
        });
        providers.set(region, provider);
      }
      const location = { partition: partitionOf(region), region, accountId: props.accountId ?? "" };
      const bucketArn = arn.bucket(location, bucketName);
      const grants: PolicyStatement[] =
        props.grantEnvironmentAccounts === false
          ? []
          : users.filter((e) => e.accountId !== props.accountId).flatMap((e) => stateAccessStatements(e, bucketArn));
      const sb = new SecureBucket(this, bucketName, {
        location,
        bucketName,
        encryption: { kind: "sse-s3" },
        noncurrentVersionExpirationDays: props.noncurrentVersionDays ?? 90,
        policyStatements: grants,
        preventDestroy: true,
        provider: provider.alias ? provider : undefined,
      });
      suppressSecurityRule(
        sb.bucket,
        SECURITY_RULES.bucketEncryption.id,
        "state is read and written from each environment's own account; SSE-S3 needs no cross-account KMS grant, " +
          "and an environment can still encrypt its state object with its own key (state.kmsKeyId)",
      );
      this.buckets[bucketName] = sb;
      new TerraformOutput(this, `${bucketName}-arn`, { value: sb.bucket.arn, description: `State bucket ${bucketName}` });
    }
    this.madeFromLiterals({ envs, accountId: props.accountId, archive });
  }
}
