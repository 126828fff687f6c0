import type { Construct } from "constructs";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { ResolvedAlarm, ResolvedAlarms, ResolvedAnomalyAlarm } from "../config/resolved";
import type { RecordFormat } from "../records/record-format";
import { PROJECT_NAME } from "../shared/names";
import type { MonitoredLogGroup } from "../flow-logs/destinations/destination";
import { FLOW_METRICS, FlowMetricSpec, metricFields, metricValue, spaceDelimitedPattern } from "./filter-pattern";
import type { LeftOutReport } from "../records/left-out";

/** Which alarm setting belongs to which metric. */
const ALARM_OF_METRIC: Record<FlowMetricSpec["id"], keyof ResolvedAlarms> = {
  "rejected-flows": "rejectedFlows",
  "rejected-remote-access": "rejectedRemoteAccess",
  "skipdata-records": "skipData",
  bytes: "bytesAnomaly",
};

/** A metric filter and its pattern. */
export interface MetricFilter {
  readonly filter: CloudwatchLogMetricFilter;
  readonly pattern: string;
}

/** An alarm, with its name known at synth time. */
export interface MetricAlarm {
  readonly alarm: CloudwatchMetricAlarm;
  readonly name: string;
}

/** Props of {@link addMetricFiltersAndAlarms}. */
export interface MetricAlarmsProps {
  readonly environmentName: string;
  readonly logGroup: MonitoredLogGroup;
  readonly format: RecordFormat;
  /** CloudWatch namespace of the metrics. */
  readonly namespace: string;
  /** The first part of every alarm name (`<env>-network-`). */
  readonly alarmPrefix: string;
  readonly alarms: ResolvedAlarms;
  /** What the alarms notify (alarm and OK actions). */
  readonly actions: string[];
  readonly leftOut: LeftOutReport;
}

/** The metric math of the band anomaly detection expects for a metric. */
export function anomalyBand(metricId: string, bandWidth: number): string {
  return `ANOMALY_DETECTION_BAND(${metricId}, ${bandWidth})`;
}

/**
 * A metric filter per metric of {@link FLOW_METRICS} that the format supports, with a
 * space-delimited pattern over the format's fields, and the alarm on it when it is enabled.
 */
export function addMetricFiltersAndAlarms(
  scope: Construct,
  props: MetricAlarmsProps,
): { metricFilters: Map<FlowMetricSpec["id"], MetricFilter>; alarms: MetricAlarm[] } {
  const metricFilters = new Map<FlowMetricSpec["id"], MetricFilter>();
  const alarms: MetricAlarm[] = [];
  const env = props.environmentName;
  for (const spec of FLOW_METRICS) {
    const setting = props.alarms[ALARM_OF_METRIC[spec.id]];
    const name = `${props.alarmPrefix}${alarmId(spec)}`;
    if (props.leftOut.skip("metric filter", spec.id, metricFields(spec), spec.rejectedOnly)) {
      if (setting.enabled) props.leftOut.add("alarm", name, `its metric filter "${spec.id}" is left out`);
      continue;
    }
    const pattern = spaceDelimitedPattern(props.format, spec.conditions);
    const filter = new CloudwatchLogMetricFilter(scope, `filter-${spec.id}`, {
      name: `${env}-${spec.id}`,
      logGroupName: props.logGroup.nameRef,
      pattern,
      metricTransformation: {
        name: spec.metricName,
        namespace: props.namespace,
        value: metricValue(spec),
        // A 0 for every record that does not match: a continuous series for alarms and
        // anomaly detection. No dimensions (CloudWatch allows none with a default value,
        // and addresses as dimensions would make a metric per address).
        defaultValue: "0",
        unit: spec.unit,
      },
    });
    metricFilters.set(spec.id, { filter, pattern });
    if (!setting.enabled) continue;
    const alarm =
      "bandWidth" in setting
        ? anomalyAlarm(scope, props, spec, name, setting, filter)
        : thresholdAlarm(scope, props, spec, name, setting, filter);
    alarms.push({ alarm, name });
  }
  return { metricFilters, alarms };
}

/** What an alarm needs of the monitoring: the environment, the metrics' namespace, what it notifies. */
type AlarmContext = Pick<MetricAlarmsProps, "environmentName" | "namespace" | "actions">;

function commonAlarmArgs(
  props: AlarmContext,
  name: string,
  setting: ResolvedAlarm | ResolvedAnomalyAlarm,
  filter: CloudwatchLogMetricFilter,
) {
  return {
    alarmName: name,
    actionsEnabled: true,
    alarmActions: props.actions,
    okActions: props.actions,
    evaluationPeriods: setting.evaluationPeriods,
    datapointsToAlarm: setting.datapointsToAlarm,
    // No data means no flow log records arrived in the period (every record, matching or
    // not, puts a value, thanks to the default value of 0): nothing was rejected, skipped
    // or sent, so the alarm is not breaching. A silent flow log is a delivery problem,
    // shown by the log-delivery-health query and the dashboard, not one of these alarms.
    treatMissingData: "notBreaching",
    dependsOn: [filter],
  };
}

function anomalyAlarm(
  scope: Construct,
  props: MetricAlarmsProps,
  spec: FlowMetricSpec,
  name: string,
  setting: ResolvedAnomalyAlarm,
  filter: CloudwatchLogMetricFilter,
): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, `alarm-${spec.id}`, {
    ...commonAlarmArgs(props, name, setting, filter),
    alarmDescription: anomalyDescription(props.environmentName, spec, setting),
    comparisonOperator: "GreaterThanUpperThreshold",
    thresholdMetricId: "band",
    metricQuery: [
      {
        id: "m1",
        returnData: true,
        metric: { namespace: props.namespace, metricName: spec.metricName, period: setting.periodSeconds, stat: "Sum" },
      },
      {
        id: "band",
        expression: anomalyBand("m1", setting.bandWidth),
        label: `${spec.metricName} (expected band)`,
        returnData: true,
      },
    ],
  });
}

/**
 * An alarm when a period's sum of the metric is above the setting's threshold; its description
 * ends with where to look (`investigate`, the environment's saved queries by default).
 */
export function thresholdAlarm(
  scope: Construct,
  props: AlarmContext,
  spec: Pick<FlowMetricSpec, "metricName" | "description"> & { readonly id: string },
  name: string,
  setting: ResolvedAlarm,
  filter: CloudwatchLogMetricFilter,
  investigate = `Investigate with the saved queries in ${PROJECT_NAME}/${props.environmentName}.`,
): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, `alarm-${spec.id}`, {
    ...commonAlarmArgs(props, name, setting, filter),
    alarmDescription: thresholdDescription(props.environmentName, spec, setting, investigate),
    namespace: props.namespace,
    metricName: spec.metricName,
    statistic: "Sum",
    period: setting.periodSeconds,
    threshold: setting.threshold,
    comparisonOperator: "GreaterThanThreshold",
  });
}

function alarmId(spec: FlowMetricSpec): string {
  return spec.id === "bytes" ? "bytes-anomaly" : spec.id;
}

function minutes(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;
}

function thresholdDescription(env: string, spec: Pick<FlowMetricSpec, "description">, s: ResolvedAlarm, investigate: string): string {
  return (
    `Environment ${env}: more than ${s.threshold} ${spec.description}, in ${s.datapointsToAlarm} of ${s.evaluationPeriods} ` +
    `period(s) of ${minutes(s.periodSeconds)}. ${investigate}`
  );
}

function anomalyDescription(env: string, spec: FlowMetricSpec, s: ResolvedAnomalyAlarm): string {
  return (
    `Environment ${env}: ${spec.description} above the band anomaly detection expects (${s.bandWidth} standard deviations), ` +
    `in ${s.datapointsToAlarm} of ${s.evaluationPeriods} period(s) of ${minutes(s.periodSeconds)}. See the top-talkers query in ${PROJECT_NAME}/${env}.`
  );
}
