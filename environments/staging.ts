import type { EnvironmentConfig } from "../constructs";
import { STATE_BUCKET, STATE_REGION } from "./shared";

/**
 * Staging: a custom record format with version 3 to 5 fields, to CloudWatch Logs for
 * monitoring and to the organisation's archive for analysis (its own S3 archive retired).
 */
export const staging: EnvironmentConfig = {
  name: "staging",
  accountId: "222222222222",
  region: "ap-northeast-1",
  promotionOrder: 2,
  network: {
    cidr: "10.20.0.0/16",
    availabilityZones: ["ap-northeast-1a", "ap-northeast-1c"],
    natGateways: "single",
  },
  flowLogs: {
    trafficType: "ALL",
    maxAggregationInterval: 60,
    logFormat: [
      "version",
      "account-id",
      "interface-id",
      "srcaddr",
      "dstaddr",
      "srcport",
      "dstport",
      "protocol",
      "packets",
      "bytes",
      "start",
      "end",
      "action",
      "log-status",
      "vpc-id",
      "subnet-id",
      "instance-id",
      "tcp-flags",
      "type",
      "pkt-srcaddr",
      "pkt-dstaddr",
      "region",
      "az-id",
      "pkt-src-aws-service",
      "pkt-dst-aws-service",
      "flow-direction",
      "traffic-path",
    ],
    destinations: [
      { type: "cloud-watch-logs", retentionInDays: 90 },
      // Its own archive of before, retired for the organisation's (kept in AWS, forgotten by Terraform).
      {
        type: "s3",
        fileFormat: "parquet",
        encryption: "sse-kms",
        lifecycle: { glacierStorageClass: "GLACIER_IR" },
        athena: true,
        retired: true,
      },
      { type: "organization-archive" },
    ],
  },
  monitoring: { alarmEmails: ["network-alerts-staging@example.com"] },
  state: { bucket: STATE_BUCKET, region: STATE_REGION },
};
