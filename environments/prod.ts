import type { EnvironmentConfig } from "../constructs";
import { STATE_BUCKET, STATE_REGION } from "./shared";

/**
 * Production: the default format to CloudWatch Logs encrypted with a customer-managed key
 * and kept 400 days, and the organisation's archive (Parquet, per hour, queried with the other
 * accounts' records in one Athena table). Its own S3 archive of before (Parquet, per hour,
 * SSE-KMS, kept 3 years, queryable with Athena) is retired: kept in AWS, forgotten by
 * Terraform. Log groups and buckets are protected from destroy.
 */
export const prod: EnvironmentConfig = {
  name: "prod",
  accountId: "333333333333",
  region: "ap-northeast-1",
  promotionOrder: 3,
  production: true,
  network: {
    cidr: "10.30.0.0/16",
    availabilityZones: ["ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"],
    natGateways: "per-az",
  },
  flowLogs: {
    trafficType: "ALL",
    maxAggregationInterval: 60,
    destinations: [
      { type: "cloud-watch-logs", retentionInDays: 400, customerManagedKey: true },
      {
        type: "s3",
        fileFormat: "parquet",
        perHourPartition: true,
        encryption: "sse-kms",
        lifecycle: {
          transitionToInfrequentAccessDays: 30,
          transitionToGlacierDays: 90,
          glacierStorageClass: "GLACIER_IR",
          expirationDays: 1096,
        },
        athena: { bytesScannedCutoffPerQuery: 50 * 1024 ** 3 },
        // Retired for the organisation's archive: its three years of records stay in AWS, bucket,
        // key and Athena as they are, and Terraform forgets them.
        retired: true,
      },
      { type: "organization-archive" },
    ],
  },
  monitoring: {
    alarmEmails: ["network-alerts@example.com", "oncall-network@example.com"],
    alarms: {
      // A busy production VPC sees background scans all day: alarm on sustained rejects only.
      rejectedFlows: { threshold: 500, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 2 },
      rejectedRemoteAccess: { threshold: 10 },
      bytesAnomaly: { enabled: true, bandWidth: 3 },
    },
  },
  state: { bucket: STATE_BUCKET, region: STATE_REGION },
  tags: { CostCenter: "network-prod", DataClassification: "internal" },
};
