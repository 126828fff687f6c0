import { Construct } from "constructs";
import { Annotations } from "cdktf";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import { AlarmTopic } from "./alarm-topic";
import type { TrafficType } from "./config";
import { alarmStatusWidget, dashboardBody, DashboardBody, evenWidth, logWidget, metricWidget, textWidget, WidgetSpec } from "./dashboard";
import {
  FLOW_METRICS,
  FlowMetricSpec,
  metricFields,
  metricValue,
  missingFields,
  spaceDelimitedPattern,
} from "./filter-pattern";
import type { MonitoredLogGroup } from "./flow-logs";
import { arn, AwsLocation } from "./policy";
import { FLOW_QUERIES, FlowQuerySpec, renderQuery } from "./queries";
import { FlowLogField, RecordFormat } from "./record-format";
import { ALARM_DEFAULTS, PROJECT_NAME, ResolvedAlarm, ResolvedAnomalyAlarm, ResolvedMonitoring } from "./validation";

/** Props of {@link Monitoring}. */
export interface MonitoringProps {
  /** Where the monitoring lives (the log group's account and region). */
  readonly location: AwsLocation;
  /** Environment name, used in every resource name. */
  readonly environment: string;
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
  /** Subscriptions and alarm settings. Alarm settings left out take {@link ALARM_DEFAULTS}. */
  readonly monitoring: Pick<ResolvedMonitoring, "alarmEmails"> & Partial<Omit<ResolvedMonitoring, "alarmEmails">>;
}

/** Something this construct left out, and why. */
export interface LeftOut {
  readonly kind: "query" | "metric filter" | "alarm";
  readonly id: string;
  /** Why, and what would enable it. */
  readonly reason: string;
}

/** Which alarm setting belongs to which metric. */
const ALARM_OF_METRIC: Record<FlowMetricSpec["id"], keyof ResolvedMonitoring["alarms"]> = {
  "rejected-flows": "rejectedFlows",
  "rejected-remote-access": "rejectedRemoteAccess",
  "skipdata-records": "skipData",
  bytes: "bytesAnomaly",
};

/** Queries shown on the dashboard, with the view that suits them. */
const DASHBOARD_QUERIES: readonly { id: string; view: "table" | "timeSeries" }[] = [
  { id: "top-talkers", view: "table" },
  { id: "rejected-over-time", view: "timeSeries" },
  { id: "top-destination-ports", view: "table" },
  { id: "log-delivery-health", view: "table" },
];

/**
 * Monitoring of one flow-log group, all derived from the record format: saved Logs Insights
 * queries (`network-monitoring/<env>/<query>`), metric filters with space-delimited patterns,
 * alarms that notify an encrypted SNS topic, and a dashboard. What the format cannot support
 * is left out with a synth warning naming the field that would enable it (see {@link leftOut}).
 */
export class Monitoring extends Construct {
  /** CloudWatch namespace of the metrics: `NetworkMonitoring/<environment>`. */
  readonly namespace: string;
  /** Saved queries by id, with their rendered text. */
  readonly queries = new Map<string, { readonly definition: CloudwatchQueryDefinition; readonly query: string }>();
  /** Metric filters by metric id, with their patterns. */
  readonly metricFilters = new Map<FlowMetricSpec["id"], { readonly filter: CloudwatchLogMetricFilter; readonly pattern: string }>();
  /** Alarms, with names known at synth time. */
  readonly alarms: { readonly alarm: CloudwatchMetricAlarm; readonly name: string }[] = [];
  /** The alarm topic. */
  readonly topic: AlarmTopic;
  /** The dashboard, its name and its body as data. */
  readonly dashboard: CloudwatchDashboard;
  readonly dashboardName: string;
  readonly dashboardBody: DashboardBody;
  /** Everything left out, and why (also reported as synth warnings). */
  readonly leftOut: LeftOut[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const env = props.environment;
    const l = props.location;
    const format = props.format;
    const trafficType = props.trafficType ?? "ALL";
    const alarmSettings = { ...ALARM_DEFAULTS, ...props.monitoring.alarms };
    this.namespace = `NetworkMonitoring/${env}`;
    const alarmPrefix = `${env}-network-`;

    const report = (kind: LeftOut["kind"], what: string, reason: string) => {
      this.leftOut.push({ kind, id: what, reason });
      Annotations.of(this).addWarning(`environment "${env}": ${kind} "${what}" left out: ${reason}`);
    };
    const skip = (kind: LeftOut["kind"], what: string, needs: readonly FlowLogField[], rejectedOnly: boolean): boolean => {
      const missing = missingFields(format, needs);
      let reason: string | undefined;
      if (missing.length > 0) {
        reason =
          `the record format has no ${missing.map((f) => `"${f}"`).join(", ")} field${missing.length === 1 ? "" : "s"}; ` +
          `add ${missing.length === 1 ? "it" : "them"} to flowLogs.logFormat to enable it`;
      } else if (rejectedOnly && trafficType === "ACCEPT") {
        reason = 'flowLogs.trafficType is "ACCEPT", so no rejected flows are recorded; use "ALL" or "REJECT" to enable it';
      }
      if (!reason) return false;
      report(kind, what, reason);
      return true;
    };

    // Saved Logs Insights queries.
    for (const spec of FLOW_QUERIES) {
      if (skip("query", spec.id, spec.needs, spec.rejectedOnly)) continue;
      const query = renderQuery(spec, format);
      const definition = new CloudwatchQueryDefinition(this, `query-${spec.id}`, {
        name: `${PROJECT_NAME}/${env}/${spec.id}`,
        logGroupNames: [props.logGroup.nameRef],
        queryString: query,
      });
      this.queries.set(spec.id, { definition, query });
    }

    // Topic first: the alarms notify it.
    this.topic = new AlarmTopic(this, "alarm-topic", {
      location: l,
      environment: env,
      alarmNames: `${alarmPrefix}*`,
      emails: props.monitoring.alarmEmails,
      httpsEndpoints: props.monitoring.httpsEndpoints,
    });
    const actions = [this.topic.topic.arn];

    // Metric filters and their alarms.
    for (const spec of FLOW_METRICS) {
      const setting = alarmSettings[ALARM_OF_METRIC[spec.id]];
      const name = `${alarmPrefix}${alarmId(spec)}`;
      if (skip("metric filter", spec.id, metricFields(spec), spec.rejectedOnly)) {
        if (setting.enabled) report("alarm", name, `its metric filter "${spec.id}" is left out`);
        continue;
      }
      const pattern = spaceDelimitedPattern(format, spec.conditions);
      const filter = new CloudwatchLogMetricFilter(this, `filter-${spec.id}`, {
        name: `${env}-${spec.id}`,
        logGroupName: props.logGroup.nameRef,
        pattern,
        metricTransformation: {
          name: spec.metricName,
          namespace: this.namespace,
          value: metricValue(spec),
          // A 0 for every record that does not match: a continuous series for alarms and
          // anomaly detection. No dimensions (CloudWatch allows none with a default value,
          // and addresses as dimensions would make a metric per address).
          defaultValue: "0",
          unit: spec.unit,
        },
      });
      this.metricFilters.set(spec.id, { filter, pattern });

      if (!setting.enabled) continue;
      const common = {
        alarmName: name,
        actionsEnabled: true,
        alarmActions: actions,
        okActions: actions,
        evaluationPeriods: setting.evaluationPeriods,
        datapointsToAlarm: setting.datapointsToAlarm,
        // No data means no flow log records arrived in the period (every record, matching or
        // not, puts a value, thanks to the default value of 0): nothing was rejected, skipped
        // or sent, so the alarm is not breaching. A silent flow log is a delivery problem,
        // shown by the log-delivery-health query and the dashboard, not one of these alarms.
        treatMissingData: "notBreaching",
        dependsOn: [filter],
      };
      const alarm =
        "bandWidth" in setting
          ? new CloudwatchMetricAlarm(this, `alarm-${spec.id}`, {
              ...common,
              alarmDescription: anomalyDescription(env, spec, setting),
              comparisonOperator: "GreaterThanUpperThreshold",
              thresholdMetricId: "band",
              metricQuery: [
                {
                  id: "m1",
                  returnData: true,
                  metric: { namespace: this.namespace, metricName: spec.metricName, period: setting.periodSeconds, stat: "Sum" },
                },
                {
                  id: "band",
                  expression: anomalyBand("m1", setting.bandWidth),
                  label: `${spec.metricName} (expected band)`,
                  returnData: true,
                },
              ],
            })
          : new CloudwatchMetricAlarm(this, `alarm-${spec.id}`, {
              ...common,
              alarmDescription: thresholdDescription(env, spec, setting),
              namespace: this.namespace,
              metricName: spec.metricName,
              statistic: "Sum",
              period: setting.periodSeconds,
              threshold: setting.threshold,
              comparisonOperator: "GreaterThanThreshold",
            });
      this.alarms.push({ alarm, name });
    }

    // The dashboard.
    this.dashboardBody = dashboardBody(this.widgets(props, alarmSettings.bytesAnomaly));
    this.dashboardName = `${PROJECT_NAME}-${env}`;
    this.dashboard = new CloudwatchDashboard(this, "dashboard", {
      dashboardName: this.dashboardName,
      dashboardBody: JSON.stringify(this.dashboardBody),
    });
  }

  private widgets(props: MonitoringProps, anomaly: ResolvedAnomalyAlarm): WidgetSpec[] {
    const l = props.location;
    const format = props.format;
    const lines = [
      `# Network monitoring: ${props.environment}`,
      `VPC flow logs of environment **${props.environment}** (${l.region}, account ${l.accountId}) from log group \`${props.logGroup.name}\`, ` +
        (format.isDefault ? "in the AWS default record format." : `in a custom record format of ${format.fields.length} fields (version ${format.recordVersion}).`),
      `Metrics: namespace \`${this.namespace}\`. Alarms notify SNS topic \`${this.topic.topicName}\`. ` +
        `Saved queries: folder \`${PROJECT_NAME}/${props.environment}\` in Logs Insights.`,
    ];
    if (this.leftOut.length > 0) {
      lines.push(`Left out for this format: ${this.leftOut.map((x) => `${x.kind} ${x.id}`).join(", ")}.`);
    }
    const widgets: WidgetSpec[] = [textWidget(lines.join("\n\n"), 4)];
    if (this.alarms.length > 0) {
      widgets.push(alarmStatusWidget(this.alarms.map((a) => arn.alarm(l, a.name)), "Alarms"));
    }
    const metrics = FLOW_METRICS.filter((m) => this.metricFilters.has(m.id));
    const width = evenWidth(metrics.length);
    for (const m of metrics) {
      const series: unknown[][] = [[this.namespace, m.metricName, { id: "m1", label: m.metricName }]];
      if (m.id === "bytes" && anomaly.enabled) {
        series.push([{ expression: anomalyBand("m1", anomaly.bandWidth), label: "Expected band", id: "band" }]);
      }
      widgets.push(metricWidget({ metrics: series, region: l.region, title: `${m.metricName}: ${m.description}`, periodSeconds: 300, width }));
    }
    const shown = DASHBOARD_QUERIES.filter((q) => this.queries.has(q.id));
    for (const q of shown) {
      const spec = FLOW_QUERIES.find((s) => s.id === q.id) as FlowQuerySpec;
      widgets.push(
        logWidget({
          logGroupName: props.logGroup.name,
          query: (this.queries.get(q.id) as { query: string }).query,
          region: l.region,
          title: spec.title,
          view: q.view,
          width: 12,
        }),
      );
    }
    return widgets;
  }

}

/** The metric math of the band anomaly detection expects for a metric. */
function anomalyBand(metricId: string, bandWidth: number): string {
  return `ANOMALY_DETECTION_BAND(${metricId}, ${bandWidth})`;
}

function alarmId(spec: FlowMetricSpec): string {
  return spec.id === "bytes" ? "bytes-anomaly" : spec.id;
}

function minutes(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function thresholdDescription(env: string, spec: FlowMetricSpec, s: ResolvedAlarm): string {
  return (
    `Environment ${env}: more than ${s.threshold} ${spec.description}, in ${s.datapointsToAlarm} of ${s.evaluationPeriods} ` +
    `period(s) of ${minutes(s.periodSeconds)}. Investigate with the saved queries in ${PROJECT_NAME}/${env}.`
  );
}

function anomalyDescription(env: string, spec: FlowMetricSpec, s: ResolvedAnomalyAlarm): string {
  return (
    `Environment ${env}: ${spec.description} above the band anomaly detection expects (${s.bandWidth} standard deviations), ` +
    `in ${s.datapointsToAlarm} of ${s.evaluationPeriods} period(s) of ${minutes(s.periodSeconds)}. See the top-talkers query in ${PROJECT_NAME}/${env}.`
  );
}
