import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { PROJECT_NAME } from "../../shared/names";
import { ManagedKey } from "../../shared/kms-key";
import {
  arn,
  asArray,
  AwsLocation,
  parsePolicy,
  policyDocument,
  PolicyDocument,
  PolicyStatement,
  renderPolicy,
  serviceDnsSuffix,
} from "../../shared/policy";

import type { ResolvedCloudWatchDestination } from "../../config/resolved";
import type { CloudWatchLogsDestinationConfig } from "../../config/types";
import {
  BoundFlowLogDestination,
  DestinationSource,
  FlowLogDestination,
  FlowLogDestinationContext,
  isTransitGatewayTarget,
  MonitoredLogGroup,
} from "./destination";

/** Props of {@link FlowLogGroups}. */
export interface FlowLogGroupsProps {
  /** Where the log groups live. */
  readonly location: AwsLocation;
  /** Names of the log groups to create (the first for VPC records; another for transit gateway records). */
  readonly logGroupNames: readonly string[];
  /** Retention in days, a value CloudWatch Logs accepts. */
  readonly retentionInDays: number;
  /** Encrypt with a customer-managed KMS key: `true` for one created for these log groups, or a key's ARN. */
  readonly customerManagedKey: boolean | string;
  /** Name of the delivery role (unique in the account). */
  readonly roleName: string;
  /** Alias of the KMS key, without `alias/`. */
  readonly keyAlias: string;
  /**
   * Terraform refuses to destroy the log groups and their KMS key (`prevent_destroy`, and on
   * the log groups `skip_destroy`, so that a removal from config keeps them in AWS).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * The actions flow log delivery takes on its log group and streams; never logs:CreateLogGroup
 * (a deleted group would come back). Not logs:DescribeLogGroups either: delivery into the
 * group it is given lists no groups (aws-cdk's flow-log role delivers with these three), and
 * AWS's example grants that listing only on "*", so scoped to one group's ARN it granted
 * nothing that delivery uses.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html
 */
export const FLOW_LOG_DELIVERY_ACTIONS = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"] as const;

/**
 * CloudWatch Logs log groups for flow logs (log class STANDARD, which metric filters need),
 * an optional customer-managed KMS key usable by CloudWatch Logs only for these groups, and
 * the delivery role: trusted only by vpc-flow-logs.amazonaws.com for this account's flow logs,
 * allowed to write only to these groups.
 */
export class FlowLogGroups extends Construct {
  /** The log groups, in the order of `logGroupNames`. */
  readonly logGroups: CloudwatchLogGroup[];
  /** ARNs of the log groups, known at synth time. */
  readonly logGroupArns: string[];
  /** The role vpc-flow-logs.amazonaws.com assumes to write to the log group, for this account's flow logs only. */
  readonly role: IamRole;
  /** The role's inline policy resource; flow logs depend on it. */
  readonly rolePolicy: IamRolePolicy;
  /** The role's trust policy, as data. */
  readonly trustPolicy: PolicyDocument;
  /** The role's permissions, as data. */
  readonly permissions: PolicyDocument;
  /** The KMS key, when asked for. */
  readonly key?: ManagedKey;

  constructor(scope: Construct, id: string, props: FlowLogGroupsProps) {
    super(scope, id);
    const loc = props.location;
    this.logGroupArns = props.logGroupNames.map((n) => arn.logGroup(loc, n));

    // The first apply of a key and its group (provider issue 29282, AccessDeniedException "KMS
    // key ... is not allowed"): not a race here. The policy is part of the key, and the
    // provider's aws_kms_key create returns only when GetKeyPolicy has returned that policy 5
    // times in a row (internal/service/kms, waitKeyPolicyPropagated); each group refers to the
    // key's ARN, so Terraform creates it after. The reports that name a cause had a policy
    // without the logs.<region> principal, or a condition on another ARN form than the
    // encryption context's (the group ARN without ":*"), which is what this policy names.
    if (props.customerManagedKey === true) {
      this.key = new ManagedKey(this, "kms", {
        location: loc,
        preventDestroy: props.preventDestroy,
        alias: props.keyAlias,
        description: `Encrypts VPC flow log groups ${props.logGroupNames.join(", ")}`,
        serviceStatements: [
          {
            Sid: "CloudWatchLogsUsesKeyForTheseLogGroupsOnly",
            Effect: "Allow",
            Principal: { Service: `logs.${loc.region}.${serviceDnsSuffix(loc.partition)}` },
            Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            Resource: "*",
            Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": this.logGroupArns } },
          },
        ],
      });
    }

    this.logGroups = props.logGroupNames.map(
      (name, i) =>
        new CloudwatchLogGroup(this, i === 0 ? "log-group" : `log-group-${i}`, {
          name,
          retentionInDays: props.retentionInDays,
          logGroupClass: "STANDARD",
          kmsKeyId: typeof props.customerManagedKey === "string" ? props.customerManagedKey : this.key?.key.arn,
          skipDestroy: props.preventDestroy ? true : undefined,
          lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
        }),
    );

    this.trustPolicy = policyDocument({
      Sid: "FlowLogsOfThisAccountOnly",
      Effect: "Allow",
      Principal: { Service: "vpc-flow-logs.amazonaws.com" },
      Action: "sts:AssumeRole",
      Condition: {
        StringEquals: { "aws:SourceAccount": loc.accountId },
        ArnLike: { "aws:SourceArn": arn.flowLogs(loc) },
      },
    });
    this.permissions = policyDocument({
      Sid: "DeliverToTheseLogGroupsOnly",
      Effect: "Allow",
      Action: [...FLOW_LOG_DELIVERY_ACTIONS],
      Resource: this.logGroupArns.flatMap((a) => [a, `${a}:*`]),
    });
    this.role = new IamRole(this, "delivery-role", {
      name: props.roleName,
      description: `Lets VPC Flow Logs of account ${loc.accountId} in ${loc.region} write to ${props.logGroupNames.join(", ")}`,
      assumeRolePolicy: renderPolicy(this.trustPolicy),
    });
    this.rolePolicy = new IamRolePolicy(this, "delivery-policy", {
      name: "deliver-flow-logs",
      role: this.role.id,
      policy: renderPolicy(this.permissions),
    });
  }
}

/** The suffix of the log group that receives transit gateway records (another record format). */
export const TRANSIT_GATEWAY_LOG_GROUP_SUFFIX = "/transit-gateway";

/** A log group that exists, and the role that delivers to it. */
export type ExistingLogGroupConfig = NonNullable<CloudWatchLogsDestinationConfig["existing"]>;

/** A log group of the app and the role of the app that delivers to it, as objects. */
export interface LogGroupObjects {
  readonly logGroup: CloudwatchLogGroup;
  /** A role that vpc-flow-logs.amazonaws.com may assume; binding grants it delivery to the group. */
  readonly role: IamRole;
}

/** A flow-log group to create: a CloudWatch Logs destination's config without `existing`. */
export type NewFlowLogGroupOptions = Omit<CloudWatchLogsDestinationConfig, "type" | "existing">;

/**
 * Flow logs to CloudWatch Logs: a log group created here (with its delivery role, and a second
 * group for transit gateway records, which have another format), or one that exists or is made
 * elsewhere in the app, with the role that delivers to it (literal ARNs or Terraform references).
 */
export class CloudWatchLogsFlowLogDestination extends FlowLogDestination<ResolvedCloudWatchDestination> {
  /** Records to a log group (role, and key if asked for) created for them; its handle is {@link created} once bound. */
  static toNewLogGroup(options: NewFlowLogGroupOptions = {}): CloudWatchLogsFlowLogDestination {
    return new CloudWatchLogsFlowLogDestination({ config: { ...options, type: "cloud-watch-logs" } });
  }

  /**
   * Records to a log group made elsewhere, delivered by a role of yours. As objects of the app
   * (`{ logGroup, role }`), binding gives the role an inline policy that lets it deliver to that
   * group only, and the flow log waits for it; a role whose trust policy (when the app writes it
   * literally) does not let vpc-flow-logs.amazonaws.com assume it is refused. As ARNs, literal or
   * references (`group.arn`, `role.arn`), the role's policies must grant delivery already; with a
   * reference, give `logGroupName: group.name` too, so that monitoring's names are known at plan
   * (otherwise they are taken from the ARN, after apply).
   */
  static toLogGroup(
    existing: (ExistingLogGroupConfig & { readonly logGroupName?: string }) | LogGroupObjects,
  ): CloudWatchLogsFlowLogDestination {
    if ("logGroup" in existing) {
      const arns = { logGroupArn: existing.logGroup.arn, deliveryRoleArn: existing.role.arn };
      return new CloudWatchLogsFlowLogDestination(
        { config: { type: "cloud-watch-logs", existing: arns } },
        existing.logGroup.name,
        existing,
      );
    }
    const { logGroupName, ...arns } = existing;
    return new CloudWatchLogsFlowLogDestination({ config: { type: "cloud-watch-logs", existing: arns } }, logGroupName);
  }

  /** The destination of a validated environment's CloudWatch Logs destination config. */
  static fromConfig(config: ResolvedCloudWatchDestination): CloudWatchLogsFlowLogDestination {
    return new CloudWatchLogsFlowLogDestination({ resolved: config });
  }

  readonly type = "cloud-watch-logs";
  readonly logDestinationType = "cloud-watch-logs";
  readonly idBase = "cloudwatch";
  private groups?: FlowLogGroups;
  private vpcGroup?: MonitoredLogGroup;

  private constructor(
    input: DestinationSource<ResolvedCloudWatchDestination>,
    /** A handed-in group's name (`group.name`), known at plan where one taken from its ARN reference is not. */
    private readonly givenName?: string,
    /** The app's group and role handed in, whose role binding grants delivery. */
    private readonly given?: LogGroupObjects,
  ) {
    super(input);
  }

  /** The log groups, role and key this destination created, once bound; undefined for a group handed in. */
  get created(): FlowLogGroups | undefined {
    return this.groups;
  }

  /** The log group that receives the VPC's records (the one to monitor). Known once bound. */
  get logGroup(): MonitoredLogGroup {
    if (!this.vpcGroup)
      throw new Error("this cloud-watch-logs flow-log destination is not bound yet: hand it to a FlowLogs construct first");
    return this.vpcGroup;
  }

  protected bindConfig(scope: Construct, context: FlowLogDestinationContext, d: ResolvedCloudWatchDestination): BoundFlowLogDestination {
    if (d.source === "existing") {
      const { logGroupArn, deliveryRoleArn } = d.existing;
      // A referenced group's name is in its ARN (arn:partition:logs:region:account:log-group:NAME[:*]); names hold no colon.
      const name = this.givenName ?? d.logGroupName ?? Token.asString(Fn.element(Fn.split(":", logGroupArn), 6));
      this.vpcGroup = { name, arn: logGroupArn, nameRef: name };
      const dependsOn = this.given ? [this.grantDelivery(scope, context, this.given)] : undefined;
      return { args: () => ({ logDestination: logGroupArn, iamRoleArn: deliveryRoleArn, dependsOn }), monitoredLogGroup: this.vpcGroup };
    }
    const env = context.environmentName;
    const names = context.transitGateways ? [d.logGroupName, d.logGroupName + TRANSIT_GATEWAY_LOG_GROUP_SUFFIX] : [d.logGroupName];
    const n = context.ordinal(this.type);
    const cw = new FlowLogGroups(scope, context.id, {
      location: context.location,
      logGroupNames: names,
      retentionInDays: d.retentionInDays,
      customerManagedKey: d.customerManagedKey,
      roleName: `${env}-vpc-flow-logs-delivery${n === 0 ? "" : `-${n + 1}`}`,
      keyAlias: `${PROJECT_NAME}/${env}/flow-log-group${n === 0 ? "" : `-${n + 1}`}`,
      preventDestroy: context.preventDestroy,
    });
    this.groups = cw;
    this.vpcGroup = { name: names[0], arn: cw.logGroupArns[0], nameRef: cw.logGroups[0].name };
    return {
      monitoredLogGroup: this.vpcGroup,
      ...(context.transitGateways
        ? { transitGatewayLogGroup: { name: names[1], arn: cw.logGroupArns[1], nameRef: cw.logGroups[1].name } }
        : {}),
      args: (kind) => {
        const group = isTransitGatewayTarget(kind) ? cw.logGroups[1] : cw.logGroups[0];
        return { logDestination: group.arn, iamRoleArn: cw.role.arn, dependsOn: [cw.rolePolicy, group] };
      },
    };
  }

  /** Lets the role handed in deliver to the group handed in, and only there; refuses a role that flow logs may not assume. */
  private grantDelivery(scope: Construct, context: FlowLogDestinationContext, given: LogGroupObjects): IamRolePolicy {
    const trust = given.role.assumeRolePolicyInput;
    if (typeof trust === "string" && !Token.isUnresolved(trust) && !trustsFlowLogs(trust)) {
      this.refuse(
        context,
        `${context.path} = the role ${given.role.node.path}: its trust policy does not let vpc-flow-logs.amazonaws.com assume it ` +
          "(sts:AssumeRole), so delivery would fail when the flow log is created; add that statement, with aws:SourceAccount and aws:SourceArn conditions",
      );
    }
    const groupArn = given.logGroup.arn;
    return new IamRolePolicy(scope, `${context.id}-delivery-policy`, {
      name: `deliver-flow-logs-${context.environmentName}-${context.id}`,
      role: given.role.id,
      policy: renderPolicy(
        policyDocument({
          Sid: "DeliverToThisLogGroupOnly",
          Effect: "Allow",
          Action: [...FLOW_LOG_DELIVERY_ACTIONS],
          Resource: [groupArn, `${groupArn}:*`],
        }),
      ),
    });
  }
}

/** Whether a trust policy (JSON) lets vpc-flow-logs.amazonaws.com assume the role; true when it cannot be read. */
function trustsFlowLogs(text: string): boolean {
  const doc = parsePolicy(text);
  if (!doc) return true;
  return asArray<PolicyStatement>(doc.Statement).some(
    (s) =>
      s.Effect === "Allow" &&
      asArray(s.Action).some((a) => a === "sts:AssumeRole" || a === "sts:*" || a === "*") &&
      typeof s.Principal === "object" &&
      asArray(s.Principal.Service).includes("vpc-flow-logs.amazonaws.com"),
  );
}
