/**
 * Where a flow log sends its records. Each destination type is a class with one binding
 * method: given the FlowLogs construct and its context, it creates what the destination
 * needs (log groups and a role, a bucket, nothing) and says how each target's flow log
 * points at it. Adding a destination type is one new file here.
 */
import type { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import type { FlowLogDestinationOptions } from "@cdktf/provider-aws/lib/flow-log";
import { arn, AwsLocation } from "../../shared/policy";

/** What a flow log is attached to. */
export type FlowLogTargetKind = "vpc" | "subnet" | "network-interface" | "transit-gateway" | "transit-gateway-attachment";

/** One thing a flow log is attached to. */
export interface FlowLogTarget {
  readonly kind: FlowLogTargetKind;
  /** Its id (`vpc-...`, `subnet-...`, ...), or a Terraform reference to one. */
  readonly id: string;
}

/** The ARN of a flow-log target (the resource type in EC2 ARNs is the kind's name). */
export function targetArn(location: AwsLocation, target: FlowLogTarget): string {
  return arn.ec2(location, target.kind, target.id);
}

/** Whether a target kind is a transit gateway or one of its attachments (another record format). */
export function isTransitGatewayTarget(kind: FlowLogTargetKind): boolean {
  return kind === "transit-gateway" || kind === "transit-gateway-attachment";
}

/** A log group holding a FlowLogs construct's VPC records, in its record format. */
export interface MonitoredLogGroup {
  /** Log group name. */
  readonly name: string;
  /** Log group ARN (without `:*`), known at synth time. */
  readonly arn: string;
  /** Terraform reference to the log group's name when this construct created it; depend on it through this. */
  readonly nameRef: string;
}

/** The `aws_flow_log` arguments that point one target's flow log at a destination. */
export interface FlowLogDestinationArgs {
  readonly logDestination: string;
  readonly iamRoleArn?: string;
  readonly deliverCrossAccountRole?: string;
  readonly destinationOptions?: FlowLogDestinationOptions;
  /** What must exist before the flow log is created (AWS checks delivery permissions then). */
  readonly dependsOn?: ITerraformDependable[];
}

/** What a destination is bound in. */
export interface FlowLogDestinationContext {
  /** Where the flow logs and their destinations live. */
  readonly location: AwsLocation;
  /** The environment's name, used in resource names. */
  readonly environmentName: string;
  /** Whether transit gateways (or attachments) are logged too. */
  readonly transitGateways: boolean;
  /** What the flow logs are attached to: the VPC first, then subnets, interfaces, transit gateways, attachments. */
  readonly targets: readonly FlowLogTarget[];
  /** Terraform refuses to destroy what holds records (log groups, buckets, their keys). */
  readonly preventDestroy: boolean;
  /** The construct id for this destination's resources (`cloudwatch`, `s3`, `s3-2`, ...). */
  readonly id: string;
  /**
   * 0 for the first destination of `kind` that creates resources, 1 for the next, ...: keeps
   * role names and key aliases unique when two destinations of one kind create resources.
   */
  ordinal(kind: string): number;
}

/** A destination bound into a FlowLogs construct. */
export interface BoundFlowLogDestination {
  /** The flow-log arguments for a target of this kind. */
  args(kind: FlowLogTargetKind): FlowLogDestinationArgs;
  /** The log group with the VPC's records, when this destination is CloudWatch Logs. */
  readonly monitoredLogGroup?: MonitoredLogGroup;
  /** The construct that holds what was created for it, if anything. */
  readonly created?: Construct;
}

/** A flow-log destination type, made from its validated config. */
export abstract class FlowLogDestination<D = unknown> {
  constructor(
    /** The validated destination config. */
    protected readonly destination: D,
  ) {}

  /** AWS's name of the destination type (`log_destination_type`). */
  abstract readonly type: "cloud-watch-logs" | "s3" | "kinesis-data-firehose";
  /** The first part of the construct ids of its flow logs and resources (`cloudwatch`, `s3`, `firehose`). */
  abstract readonly idBase: string;
  /** Creates what the destination needs under `scope` and says how flow logs point at it. */
  abstract bind(scope: Construct, context: FlowLogDestinationContext): BoundFlowLogDestination;
}
