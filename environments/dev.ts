import type { EnvironmentConfig } from "../constructs";
import { STATE_BUCKET, STATE_REGION } from "./shared";

/**
 * Development: the VPC's flow log, all traffic, 60 s aggregation, to CloudWatch Logs in the
 * AWS default format, kept 30 days.
 */
export const dev: EnvironmentConfig = {
  name: "dev",
  accountId: "111111111111",
  region: "ap-northeast-1",
  promotionOrder: 1,
  network: {
    cidr: "10.10.0.0/16",
    availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
    natGateways: "none",
  },
  flowLogs: {
    trafficType: "ALL",
    maxAggregationInterval: 60,
    destinations: [{ type: "cloud-watch-logs", retentionInDays: 30 }],
  },
  monitoring: { alarmEmails: ["network-alerts-dev@example.com"] },
  state: { bucket: STATE_BUCKET, region: STATE_REGION },
  tags: { CostCenter: "network-dev" },
};
