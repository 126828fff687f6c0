/**
 * Where a flow log sends its records. Each destination type is a class with one binding
 * method: given the FlowLogs construct and its context, it creates what the destination
 * needs (log groups and a role, a bucket, nothing) and says how each target's flow log
 * points at it; after binding, it gives typed handles to what it created. Adding a
 * destination type is one new file here (and, for data files, its config declaration).
 */
import type { Construct } from "constructs";
import type { ITerraformDependable } from "cdktf";
import type { FlowLogDestinationOptions } from "@cdktf/provider-aws/lib/flow-log";
import { arn, AwsLocation } from "../../shared/policy";
import type { ResolvedDestination } from "../../config/resolved";
import type { FlowLogDestinationConfig } from "../../config/types";
import { validateDestination } from "../../config/validation/destinations";
import { ConfigError } from "../../config/validation/checker";

/** What a flow log is attached to. */
export type FlowLogTargetKind = "vpc" | "subnet" | "network-interface" | "transit-gateway" | "transit-gateway-attachment";

/** One thing a flow log is attached to. */
export interface FlowLogTarget {
  readonly kind: FlowLogTargetKind;
  /** Its id (`vpc-...`, `subnet-...`, ...), or a Terraform reference to one. */
  readonly id: string;
}

/** The part of its flow logs' construct ids that names a target: `vpc` for the VPC, else its id (`vpc-to-s3`, `subnet-...-to-s3`). */
export function targetKey(target: FlowLogTarget): string {
  return target.kind === "vpc" ? "vpc" : target.id;
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
  /** Where the destination stands in the FlowLogs construct's list, for messages (`flowLogs.destinations[1]`). */
  readonly path: string;
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
  /** The log group with the transit gateways' records, when this destination created one for them. */
  readonly transitGatewayLogGroup?: MonitoredLogGroup;
}

/**
 * Where a FlowLogs construct sends its records: made by a destination class's factories (a
 * bucket, log group or stream to create, or one made elsewhere, by literal ARN or Terraform
 * reference) or from a validated config. Bound into one FlowLogs construct, it creates what it
 * needs there, and its class gives typed handles to what it created.
 */
export abstract class FlowLogDestination<D extends ResolvedDestination = ResolvedDestination> {
  private resolvedConfig?: D;
  private pending?: DestinationInput<D>;
  private boundIn?: Construct;

  /** A validated config, or one a factory made, which binding validates in its environment. */
  protected constructor(input: DestinationSource<D>) {
    if ("resolved" in input) this.resolvedConfig = input.resolved;
    else this.pending = input.config;
  }

  /** The config's name of the destination type. */
  abstract readonly type: D["type"];
  /** AWS's name of the destination type (`log_destination_type`). */
  abstract readonly logDestinationType: "cloud-watch-logs" | "s3" | "kinesis-data-firehose";
  /** The first part of the construct ids of its flow logs and resources (`cloudwatch`, `s3`, `firehose`). */
  abstract readonly idBase: string;
  /** What binding created (each class names its type), or undefined for a destination that writes to what exists. */
  abstract readonly created?: Construct;

  /** The validated config: what was given, with its defaults filled in. Known once bound. */
  get config(): D {
    if (!this.resolvedConfig)
      throw new Error(`this ${this.type} flow-log destination is not bound yet: hand it to a FlowLogs construct first`);
    return this.resolvedConfig;
  }

  /**
   * Creates what the destination needs under `scope` and says how flow logs point at it. A
   * factory's config is checked first, as an environment's destination would be (a
   * {@link ConfigError} naming the environment and field). Bound once: a destination object
   * belongs to one FlowLogs construct.
   */
  bind(scope: Construct, context: FlowLogDestinationContext): BoundFlowLogDestination {
    if (this.boundIn) {
      throw new Error(
        `environment "${context.environmentName}": this ${this.type} flow-log destination is bound to ${this.boundIn.node.path} already; ` +
          "make another for a second FlowLogs construct",
      );
    }
    if (this.pending !== undefined) {
      const resolved = validateDestination(this.pending, context.path, {
        name: context.environmentName,
        accountId: context.location.accountId,
        region: context.location.region,
      });
      this.resolvedConfig = resolved as D;
      this.pending = undefined;
    }
    this.boundIn = scope;
    return this.bindConfig(scope, context, this.config);
  }

  /** Refuses what binding found wrong, as a config mistake: `problem` is `<path> = <value>: <what is valid>`. */
  protected refuse(context: FlowLogDestinationContext, problem: string): never {
    throw ConfigError.ofEnvironment(context.environmentName, [problem]);
  }

  /** Binds the validated config: what `bind` does after the checks. */
  protected abstract bindConfig(scope: Construct, context: FlowLogDestinationContext, config: D): BoundFlowLogDestination;
}

/** Whether a FlowLogs destination is an object (made by a factory or from config) rather than a validated config. */
export function isDestinationObject(d: ResolvedDestination | FlowLogDestination): d is FlowLogDestination {
  return typeof (d as FlowLogDestination).bind === "function";
}

/** What a destination object is made from: a validated config, or a factory's config to validate when bound. */
export type DestinationSource<D extends ResolvedDestination> = { readonly resolved: D } | { readonly config: DestinationInput<D> };

/** A factory's config: the destination's config fields without its `type`. */
export type DestinationInput<D extends ResolvedDestination> = Omit<Extract<FlowLogDestinationConfig, { type: D["type"] }>, "type"> & {
  readonly type: D["type"];
};
