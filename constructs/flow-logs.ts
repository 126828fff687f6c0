import { Construct, IConstruct } from "constructs";
import { ITerraformDependable, TerraformStack } from "cdktf";
import { FlowLog, FlowLogDestinationOptions } from "@cdktf/provider-aws/lib/flow-log";
import type { MaxAggregationInterval, TrafficType } from "./config";
import { CloudWatchLogsDestination } from "./cloudwatch-logs-destination";
import { AwsLocation } from "./policy";
import { FlowLogField, RecordFormat } from "./record-format";
import { S3Destination } from "./s3-destination";
import { MAX_FLOW_LOGS_PER_TARGET, PROJECT_NAME, ResolvedDestination } from "./validation";

/** What a flow log is attached to. */
export type FlowLogTargetKind = "vpc" | "subnet" | "network-interface" | "transit-gateway" | "transit-gateway-attachment";

/** Props of {@link FlowLogs}. */
export interface FlowLogsProps {
  /** Where the flow logs and their destinations live. */
  readonly location: AwsLocation;
  /** Environment name, used in resource names (role, key aliases, tags). */
  readonly environment: string;
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
  /** Validated destinations (1 or 2): each target gets one flow log per destination. */
  readonly destinations: readonly ResolvedDestination[];
  /** Further subnets to log, by id. @default none */
  readonly subnetIds?: readonly string[];
  /** Network interfaces to log, by id. @default none */
  readonly networkInterfaceIds?: readonly string[];
  /** Transit gateways to log, by id. @default none */
  readonly transitGatewayIds?: readonly string[];
  /** Transit gateway attachments to log, by id. @default none */
  readonly transitGatewayAttachmentIds?: readonly string[];
  /**
   * Protect created log groups and buckets from destroy (production).
   * @default false
   */
  readonly protect?: boolean;
}

/** A log group holding this construct's VPC records, in {@link FlowLogs.format}. */
export interface MonitoredLogGroup {
  /** Log group name. */
  readonly name: string;
  /** Log group ARN (without `:*`), known at synth time. */
  readonly arn: string;
  /** Terraform reference to the log group's name when this construct created it; depend on it through this. */
  readonly nameRef: string;
}

/** Flow logs counted per target and stack, to enforce AWS's limit across constructs. */
const flowLogsPerTarget = new WeakMap<IConstruct, Map<string, number>>();

/** The suffix of the log group that receives transit gateway records (another record format). */
export const TRANSIT_GATEWAY_LOG_GROUP_SUFFIX = "/transit-gateway";

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
  /** Every flow log, in creation order. */
  readonly flowLogs: FlowLog[] = [];
  /** The CloudWatch Logs destinations this construct created. */
  readonly cloudWatchDestinations: CloudWatchLogsDestination[] = [];
  /** The S3 destinations this construct created. */
  readonly s3Destinations: S3Destination[] = [];
  /**
   * The first CloudWatch Logs group that receives the VPC's records, the one to monitor.
   * Undefined when no destination is CloudWatch Logs.
   */
  readonly monitoredLogGroup?: MonitoredLogGroup;

  constructor(scope: Construct, id: string, props: FlowLogsProps) {
    super(scope, id);
    this.format = props.format ?? RecordFormat.DEFAULT;
    const loc = props.location;
    const env = props.environment;
    const hasTgw = (props.transitGatewayIds?.length ?? 0) + (props.transitGatewayAttachmentIds?.length ?? 0) > 0;
    if (props.destinations.length === 0) {
      throw new Error(`environment "${env}": flowLogs.destinations = []: a flow log needs at least one destination`);
    }

    const targets: { kind: FlowLogTargetKind; id: string; key: string }[] = [
      { kind: "vpc", id: props.vpcId, key: "vpc" },
      ...(props.subnetIds ?? []).map((s) => ({ kind: "subnet" as const, id: s, key: s })),
      ...(props.networkInterfaceIds ?? []).map((s) => ({ kind: "network-interface" as const, id: s, key: s })),
      ...(props.transitGatewayIds ?? []).map((s) => ({ kind: "transit-gateway" as const, id: s, key: s })),
      ...(props.transitGatewayAttachmentIds ?? []).map((s) => ({ kind: "transit-gateway-attachment" as const, id: s, key: s })),
    ];
    this.countTargets(targets.map((t) => t.id), props.destinations.length, env);

    const typeCount: Record<string, number> = {};
    const idFor = (type: string) => {
      typeCount[type] = (typeCount[type] ?? 0) + 1;
      return typeCount[type] === 1 ? type : `${type}-${typeCount[type]}`;
    };

    props.destinations.forEach((d) => {
      const destId = idFor(d.type === "cloud-watch-logs" ? "cloudwatch" : d.type === "s3" ? "s3" : "firehose");
      const base = {
        logDestinationType: d.type,
        maxAggregationInterval: props.maxAggregationInterval,
      };
      /** Settings per target kind: TGW flow logs take no traffic type and keep their own format. */
      const forTarget = (kind: FlowLogTargetKind) =>
        kind === "transit-gateway" || kind === "transit-gateway-attachment"
          ? {}
          : { trafficType: props.trafficType, logFormat: this.format.isDefault ? undefined : this.format.terraformFormatString };

      let destination: (kind: FlowLogTargetKind) => {
        logDestination: string;
        iamRoleArn?: string;
        deliverCrossAccountRole?: string;
        destinationOptions?: FlowLogDestinationOptions;
        dependsOn?: ITerraformDependable[];
      };

      if (d.type === "cloud-watch-logs") {
        if (d.existing) {
          const existing = d.existing;
          destination = () => ({ logDestination: existing.logGroupArn, iamRoleArn: existing.deliveryRoleArn });
          this.monitor({ name: d.logGroupName, arn: existing.logGroupArn, nameRef: d.logGroupName });
        } else {
          const names = hasTgw ? [d.logGroupName, d.logGroupName + TRANSIT_GATEWAY_LOG_GROUP_SUFFIX] : [d.logGroupName];
          const n = this.cloudWatchDestinations.length;
          const cw = new CloudWatchLogsDestination(this, destId, {
            location: loc,
            logGroupNames: names,
            retentionInDays: d.retentionInDays,
            customerManagedKey: d.customerManagedKey,
            roleName: `${env}-vpc-flow-logs-delivery${n === 0 ? "" : `-${n + 1}`}`,
            keyAlias: `${PROJECT_NAME}/${env}/flow-log-group${n === 0 ? "" : `-${n + 1}`}`,
            protect: props.protect,
          });
          this.cloudWatchDestinations.push(cw);
          this.monitor({ name: names[0], arn: cw.logGroupArns[0], nameRef: cw.logGroups[0].name });
          destination = (kind) => {
            const group = kind.startsWith("transit-gateway") ? cw.logGroups[1] : cw.logGroups[0];
            return { logDestination: group.arn, iamRoleArn: cw.role.arn, dependsOn: [cw.rolePolicy, group] };
          };
        }
      } else if (d.type === "s3") {
        const options = {
          fileFormat: d.fileFormat,
          hiveCompatiblePartitions: d.hiveCompatiblePartitions,
          perHourPartition: d.perHourPartition,
        };
        if (d.existingBucketArn) {
          const bucketArn = d.existingBucketArn;
          destination = () => ({ logDestination: bucketArn, destinationOptions: options });
        } else {
          const n = this.s3Destinations.length;
          const s3 = new S3Destination(this, destId, {
            location: loc,
            destination: d,
            keyAlias: `${PROJECT_NAME}/${env}/flow-log-bucket${n === 0 ? "" : `-${n + 1}`}`,
            protect: props.protect,
          });
          this.s3Destinations.push(s3);
          // Log delivery checks the bucket policy (and the key policy) when the flow log is created.
          const deps = s3.key ? [s3.bucket.bucketPolicy, s3.key.key] : [s3.bucket.bucketPolicy];
          destination = () => ({ logDestination: s3.bucket.bucket.arn, destinationOptions: options, dependsOn: deps });
        }
      } else {
        const fh = d;
        destination = () => ({ logDestination: fh.deliveryStreamArn, deliverCrossAccountRole: fh.crossAccountDeliveryRoleArn });
      }

      for (const t of targets) {
        const target =
          t.kind === "vpc"
            ? { vpcId: t.id }
            : t.kind === "subnet"
              ? { subnetId: t.id }
              : t.kind === "network-interface"
                ? { eniId: t.id }
                : t.kind === "transit-gateway"
                  ? { transitGatewayId: t.id }
                  : { transitGatewayAttachmentId: t.id };
        this.flowLogs.push(
          new FlowLog(this, `${t.key}-to-${destId}`, {
            ...target,
            ...base,
            ...forTarget(t.kind),
            ...destination(t.kind),
            tags: { Name: `${env}-${t.kind === "vpc" ? "vpc" : t.id}-to-${destId}` },
          }),
        );
      }
    });
  }

  /** The ordered fields of the VPC records this construct writes. */
  get fields(): readonly FlowLogField[] {
    return this.format.fields;
  }

  private monitor(group: MonitoredLogGroup): void {
    if (!this.monitoredLogGroup) (this as { monitoredLogGroup?: MonitoredLogGroup }).monitoredLogGroup = group;
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
