import { Construct, IConstruct } from "constructs";
import { TerraformStack } from "cdktf";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { MAX_FLOW_LOGS_PER_TARGET } from "../config/defaults";
import type { ResolvedCloudWatchDestination, ResolvedDestination, ResolvedS3Destination } from "../config/resolved";
import type { MaxAggregationInterval, TrafficType } from "../config/types";
import { FlowLogField, RecordFormat } from "../records/record-format";
import { TransitGatewayFormat } from "../records/transit-gateway-format";
import type { AwsLocation } from "../shared/policy";
import type { FlowLogGroups } from "./destinations/cloudwatch-logs";
import {
  FlowLogDestination,
  FlowLogDestinationContext,
  FlowLogTargetKind,
  isDestinationObject,
  isTransitGatewayTarget,
  MonitoredLogGroup,
} from "./destinations/destination";
import { flowLogDestination } from "./destinations";
import { RetiredS3FlowLogDestination } from "./destinations/retired-s3";
import type { FlowLogBucket } from "./destinations/s3";

/** Props of {@link FlowLogs}. */
export interface FlowLogsProps {
  /** Where the flow logs and their destinations live. */
  readonly location: AwsLocation;
  /** The environment's name, used in resource names (role, key aliases, tags). */
  readonly environmentName: string;
  /** The VPC to log: a VPC resource's `id`, or the id of an existing VPC. */
  readonly vpcId: string;
  /** Which traffic to record (not used for transit gateway targets, which record all). */
  readonly trafficType: TrafficType;
  /** Maximum aggregation interval in seconds. */
  readonly maxAggregationInterval: MaxAggregationInterval;
  /**
   * Record format of VPC, subnet and interface flow logs.
   * @default RecordFormat.DEFAULT
   */
  readonly format?: RecordFormat;
  /**
   * Record format of transit gateway and attachment flow logs (their own fields).
   * @default TransitGatewayFormat.DEFAULT
   */
  readonly transitGatewayFormat?: TransitGatewayFormat;
  /**
   * Where the records go (1 or 2 destinations; each target gets one flow log per destination):
   * destination objects (`S3FlowLogDestination.toNewBucket()`, `.toBucket(bucket.arn)`,
   * `CloudWatchLogsFlowLogDestination.toNewLogGroup()`, `.toLogGroup(...)`,
   * `FirehoseFlowLogDestination.toStream(...)`, `RetiredS3FlowLogDestination.fromConfig(...)`),
   * whose handles give what they created once this construct is made, or validated destination
   * configs (a retired S3 config becomes a retired destination). A retired destination keeps its
   * place (the others keep their construct ids) and makes no flow log.
   */
  readonly destinations: readonly (FlowLogDestination | ResolvedDestination)[];
  /** Further subnets to log, by id. @default none */
  readonly subnetIds?: readonly string[];
  /** Network interfaces to log, by id. @default none */
  readonly networkInterfaceIds?: readonly string[];
  /** Transit gateways to log, by id. @default none */
  readonly transitGatewayIds?: readonly string[];
  /** Transit gateway attachments to log, by id. @default none */
  readonly transitGatewayAttachmentIds?: readonly string[];
  /**
   * Terraform refuses to destroy created log groups, buckets and their keys (production).
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/** Flow logs counted per target and stack, to enforce AWS's limit across constructs. */
const flowLogsPerTarget = new WeakMap<IConstruct, Map<string, number>>();

/** The argument of `aws_flow_log` that names each kind of target. */
const TARGET_ARGUMENT: Record<FlowLogTargetKind, "vpcId" | "subnetId" | "eniId" | "transitGatewayId" | "transitGatewayAttachmentId"> = {
  vpc: "vpcId",
  subnet: "subnetId",
  "network-interface": "eniId",
  "transit-gateway": "transitGatewayId",
  "transit-gateway-attachment": "transitGatewayAttachmentId",
};

/**
 * VPC Flow Logs for a VPC and optional subnets, interfaces, transit gateways and attachments,
 * one `aws_flow_log` per target and destination, with the destinations they need:
 * CloudWatch Logs groups and their delivery role, S3 buckets and their policies, or an
 * existing Firehose stream. Throws at synth time when a target would get more flow logs than
 * AWS allows.
 */
export class FlowLogs extends Construct {
  /** The record format of VPC, subnet and interface flow logs. */
  readonly format: RecordFormat;
  /** The record format of its transit gateway and attachment flow logs. */
  readonly transitGatewayFormat: TransitGatewayFormat;
  /** Every flow log, in creation order. */
  readonly flowLogs: FlowLog[] = [];
  /** The live destinations, bound, in the order of the props: each gives what it created. */
  readonly destinations: readonly FlowLogDestination[];
  /** The retired destinations of the props, bound: no flow log; what each left. */
  readonly retired: readonly RetiredS3FlowLogDestination[];
  /**
   * The first CloudWatch Logs group that receives the VPC's records, the one to monitor.
   * Undefined when no destination is CloudWatch Logs.
   */
  readonly monitoredLogGroup?: MonitoredLogGroup;
  /** The CloudWatch Logs group of the transit gateways' records beside it, when one was created. */
  readonly monitoredTransitGatewayLogGroup?: MonitoredLogGroup;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    this.format = props.format ?? RecordFormat.DEFAULT;
    this.transitGatewayFormat = props.transitGatewayFormat ?? TransitGatewayFormat.DEFAULT;
    const env = props.environmentName;
    const destinations = props.destinations.map((d) => (isDestinationObject(d) ? d : flowLogDestination(d)));
    const live = destinations.filter((d) => !(d instanceof RetiredS3FlowLogDestination));
    if (live.length === 0) {
      throw new Error(`environment "${env}": flowLogs.destinations = []: a flow log needs at least one destination`);
    }
    const targets: { kind: FlowLogTargetKind; id: string; key: string }[] = [
      { kind: "vpc", id: props.vpcId, key: "vpc" },
      ...(props.subnetIds ?? []).map((s) => ({ kind: "subnet" as const, id: s, key: s })),
      ...(props.networkInterfaceIds ?? []).map((s) => ({ kind: "network-interface" as const, id: s, key: s })),
      ...(props.transitGatewayIds ?? []).map((s) => ({ kind: "transit-gateway" as const, id: s, key: s })),
      ...(props.transitGatewayAttachmentIds ?? []).map((s) => ({ kind: "transit-gateway-attachment" as const, id: s, key: s })),
    ];
    this.countTargets(
      targets.map((t) => t.id),
      live.length,
      env,
    );

    const transitGateways = targets.some((t) => isTransitGatewayTarget(t.kind));
    const idCount = new Map<string, number>();
    const ordinals = new Map<string, number>();
    const nextOrdinal = (kind: string) => {
      const n = ordinals.get(kind) ?? 0;
      ordinals.set(kind, n + 1);
      return n;
    };
    let monitored: MonitoredLogGroup | undefined;
    let monitoredTransitGateway: MonitoredLogGroup | undefined;
    const idOf = (idBase: string) => {
      const count = (idCount.get(idBase) ?? 0) + 1;
      idCount.set(idBase, count);
      return count === 1 ? idBase : `${idBase}-${count}`;
    };
    const bound: FlowLogDestination[] = [];
    const retired: RetiredS3FlowLogDestination[] = [];
    destinations.forEach((destination, index) => {
      const destId = idOf(destination.idBase);
      const context: FlowLogDestinationContext = {
        location: props.location,
        environmentName: env,
        transitGateways,
        targets: targets.map(({ kind, id }) => ({ kind, id })),
        preventDestroy: props.preventDestroy ?? false,
        path: `flowLogs.destinations[${index}]`,
        id: destId,
        ordinal: nextOrdinal,
      };
      const binding = destination.bind(this, context);
      if (destination instanceof RetiredS3FlowLogDestination) {
        retired.push(destination);
        return;
      }
      bound.push(destination);
      if (!monitored && binding.monitoredLogGroup) {
        monitored = binding.monitoredLogGroup;
        monitoredTransitGateway = binding.transitGatewayLogGroup;
      }
      for (const t of targets) {
        // Transit gateway flow logs take no traffic type and have a record format of their own.
        const format = isTransitGatewayTarget(t.kind) ? this.transitGatewayFormat : this.format;
        const recordSettings = {
          ...(isTransitGatewayTarget(t.kind) ? {} : { trafficType: props.trafficType }),
          logFormat: format.isDefault ? undefined : format.terraformFormatString,
        };
        this.flowLogs.push(
          new FlowLog(this, `${t.key}-to-${destId}`, {
            [TARGET_ARGUMENT[t.kind]]: t.id,
            logDestinationType: destination.logDestinationType,
            maxAggregationInterval: props.maxAggregationInterval,
            ...recordSettings,
            ...binding.args(t.kind),
            tags: { Name: `${env}-${t.kind === "vpc" ? "vpc" : t.id}-to-${destId}` },
          }),
        );
      }
    });
    this.destinations = bound;
    this.retired = retired;
    this.monitoredLogGroup = monitored;
    this.monitoredTransitGatewayLogGroup = monitoredTransitGateway;
    // A retired destination's flow logs become the organisation archive's, one per target in the
    // targets' order (replaced in place, deleted first); without one, they are deleted.
    const archiveFlowLogs = this.flowLogs.filter((f) => f.node.id.endsWith("-to-organization-archive"));
    if (archiveFlowLogs.length > 0)
      for (const r of retired) r.binding.flowLogIds.forEach((id, i) => archiveFlowLogs[i]?.moveFromId(this.flowLogAddress(id)));
  }

  /** The address a flow log had as this construct's child `id`. */
  private flowLogAddress(id: string): string {
    const made = new FlowLog(this, id, { logDestinationType: "s3", logDestination: "arn:aws:s3:::retired" });
    const address = `${made.terraformResourceType}.${made.friendlyUniqueId}`;
    this.node.tryRemoveChild(id);
    return address;
  }

  /**
   * What a destination config of the props created: an S3 destination's bucket and key, a
   * CloudWatch Logs destination's log groups and role; undefined for one that writes to what
   * exists. (A destination object gives the same as its own `created`.)
   */
  createdFor(destination: ResolvedS3Destination): FlowLogBucket | undefined;
  createdFor(destination: ResolvedCloudWatchDestination): FlowLogGroups | undefined;
  createdFor(destination: ResolvedDestination): Construct | undefined {
    return this.destinations.find((d) => d.config === destination)?.created;
  }

  /** The ordered fields of the VPC records this construct writes. */
  get fields(): readonly FlowLogField[] {
    return this.format.fields;
  }

  /** Counts flow logs per target in the enclosing stack; throws past AWS's hard limit. */
  private countTargets(ids: readonly string[], perTarget: number, env: string): void {
    const stack = TerraformStack.of(this);
    const counts = flowLogsPerTarget.get(stack) ?? new Map<string, number>();
    flowLogsPerTarget.set(stack, counts);
    for (const id of ids) {
      const total = (counts.get(id) ?? 0) + perTarget;
      if (total > MAX_FLOW_LOGS_PER_TARGET) {
        throw new Error(
          `environment "${env}": flow logs on target ${id} = ${total}: AWS allows at most ${MAX_FLOW_LOGS_PER_TARGET} ` +
            "flow logs per VPC, subnet or network interface (a quota that cannot be raised); use fewer destinations or log it once",
        );
      }
      counts.set(id, total);
    }
  }
}
