import { Construct } from "constructs";
import type { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import type { ResolvedMonitoring } from "../config/resolved";
import type { TrafficType } from "../config/types";
import type { MonitoredLogGroup } from "../flow-logs/destinations/destination";
import type { RecordFormat } from "../records/record-format";
import type { AwsLocation } from "../shared/policy";
import { AlarmTopic } from "./alarm-topic";
import type { DashboardBody } from "./dashboard";
import type { FlowMetricSpec } from "./filter-pattern";
import { LeftOut, LeftOutReport } from "../records/left-out";
import { addMetricFiltersAndAlarms, MetricAlarm, MetricFilter } from "./metric-alarms";
import { addNetworkDashboard } from "./network-dashboard";
import { addSavedQueries, SavedQuery } from "./saved-queries";
import { addTransitGatewayMonitoring, type TransitGatewayMonitoring } from "./transit-gateway-monitoring";
import type { TransitGatewayFormat } from "../records/transit-gateway-format";

/** Props of {@link FlowLogGroupMonitoring}: validated settings. */
export interface FlowLogGroupMonitoringProps {
  /** Where the monitoring lives (the log group's account and region). */
  readonly location: AwsLocation;
  /** The environment's name, used in every resource name. */
  readonly environmentName: string;
  /** The CloudWatch Logs group that receives the VPC's flow log records. */
  readonly logGroup: MonitoredLogGroup;
  /** The record format of those records (the flow log construct's `format`). */
  readonly format: RecordFormat;
  /**
   * Which traffic the flow log records: with ACCEPT there are no rejected records, so the
   * rejected-traffic queries, filters and alarms are left out.
   * @default "ALL"
   */
  readonly trafficType?: TrafficType;
  /** Subscriptions and alarm settings, validated, with every default filled in. */
  readonly monitoring: ResolvedMonitoring;
  /**
   * The transit gateways' records beside the VPC's (their own group and format): their loss
   * counters get metric filters, alarms, saved queries and widgets on the same dashboard.
   * @default none
   */
  readonly transitGateway?: { readonly logGroup: MonitoredLogGroup; readonly format: TransitGatewayFormat };
}

/**
 * Monitoring of one flow-log group, all derived from the record format: saved Logs Insights
 * queries (`network-monitoring/<env>/<query>`), metric filters with space-delimited patterns,
 * alarms that notify an encrypted SNS topic, and a dashboard. What the format cannot support
 * is left out with a synth warning naming the field that would enable it (see {@link leftOut}).
 *
 * It takes settings already validated (the environment and VpcFlowLogMonitoring validate
 * theirs); on a log group of your own, use `Monitoring`, which validates partial settings and
 * fills in the defaults.
 */
export class FlowLogGroupMonitoring extends Construct {
  /** CloudWatch namespace of the metrics: `NetworkMonitoring/<environment>`. */
  readonly namespace: string;
  /** Saved queries by id, with their rendered text. */
  readonly queries: ReadonlyMap<string, SavedQuery>;
  /** Metric filters by metric id, with their patterns. */
  readonly metricFilters: ReadonlyMap<FlowMetricSpec["id"], MetricFilter>;
  /** Alarms, with names known at synth time. */
  readonly alarms: readonly MetricAlarm[];
  /** The topic every alarm notifies through, with its subscriptions. */
  readonly topic: AlarmTopic;
  /** The dashboard, its name and its body as data. */
  readonly dashboard: CloudwatchDashboard;
  readonly dashboardName: string;
  readonly dashboardBody: DashboardBody;
  /** Everything left out, and why (also reported as synth warnings). */
  readonly leftOut: readonly LeftOut[];
  /** The transit gateway records' filters, alarms and queries, when they are monitored. */
  readonly transitGateway?: TransitGatewayMonitoring;

  constructor(scope: Construct, id: string, props: FlowLogGroupMonitoringProps) {
    super(scope, id);
    const env = props.environmentName;
    const alarmSettings = props.monitoring.alarms;
    const leftOut = new LeftOutReport(this, env, props.format, props.trafficType ?? "ALL");
    this.leftOut = leftOut.items;
    this.namespace = `NetworkMonitoring/${env}`;
    const alarmPrefix = `${env}-network-`;

    this.queries = addSavedQueries(this, { environmentName: env, logGroup: props.logGroup, format: props.format, leftOut });

    // Topic first: the alarms notify it.
    this.topic = new AlarmTopic(this, "alarm-topic", {
      location: props.location,
      environmentName: env,
      alarmNames: `${alarmPrefix}*`,
      emails: props.monitoring.alarmEmails,
      httpsEndpoints: props.monitoring.httpsEndpoints,
    });

    const { metricFilters, alarms } = addMetricFiltersAndAlarms(this, {
      environmentName: env,
      logGroup: props.logGroup,
      format: props.format,
      namespace: this.namespace,
      alarmPrefix,
      alarms: alarmSettings,
      actions: [this.topic.topic.arn],
      leftOut,
    });
    this.metricFilters = metricFilters;
    this.alarms = alarms;
    if (props.transitGateway)
      this.transitGateway = addTransitGatewayMonitoring(this, {
        location: props.location,
        environmentName: env,
        logGroup: props.transitGateway.logGroup,
        format: props.transitGateway.format,
        namespace: this.namespace,
        alarmPrefix,
        alarm: alarmSettings.transitGatewayPacketsLost,
        actions: [this.topic.topic.arn],
      });

    const dashboard = addNetworkDashboard(this, {
      location: props.location,
      environmentName: env,
      logGroup: props.logGroup,
      format: props.format,
      namespace: this.namespace,
      topicName: this.topic.topicName,
      queries: this.queries,
      metricFilters,
      alarms,
      bytesAnomaly: alarmSettings.bytesAnomaly,
      leftOut: leftOut.items,
      more: this.transitGateway?.widgets,
    });
    leftOut.report();
    this.dashboard = dashboard.dashboard;
    this.dashboardName = dashboard.name;
    this.dashboardBody = dashboard.body;
  }
}
