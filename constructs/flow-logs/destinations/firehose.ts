import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { ResolvedFirehoseDestination } from "../../config/resolved";
import type { FirehoseDestinationConfig } from "../../config/types";
import { arn, AwsLocation, policyDocument, PolicyDocument, renderPolicy } from "../../shared/policy";
import { recordSuppression } from "../../shared/suppressions";
import {
  BoundFlowLogDestination,
  FlowLogDestination,
  FlowLogDestinationContext,
  FlowLogTarget,
  FlowLogTargetKind,
  isTransitGatewayTarget,
  targetArn,
} from "./destination";

/** The service that delivers flow logs to Firehose and assumes the source role. */
const LOG_DELIVERY_SERVICE = "delivery.logs.amazonaws.com";

/**
 * The log-delivery actions the source role needs. AWS documents them on `*`: they name no
 * resource type a policy could scope them to.
 */
export const FIREHOSE_LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:GetLogDelivery",
] as const;

/** Props of {@link FirehoseCrossAccountSourceRole}. */
export interface FirehoseCrossAccountSourceRoleProps {
  /** The source account and region: where the flow logs are. */
  readonly location: AwsLocation;
  /** Name of the role (unique in the account). */
  readonly roleName: string;
  /** What the flow logs are attached to: the role may be passed for these only. */
  readonly targets: readonly FlowLogTarget[];
  /** ARN of the role in the stream's account (its name begins with AWSLogDeliveryFirehoseCrossAccountRole). */
  readonly destinationRoleArn: string;
}

/**
 * The source-account role of a cross-account delivery to Firehose, passed to the flow log as
 * `iam_role_arn` next to the destination account's role (`deliver_cross_account_role`):
 * trusted by the log delivery service, passable only to that service and only for the
 * monitored resources (`iam:AssociatedResourceARN`), allowed the log-delivery actions and to
 * assume the one destination role.
 *
 * AWS documents this role's trust without conditions, and no aws:SourceAccount or
 * aws:SourceArn for the delivery service assuming it; a condition the service did not meet
 * would stop delivery silently, after apply. The role is guarded instead by who may pass it:
 * iam:PassRole works only within its account, and the role's policy lets it be passed only to
 * the delivery service for these resources. That departure from the confused-deputy rule is
 * recorded on the role, with this reason, and shows in the synth output.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/firehose-cross-account-delivery.html
 * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/flow_log#cross-account-amazon-data-firehose-logging
 */
export class FirehoseCrossAccountSourceRole extends Construct {
  /** The source role log delivery assumes in this account before the stream's account's role. */
  readonly role: IamRole;
  /** The role's inline policy resource; flow logs depend on it. */
  readonly rolePolicy: IamRolePolicy;
  /** The role's trust policy, as data. */
  readonly trustPolicy: PolicyDocument;
  /** The role's permissions, as data. */
  readonly permissions: PolicyDocument;

  constructor(scope: Construct, id: string, props: FirehoseCrossAccountSourceRoleProps) {
    super(scope, id);
    const loc = props.location;
    const roleArn = arn.role(loc, props.roleName);
    this.trustPolicy = policyDocument({
      Sid: "LogDeliveryAssumesForFlowLogs",
      Effect: "Allow",
      Principal: { Service: LOG_DELIVERY_SERVICE },
      Action: "sts:AssumeRole",
    });
    this.permissions = policyDocument(
      {
        Sid: "PassOnlyToLogDeliveryForTheseResources",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: roleArn,
        Condition: {
          StringEquals: { "iam:PassedToService": LOG_DELIVERY_SERVICE },
          StringLike: { "iam:AssociatedResourceARN": props.targets.map((t) => targetArn(loc, t)) },
        },
      },
      { Sid: "ManageLogDelivery", Effect: "Allow", Action: [...FIREHOSE_LOG_DELIVERY_ACTIONS], Resource: "*" },
      { Sid: "AssumeTheDestinationRoleOnly", Effect: "Allow", Action: "sts:AssumeRole", Resource: props.destinationRoleArn },
    );
    this.role = new IamRole(this, "source-role", {
      name: props.roleName,
      description: `Delivers VPC flow logs of account ${loc.accountId} in ${loc.region} to Firehose in account ${props.destinationRoleArn.split(":")[4]}`,
      assumeRolePolicy: renderPolicy(this.trustPolicy),
    });
    recordSuppression(
      this.role,
      "NM-IAM-CONFUSED-DEPUTY",
      "AWS documents the Firehose cross-account source role's trust of delivery.logs.amazonaws.com without source conditions; " +
        "it can be passed only within its account, only to that service, only for the monitored resources",
    );
    this.rolePolicy = new IamRolePolicy(this, "source-policy", {
      name: "deliver-flow-logs-cross-account",
      role: this.role.id,
      policy: renderPolicy(this.permissions),
    });
  }
}

/**
 * Flow logs to an existing Amazon Data Firehose delivery stream. In the environment's account
 * nothing is created (AWS uses its log-delivery service-linked role); in another account the
 * source role is created and the destination account's role is passed with it.
 */
export class FirehoseFlowLogDestination extends FlowLogDestination<ResolvedFirehoseDestination> {
  /** Records to a delivery stream: its ARN (literal or reference), and for another account the role there. */
  static toStream(stream: Omit<FirehoseDestinationConfig, "type">): FirehoseFlowLogDestination {
    return new FirehoseFlowLogDestination({ config: { ...stream, type: "kinesis-data-firehose" } });
  }

  /** The destination of a validated environment's Firehose destination config. */
  static fromConfig(config: ResolvedFirehoseDestination): FirehoseFlowLogDestination {
    return new FirehoseFlowLogDestination({ resolved: config });
  }

  readonly type = "kinesis-data-firehose";
  readonly logDestinationType = "kinesis-data-firehose";
  readonly idBase = "firehose";
  private sourceRole?: FirehoseCrossAccountSourceRole;

  /** The source role of a cross-account delivery, once bound; undefined in the stream's own account. */
  get created(): FirehoseCrossAccountSourceRole | undefined {
    return this.sourceRole;
  }

  protected bindConfig(scope: Construct, context: FlowLogDestinationContext, d: ResolvedFirehoseDestination): BoundFlowLogDestination {
    const tgwStream = d.transitGatewayDeliveryStreamArn;
    if (context.transitGateways && !tgwStream) {
      Annotations.of(scope).addWarning(
        `environment "${context.environmentName}": transit gateway records go to ${d.deliveryStreamArn} with the VPC's records, in another format; ` +
          "whatever reads the stream must tell them apart. Give transitGatewayDeliveryStreamArn to keep them apart",
      );
    }
    const streamFor = (kind: FlowLogTargetKind) => (isTransitGatewayTarget(kind) && tgwStream) || d.deliveryStreamArn;
    const crossAccountRole = d.crossAccountDeliveryRoleArn;
    if (!crossAccountRole) return { args: (kind) => ({ logDestination: streamFor(kind) }) };
    const n = context.ordinal(this.type);
    const source = new FirehoseCrossAccountSourceRole(scope, context.id, {
      location: context.location,
      roleName: `${context.environmentName}-vpc-flow-logs-firehose-source${n === 0 ? "" : `-${n + 1}`}`,
      targets: context.targets,
      destinationRoleArn: crossAccountRole,
    });
    this.sourceRole = source;
    return {
      args: (kind) => ({
        logDestination: streamFor(kind),
        iamRoleArn: source.role.arn,
        deliverCrossAccountRole: crossAccountRole,
        dependsOn: [source.rolePolicy],
      }),
    };
  }
}
