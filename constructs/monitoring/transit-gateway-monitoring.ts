/**
 * Monitoring of a transit gateway's records in CloudWatch Logs: a metric filter per loss
 * counter (summing the packets it counts, not the records), an alarm per cause to the
 * environment's topic, saved Logs Insights queries (losses by attachment and cause, top talkers
 * across attachments) and the dashboard's widgets. Logs Insights discovers no transit gateway
 * field, so every query names the format's fields with a `parse`. A cause whose counter the
 * format lacks gets no filter or alarm, and the synth says so.
 */
import { Annotations } from "cdktf";
import type { Construct } from "constructs";
import { CloudwatchLogMetricFilter } from "@cdktf/provider-aws/lib/cloudwatch-log-metric-filter";
import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { CloudwatchQueryDefinition } from "@cdktf/provider-aws/lib/cloudwatch-query-definition";
import type { ResolvedAlarm } from "../config/resolved";
import type { MonitoredLogGroup } from "../flow-logs/destinations/destination";
import {
  LOSS_CAUSES,
  LOSS_FIELDS,
  TRANSIT_GATEWAY_FIELDS,
  type LossCause,
  type TransitGatewayField,
  type TransitGatewayFormat,
} from "../records/transit-gateway-format";
import { PROJECT_NAME } from "../shared/names";
import { arn, type AwsLocation } from "../shared/policy";
import { alarmStatusWidget, logWidget, metricWidget, textWidget, type WidgetSpec } from "./dashboard";
import { patternFieldName, spaceDelimitedPattern, type PatternConditions } from "./filter-pattern";
import { thresholdAlarm } from "./metric-alarms";
import { parseCommand } from "./queries";

/** A metric of transit gateway records: the packets dropped for one cause. */
export interface TransitGatewayMetricSpec {
  readonly id: `transit-gateway-lost-${LossCause}`;
  readonly cause: LossCause;
  readonly metricName: string;
  readonly description: string;
  readonly conditions: PatternConditions<TransitGatewayField>;
  /** The counter whose value the filter publishes. */
  readonly field: TransitGatewayField;
}

const CAUSE_WORDS: Readonly<Record<LossCause, { name: string; why: string }>> = {
  "no-route": { name: "NoRoute", why: "no route in the route table associated with the source attachment" },
  blackhole: { name: "Blackhole", why: "a blackhole route matched" },
  "mtu-exceeded": { name: "MtuExceeded", why: "larger than the attachment's MTU" },
  "ttl-expired": { name: "TtlExpired", why: "time to live expired, a likely routing loop" },
};

/** One metric per loss cause, in AWS's order of the counters. */
export const TRANSIT_GATEWAY_METRICS: readonly TransitGatewayMetricSpec[] = LOSS_CAUSES.map((cause) => ({
  id: `transit-gateway-lost-${cause}` as const,
  cause,
  metricName: `TransitGatewayPacketsLost${CAUSE_WORDS[cause].name}`,
  description: `packets the transit gateway dropped: ${CAUSE_WORDS[cause].why}`,
  conditions: [[{ field: LOSS_FIELDS[cause], op: ">", value: 0 }]],
  field: LOSS_FIELDS[cause],
}));

/** A saved query over transit gateway records. */
export interface TransitGatewayQuerySpec {
  readonly id: "transit-gateway-losses" | "transit-gateway-top-talkers";
  readonly title: string;
  /** The fields it needs (any one of `anyOf` besides). */
  readonly needs: readonly TransitGatewayField[];
  readonly anyOf?: readonly TransitGatewayField[];
  /** The query after the `parse`, for the format (its loss counters), given each field's name. */
  body(f: (field: TransitGatewayField) => string, format: TransitGatewayFormat): string;
}

export const TRANSIT_GATEWAY_QUERIES: readonly TransitGatewayQuerySpec[] = [
  {
    id: "transit-gateway-losses",
    title: "Packets the transit gateway dropped, by attachment pair and cause",
    needs: ["tgw-attachment-id"],
    anyOf: LOSS_CAUSES.map((c) => LOSS_FIELDS[c]),
    body: (f, format) => {
      const counters = format.lossCauses.map((c) => LOSS_FIELDS[c]);
      const pair = format.has("tgw-pair-attachment-id") ? `, ${f("tgw-pair-attachment-id")}` : "";
      const sums = counters.map((c) => `sum(${f(c)}) as ${f(c)}`).join(", ");
      const total = counters.map((c) => f(c)).join(" + ");
      return (
        `filter ${counters.map((c) => `${f(c)} > 0`).join(" or ")}\n` +
        `| stats ${sums}, count(*) as records by ${f("tgw-attachment-id")}${pair}\n` +
        `| sort ${counters.length > 1 ? `${total}` : f(counters[0])} desc\n| limit 50`
      );
    },
  },
  {
    id: "transit-gateway-top-talkers",
    title: "Top talkers across attachments",
    needs: ["tgw-attachment-id", "srcaddr", "dstaddr", "bytes"],
    body: (f, format) => {
      const pair = format.has("tgw-pair-attachment-id") ? `, ${f("tgw-pair-attachment-id")}` : "";
      return `stats sum(${f("bytes")}) as bytesTransferred by ${f("tgw-attachment-id")}${pair}, ${f("srcaddr")}, ${f("dstaddr")}\n| sort bytesTransferred desc\n| limit 20`;
    },
  },
];

/** The `parse` that names a transit gateway format's fields (one `*` per field, in order). */
export function transitGatewayParse(format: TransitGatewayFormat): string {
  return parseCommand(format, TRANSIT_GATEWAY_FIELDS);
}

/** A query's text for a format: the `parse`, then its body; undefined when the format lacks what it needs. */
export function renderTransitGatewayQuery(spec: TransitGatewayQuerySpec, format: TransitGatewayFormat): string | undefined {
  if (!spec.needs.every((f) => format.has(f)) || (spec.anyOf && !spec.anyOf.some((f) => format.has(f)))) return undefined;
  return `${transitGatewayParse(format)}\n| ${spec.body((f) => TRANSIT_GATEWAY_FIELDS[f].queryName, format)}`;
}

/** Props of {@link addTransitGatewayMonitoring}. */
export interface TransitGatewayMonitoringProps {
  readonly location: AwsLocation;
  readonly environmentName: string;
  /** The log group of the transit gateway records. */
  readonly logGroup: MonitoredLogGroup;
  readonly format: TransitGatewayFormat;
  readonly namespace: string;
  readonly alarmPrefix: string;
  readonly alarm: ResolvedAlarm;
  readonly actions: string[];
}

/** What transit gateway monitoring made. */
export interface TransitGatewayMonitoring {
  readonly metricFilters: ReadonlyMap<TransitGatewayMetricSpec["id"], { filter: CloudwatchLogMetricFilter; pattern: string }>;
  readonly alarms: readonly { alarm: CloudwatchMetricAlarm; name: string }[];
  readonly queries: ReadonlyMap<TransitGatewayQuerySpec["id"], { definition: CloudwatchQueryDefinition; query: string }>;
  /** The dashboard's widgets for them. */
  readonly widgets: readonly WidgetSpec[];
}

/** Metric filters, alarms, saved queries and widgets over a transit gateway records' group. */
export function addTransitGatewayMonitoring(scope: Construct, p: TransitGatewayMonitoringProps): TransitGatewayMonitoring {
  const env = p.environmentName;
  const metricFilters = new Map<TransitGatewayMetricSpec["id"], { filter: CloudwatchLogMetricFilter; pattern: string }>();
  const alarms: { alarm: CloudwatchMetricAlarm; name: string }[] = [];
  const missing: string[] = [];
  for (const spec of TRANSIT_GATEWAY_METRICS) {
    if (!p.format.has(spec.field)) {
      missing.push(spec.field);
      continue;
    }
    const pattern = spaceDelimitedPattern(p.format, spec.conditions);
    const filter = new CloudwatchLogMetricFilter(scope, `filter-${spec.id}`, {
      name: `${env}-${spec.id}`,
      logGroupName: p.logGroup.nameRef,
      pattern,
      // The packets dropped, summed: one record can stand for many.
      metricTransformation: {
        name: spec.metricName,
        namespace: p.namespace,
        value: `$${patternFieldName(spec.field)}`,
        defaultValue: "0",
        unit: "Count",
      },
    });
    metricFilters.set(spec.id, { filter, pattern });
    if (!p.alarm.enabled) continue;
    const name = `${p.alarmPrefix}${spec.id}`;
    // No records, no loss: a silent flow log is a delivery problem, not a dropped packet (missing data is not breaching).
    const alarm = thresholdAlarm(
      scope,
      p,
      spec,
      name,
      p.alarm,
      filter,
      `See the transit-gateway-losses query in ${PROJECT_NAME}/${env}, or explain the records.`,
    );
    alarms.push({ alarm, name });
  }
  if (missing.length > 0)
    Annotations.of(scope).addWarning(
      `environment "${env}": no metric filter or alarm for ${missing.join(", ")}: flowLogs.transitGatewayLogFormat does not have ${missing.length === 1 ? "that field" : "those fields"}`,
    );
  const queries = new Map<TransitGatewayQuerySpec["id"], { definition: CloudwatchQueryDefinition; query: string }>();
  for (const spec of TRANSIT_GATEWAY_QUERIES) {
    const query = renderTransitGatewayQuery(spec, p.format);
    if (query === undefined) {
      Annotations.of(scope).addWarning(
        `environment "${env}": no saved query ${spec.id}: flowLogs.transitGatewayLogFormat needs ${spec.needs.join(", ")}${spec.anyOf ? ` and one of ${spec.anyOf.join(", ")}` : ""}`,
      );
      continue;
    }
    const definition = new CloudwatchQueryDefinition(scope, `query-${spec.id}`, {
      name: `${PROJECT_NAME}/${env}/${spec.id}`,
      logGroupNames: [p.logGroup.nameRef],
      queryString: query,
    });
    queries.set(spec.id, { definition, query });
  }
  const l = p.location;
  const widgets: WidgetSpec[] = [
    textWidget(
      `## Transit gateway records\nFrom log group \`${p.logGroup.name}\`, ${p.format.isDefault ? "in AWS's default transit gateway format" : `in a custom format of ${p.format.fields.length} fields`}: packets the gateway dropped, by cause.`,
      2,
    ),
  ];
  if (alarms.length > 0)
    widgets.push(
      alarmStatusWidget(
        alarms.map((a) => arn.alarm(l, a.name)),
        "Transit gateway alarms",
      ),
    );
  const shown = TRANSIT_GATEWAY_METRICS.filter((m) => metricFilters.has(m.id));
  if (shown.length > 0)
    widgets.push(
      metricWidget({
        metrics: shown.map((m, i) => [p.namespace, m.metricName, { id: `m${i + 1}`, label: m.metricName }]),
        region: l.region,
        title: "Packets the transit gateway dropped, by cause",
        periodSeconds: 300,
        width: 24,
      }),
    );
  for (const [id, q] of queries) {
    const spec = TRANSIT_GATEWAY_QUERIES.find((s) => s.id === id)!;
    widgets.push(
      logWidget({ logGroupName: p.logGroup.name, query: q.query, region: l.region, title: spec.title, view: "table", width: 12 }),
    );
  }
  return { metricFilters, alarms, queries, widgets };
}
