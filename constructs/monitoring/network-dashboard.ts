import type { Construct } from "constructs";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import type { ResolvedAnomalyAlarm } from "../config/resolved";
import type { MonitoredLogGroup } from "../flow-logs/destinations/destination";
import type { RecordFormat } from "../records/record-format";
import { PROJECT_NAME } from "../shared/names";
import { arn, AwsLocation } from "../shared/policy";
import { alarmStatusWidget, dashboardBody, DashboardBody, evenWidth, logWidget, metricWidget, textWidget, WidgetSpec } from "./dashboard";
import { FLOW_METRICS, FlowMetricSpec } from "./filter-pattern";
import type { LeftOut } from "../records/left-out";
import type { MetricAlarm, MetricFilter } from "./metric-alarms";
import { anomalyBand } from "./metric-alarms";
import { FLOW_QUERIES, FlowQuerySpec } from "./queries";
import type { SavedQuery } from "./saved-queries";

/** Queries shown on the dashboard, with the view that suits them. */
const DASHBOARD_QUERIES: readonly { id: string; view: "table" | "timeSeries" }[] = [
  { id: "top-talkers", view: "table" },
  { id: "rejected-over-time", view: "timeSeries" },
  { id: "top-destination-ports", view: "table" },
  { id: "log-delivery-health", view: "table" },
];

/** What the dashboard shows: everything the monitoring created, and what it left out. */
export interface NetworkDashboardProps {
  readonly location: AwsLocation;
  readonly environmentName: string;
  readonly logGroup: MonitoredLogGroup;
  readonly format: RecordFormat;
  readonly namespace: string;
  readonly topicName: string;
  readonly queries: ReadonlyMap<string, SavedQuery>;
  readonly metricFilters: ReadonlyMap<FlowMetricSpec["id"], MetricFilter>;
  readonly alarms: readonly MetricAlarm[];
  readonly bytesAnomaly: ResolvedAnomalyAlarm;
  readonly leftOut: readonly LeftOut[];
  /** Widgets to show after the VPC's (the transit gateway records'). */
  readonly more?: readonly WidgetSpec[];
}

/** The widgets: a header, alarm status, a graph per metric, and the dashboard's queries. */
export function networkDashboardWidgets(p: NetworkDashboardProps): WidgetSpec[] {
  const l = p.location;
  const lines = [
    `# Network monitoring: ${p.environmentName}`,
    `VPC flow logs of environment **${p.environmentName}** (${l.region}, account ${l.accountId}) from log group \`${p.logGroup.name}\`, ` +
      (p.format.isDefault
        ? "in the AWS default record format."
        : `in a custom record format of ${p.format.fields.length} fields (version ${p.format.recordVersion}).`),
    `Metrics: namespace \`${p.namespace}\`. Alarms notify SNS topic \`${p.topicName}\`. ` +
      `Saved queries: folder \`${PROJECT_NAME}/${p.environmentName}\` in Logs Insights.`,
  ];
  if (p.leftOut.length > 0) {
    lines.push(`Left out for this format: ${p.leftOut.map((x) => `${x.kind} ${x.id}`).join(", ")}.`);
  }
  const widgets: WidgetSpec[] = [textWidget(lines.join("\n\n"), 4)];
  if (p.alarms.length > 0) {
    widgets.push(
      alarmStatusWidget(
        p.alarms.map((a) => arn.alarm(l, a.name)),
        "Alarms",
      ),
    );
  }
  const metrics = FLOW_METRICS.filter((m) => p.metricFilters.has(m.id));
  const width = evenWidth(metrics.length);
  for (const m of metrics) {
    const series: unknown[][] = [[p.namespace, m.metricName, { id: "m1", label: m.metricName }]];
    if (m.id === "bytes" && p.bytesAnomaly.enabled) {
      series.push([{ expression: anomalyBand("m1", p.bytesAnomaly.bandWidth), label: "Expected band", id: "band" }]);
    }
    widgets.push(
      metricWidget({ metrics: series, region: l.region, title: `${m.metricName}: ${m.description}`, periodSeconds: 300, width }),
    );
  }
  for (const q of DASHBOARD_QUERIES) {
    const saved = p.queries.get(q.id);
    if (!saved) continue;
    const spec = FLOW_QUERIES.find((s) => s.id === q.id) as FlowQuerySpec;
    widgets.push(
      logWidget({ logGroupName: p.logGroup.name, query: saved.query, region: l.region, title: spec.title, view: q.view, width: 12 }),
    );
  }
  return [...widgets, ...(p.more ?? [])];
}

/** The environment's dashboard, `network-monitoring-<env>`, with its body as plain data. */
export function addNetworkDashboard(
  scope: Construct,
  props: NetworkDashboardProps,
): { dashboard: CloudwatchDashboard; name: string; body: DashboardBody } {
  const body = dashboardBody(networkDashboardWidgets(props));
  const name = `${PROJECT_NAME}-${props.environmentName}`;
  const dashboard = new CloudwatchDashboard(scope, "dashboard", { dashboardName: name, dashboardBody: JSON.stringify(body) });
  return { dashboard, name, body };
}
