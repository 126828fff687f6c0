import type { Construct } from "constructs";
import type { MonitoringConfig, TrafficType } from "../config/types";
import { validateMonitoring } from "../config/validation/environment";
import type { MonitoredLogGroup } from "../flow-logs/destinations/destination";
import { FlowLogGroupMonitoring } from "../monitoring/flow-log-group-monitoring";
import type { RecordFormat } from "../records/record-format";
import type { AwsLocation } from "../shared/policy";

/** Props of {@link Monitoring}. */
export interface MonitoringProps {
  /** Where the monitoring lives (the log group's partition, account and region). */
  readonly location: AwsLocation;
  /** Used in every resource name (alarms, topic, dashboard, query folder), like an environment name. */
  readonly environmentName: string;
  /** The CloudWatch Logs group that receives the VPC's flow log records. */
  readonly logGroup: MonitoredLogGroup;
  /** The record format of those records. */
  readonly format: RecordFormat;
  /**
   * Which traffic the flow log records: with ACCEPT there are no rejected records, so the
   * rejected-traffic queries, filters and alarms are left out.
   * @default "ALL"
   */
  readonly trafficType?: TrafficType;
  /**
   * Subscriptions and alarm settings, as in an environment's `monitoring`: each alarm's
   * settings partial (`{ rejectedFlows: { threshold: 5 } }`), the rest from the defaults.
   */
  readonly monitoring: MonitoringConfig;
  /**
   * Production: the alarms must notify someone (an e-mail address or an HTTPS endpoint).
   * @default false
   */
  readonly production?: boolean;
}

/**
 * Monitoring of a CloudWatch Logs group holding VPC flow logs of a known record format, on its
 * own (the group may exist outside this app): saved queries, metric filters, alarms, the
 * encrypted alarm topic and the dashboard. Its settings are validated and completed as an
 * environment's are; a bad one throws a ConfigError naming the field before anything is
 * created.
 */
export class Monitoring extends FlowLogGroupMonitoring {
  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id, { ...props, monitoring: validateMonitoring(props) });
  }
}
