/** Monitoring of a flow-log group: saved queries, metric filters and alarms, the alarm topic, the dashboard. */
export { FlowLogGroupMonitoring, type FlowLogGroupMonitoringProps } from "./flow-log-group-monitoring";
export { AlarmTopic, type AlarmTopicProps } from "./alarm-topic";
export { DeliveryWatch, DELIVERY_WATCH_METRIC, type DeliveryWatchProps } from "./delivery-watch";
export { watchDeliveries, type WatchedDelivery, type WatchOutcome, type WatchPlan, type WatchServices } from "./delivery-watch-handler";
export type { SavedQuery } from "./saved-queries";
export { anomalyBand, type MetricAlarm, type MetricFilter } from "./metric-alarms";
export { FLOW_QUERIES, parseCommand, queryFieldName, renderQuery, type FlowQuerySpec } from "./queries";
export {
  FLOW_METRICS,
  metricFields,
  metricValue,
  patternFieldName,
  spaceDelimitedPattern,
  type FieldComparison,
  type FlowMetricSpec,
  type PatternConditions,
} from "./filter-pattern";
export { dashboardBody, DASHBOARD_COLUMNS, layoutWidgets, type DashboardBody, type PlacedWidget, type WidgetSpec } from "./dashboard";
export {
  addTransitGatewayMonitoring,
  renderTransitGatewayQuery,
  TRANSIT_GATEWAY_METRICS,
  TRANSIT_GATEWAY_QUERIES,
  transitGatewayParse,
  type TransitGatewayMetricSpec,
  type TransitGatewayMonitoring,
  type TransitGatewayMonitoringProps,
  type TransitGatewayQuerySpec,
} from "./transit-gateway-monitoring";
