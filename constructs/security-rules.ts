/**
 * Security rules checked at synth time, an Aspect per stack (an Aspect added to the App is not
 * run by cdktf). Each rule has an id, the control it maps to, a one-line explanation and a fix;
 * a finding is an error annotation on the resource (synth fails, naming its path) or, outside
 * production for the rules that allow it, a warning. A finding can be suppressed only
 * explicitly, on the resource, with a written reason that appears in the synth output.
 */
import { IConstruct } from "constructs";
import { Annotations, DefaultTokenResolver, IAspect, StringConcat, TerraformResource, TerraformStack, Tokenization } from "cdktf";
import type { PolicyDocument, PolicyStatement } from "./policy";

/** The metadata type of a suppression. */
const SUPPRESSION = "network-monitoring/suppress";

/** What one rule checks. */
export interface SecurityRule {
  /** Stable id, used to suppress it. */
  readonly id: string;
  /** The control it maps to (AWS Security Hub / CIS). */
  readonly control: string;
  /** Why it matters, in one line. */
  readonly explanation: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** Outside production, a finding is an error or only a warning. */
  readonly outsideProduction: "error" | "warning";
}

/** A finding of a rule on a resource. */
export interface SecurityFinding {
  readonly rule: SecurityRule;
  readonly path: string;
  /** What is wrong with this resource. */
  readonly detail: string;
  /** The reason it was suppressed, when it was. */
  readonly suppressedBecause?: string;
}

const rule = (r: SecurityRule) => r;

/** The rule pack. */
export const SECURITY_RULES = {
  vpcFlowLogs: rule({
    id: "NM-VPC-FLOW-LOGS",
    control: "Security Hub EC2.6",
    explanation: "every VPC has a flow log, or its traffic leaves no record",
    fix: "log the VPC with the FlowLogs construct",
    outsideProduction: "error",
  }),
  defaultSecurityGroup: rule({
    id: "NM-DEFAULT-SG-CLOSED",
    control: "Security Hub EC2.2",
    explanation: "a VPC's default security group allows no traffic, so nothing lands in it open by accident",
    fix: "manage the default security group (aws_default_security_group) with no ingress and no egress rules",
    outsideProduction: "error",
  }),
  logRetention: rule({
    id: "NM-LOG-RETENTION",
    control: "Security Hub CloudWatch.16",
    explanation: "log groups keep events for a set time (at least 365 days in production), neither forever nor too briefly",
    fix: "set retentionInDays (365 or more in production)",
    outsideProduction: "error",
  }),
  bucketPublicAccess: rule({
    id: "NM-S3-PUBLIC-ACCESS-BLOCK",
    control: "Security Hub S3.8",
    explanation: "buckets block all public access with all four settings",
    fix: "use the SecureBucket construct, or add aws_s3_bucket_public_access_block with all four settings true",
    outsideProduction: "error",
  }),
  bucketTls: rule({
    id: "NM-S3-TLS-ONLY",
    control: "Security Hub S3.5",
    explanation: "bucket policies deny every request not made over TLS",
    fix: "add a Deny statement on aws:SecureTransport = false to the bucket policy",
    outsideProduction: "error",
  }),
  bucketEncryption: rule({
    id: "NM-S3-ENCRYPTION",
    control: "Security Hub S3.17",
    explanation: "buckets have default encryption, with a customer-managed KMS key in production",
    fix: "set a server-side encryption configuration (aws:kms with a key in production)",
    outsideProduction: "error",
  }),
  keyRotation: rule({
    id: "NM-KMS-ROTATION",
    control: "Security Hub KMS.4",
    explanation: "customer-managed KMS keys rotate yearly",
    fix: "set enable_key_rotation = true (the ManagedKey construct does)",
    outsideProduction: "warning",
  }),
  topicEncryption: rule({
    id: "NM-SNS-ENCRYPTION",
    control: "Security Hub SNS.1",
    explanation: "SNS topics are encrypted at rest",
    fix: "set kms_master_key_id to a customer-managed key that CloudWatch may use",
    outsideProduction: "warning",
  }),
  iamWildcardWrite: rule({
    id: "NM-IAM-NO-WILDCARD-WRITE",
    control: "least privilege",
    explanation: "identity policies allow no write action on Resource \"*\"",
    fix: "name the resources the actions apply to",
    outsideProduction: "error",
  }),
  iamConfusedDeputy: rule({
    id: "NM-IAM-CONFUSED-DEPUTY",
    control: "confused-deputy prevention",
    explanation: "roles trusted by AWS services carry aws:SourceAccount or aws:SourceArn conditions",
    fix: "add aws:SourceAccount = <account> and aws:SourceArn = <the service's resources> to the trust statement",
    outsideProduction: "error",
  }),
  alarmActions: rule({
    id: "NM-ALARM-ACTIONS",
    control: "Security Hub CloudWatch.15, CloudWatch.17",
    explanation: "alarms notify someone: they have alarm actions and actions are enabled",
    fix: "set alarm_actions (an SNS topic) and leave actions_enabled true",
    outsideProduction: "warning",
  }),
} as const;

const ALL_RULES: readonly SecurityRule[] = Object.values(SECURITY_RULES);

/**
 * Suppresses a rule on one resource (or construct: it covers the resources under it), with a
 * reason that the synth output shows. Throws for an unknown rule id or an empty reason.
 */
export function suppressSecurityRule(scope: IConstruct, ruleId: string, reason: string): void {
  if (!ALL_RULES.some((r) => r.id === ruleId)) {
    throw new Error(`unknown security rule "${ruleId}"; rules are ${ALL_RULES.map((r) => r.id).join(", ")}`);
  }
  if (typeof reason !== "string" || reason.trim().length < 10) {
    throw new Error(`suppressing ${ruleId} on ${scope.node.path} needs a written reason (at least 10 characters)`);
  }
  scope.node.addMetadata(SUPPRESSION, { ruleId, reason: reason.trim() });
}

function suppressionOf(node: IConstruct, ruleId: string): string | undefined {
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    const m = c.node.metadata.find((e) => e.type === SUPPRESSION && (e.data as { ruleId: string }).ruleId === ruleId);
    if (m) return (m.data as { reason: string }).reason;
  }
  return undefined;
}

/** Props of {@link SecurityRules}. */
export interface SecurityRulesProps {
  /** Production: every finding is an error. */
  readonly production: boolean;
}

const WRITE_SAFE_PREFIXES = ["Describe", "List", "Get", "Head", "View"];

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

function parsePolicy(text: unknown): PolicyDocument | undefined {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text) as PolicyDocument;
  } catch {
    return undefined;
  }
}

/**
 * The rule pack as an Aspect. Add it to each stack:
 * `Aspects.of(stack).add(new SecurityRules({ production }))`. The checks run once, when the
 * stack itself is visited, over every resource of the stack.
 */
export class SecurityRules implements IAspect {
  /** Every finding of the last run, suppressed ones included. */
  readonly findings: SecurityFinding[] = [];

  private readonly checked = new WeakSet<IConstruct>();

  constructor(private readonly props: SecurityRulesProps) {}

  visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || this.checked.has(node)) return;
    this.checked.add(node);
    const stack = node;
    const resolver = new DefaultTokenResolver(new StringConcat());
    const resolve = (v: unknown): any => Tokenization.resolve(v, { scope: stack, resolver });
    const resources = stack.node.findAll().filter((c): c is TerraformResource => TerraformResource.isTerraformResource(c));
    // What Terraform receives for each resource: its synthesized, resolved attributes.
    const attrsCache = new Map<TerraformResource, Record<string, any>>();
    const attrs = (r: TerraformResource): Record<string, any> => {
      let a = attrsCache.get(r);
      if (!a) {
        const tf = resolve(r.toTerraform()) as { resource?: Record<string, Record<string, Record<string, any>>> };
        a = tf.resource?.[r.terraformResourceType]?.[r.friendlyUniqueId] ?? {};
        attrsCache.set(r, a);
      }
      return a;
    };
    const byType = new Map<string, TerraformResource[]>();
    for (const r of resources) byType.set(r.terraformResourceType, [...(byType.get(r.terraformResourceType) ?? []), r]);
    const ofType = (type: string): TerraformResource[] => byType.get(type) ?? [];
    const address = (r: TerraformResource) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;
    /** The resource address a reference points to (`${aws_s3_bucket.x.id}` gives `aws_s3_bucket.x`). */
    const target = (v: unknown): string | undefined => {
      const m = typeof v === "string" ? /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(v) : null;
      return m ? m[1] : undefined;
    };
    const find = (r: SecurityRule, res: IConstruct, detail: string) => this.report(r, res, detail);

    for (const vpc of ofType("aws_vpc")) {
      const a = address(vpc);
      if (!ofType("aws_flow_log").some((fl) => target(attrs(fl).vpc_id) === a)) {
        find(SECURITY_RULES.vpcFlowLogs, vpc, "no aws_flow_log has this VPC as its vpc_id");
      }
      if (!ofType("aws_default_security_group").some((g) => target(attrs(g).vpc_id) === a)) {
        find(SECURITY_RULES.defaultSecurityGroup, vpc, "the default security group is not managed, so it keeps AWS's default rules");
      }
    }
    for (const sg of ofType("aws_default_security_group")) {
      // Once Terraform manages the default group it removes every rule not in the config, so
      // a group without ingress and egress blocks has no rules at all.
      const rules = [...asArray(attrs(sg).ingress), ...asArray(attrs(sg).egress)];
      if (rules.length > 0) find(SECURITY_RULES.defaultSecurityGroup, sg, `${rules.length} ingress/egress rule(s) on the default security group`);
    }
    for (const lg of ofType("aws_cloudwatch_log_group")) {
      const days = attrs(lg).retention_in_days;
      if (typeof days !== "number" || days <= 0) find(SECURITY_RULES.logRetention, lg, "no retention: events are kept forever");
      else if (this.props.production && days < 365) find(SECURITY_RULES.logRetention, lg, `retention ${days} days in production`);
    }
    for (const bucket of ofType("aws_s3_bucket")) {
      const a = address(bucket);
      const pab = ofType("aws_s3_bucket_public_access_block").find((p) => target(attrs(p).bucket) === a);
      const all = pab && ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"].every((k) => attrs(pab)[k] === true);
      if (!all) find(SECURITY_RULES.bucketPublicAccess, bucket, pab ? "not all four public-access blocks are true" : "no public-access block");
      const tls = ofType("aws_s3_bucket_policy")
        .filter((p) => target(attrs(p).bucket) === a)
        .some((p) =>
          (parsePolicy(attrs(p).policy)?.Statement ?? []).some(
            (st: PolicyStatement) => st.Effect === "Deny" && st.Condition?.Bool?.["aws:SecureTransport"] === "false",
          ),
        );
      if (!tls) find(SECURITY_RULES.bucketTls, bucket, "no bucket policy denies requests without TLS");
      const sse = ofType("aws_s3_bucket_server_side_encryption_configuration").find((e) => target(attrs(e).bucket) === a);
      const algorithms = asArray(sse ? attrs(sse).rule : undefined).map((r: any) => r?.apply_server_side_encryption_by_default?.sse_algorithm);
      if (algorithms.length === 0 || algorithms.some((x) => typeof x !== "string")) {
        find(SECURITY_RULES.bucketEncryption, bucket, "no default encryption configuration");
      } else if (this.props.production && !algorithms.every((x: string) => x.startsWith("aws:kms"))) {
        find(SECURITY_RULES.bucketEncryption, bucket, `default encryption ${algorithms.join(", ")} in production, not aws:kms`);
      }
    }
    for (const key of ofType("aws_kms_key")) {
      if (attrs(key).enable_key_rotation !== true) find(SECURITY_RULES.keyRotation, key, "enable_key_rotation is not true");
    }
    for (const topic of ofType("aws_sns_topic")) {
      if (!attrs(topic).kms_master_key_id) find(SECURITY_RULES.topicEncryption, topic, "no kms_master_key_id");
    }
    for (const p of [...ofType("aws_iam_role_policy"), ...ofType("aws_iam_policy")]) {
      for (const st of parsePolicy(attrs(p).policy)?.Statement ?? []) {
        if (st.Effect !== "Allow" || !asArray(st.Resource).includes("*")) continue;
        const writes = asArray(st.Action).filter((act) => !WRITE_SAFE_PREFIXES.some((pre) => act.split(":")[1]?.startsWith(pre)));
        if (writes.length > 0) find(SECURITY_RULES.iamWildcardWrite, p, `statement ${st.Sid ?? "(no Sid)"} allows ${writes.join(", ")} on "*"`);
      }
    }
    for (const role of ofType("aws_iam_role")) {
      for (const st of parsePolicy(attrs(role).assume_role_policy)?.Statement ?? []) {
        const principal = st.Principal;
        const service = typeof principal === "object" && principal !== null ? principal.Service : undefined;
        if (st.Effect !== "Allow" || !service) continue;
        const keys = Object.values(st.Condition ?? {}).flatMap((c) => Object.keys(c));
        if (!keys.some((k) => /^aws:Source(Account|Arn)$/i.test(k))) {
          find(SECURITY_RULES.iamConfusedDeputy, role, `trust statement ${st.Sid ?? "(no Sid)"} for ${asArray(service).join(", ")} has no aws:SourceAccount / aws:SourceArn condition`);
        }
      }
    }
    for (const alarm of ofType("aws_cloudwatch_metric_alarm")) {
      const a = attrs(alarm);
      if (asArray(a.alarm_actions).length === 0) find(SECURITY_RULES.alarmActions, alarm, "no alarm_actions");
      if (a.actions_enabled === false) find(SECURITY_RULES.alarmActions, alarm, "actions_enabled is false");
    }
  }

  private report(rule: SecurityRule, resource: IConstruct, detail: string): void {
    const suppressed = suppressionOf(resource, rule.id);
    this.findings.push({ rule, path: resource.node.path, detail, suppressedBecause: suppressed });
    const text = `${rule.id} (${rule.control}): ${detail}. Rule: ${rule.explanation}. Fix: ${rule.fix}.`;
    if (suppressed !== undefined) {
      Annotations.of(resource).addInfo(`SUPPRESSED ${rule.id} (${rule.control}): ${detail}. Reason: ${suppressed}`);
    } else if (this.props.production || rule.outsideProduction === "error") {
      Annotations.of(resource).addError(text);
    } else {
      Annotations.of(resource).addWarning(text);
    }
  }
}
