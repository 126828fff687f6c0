/**
 * Where a flow log writes its S3 objects, and the Athena table that reads exactly that: the
 * location, the partition columns with their projection, and the template that turns a
 * partition's values into the prefix AWS writes.
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
 */
import type { ResolvedAthena, ResolvedS3Destination } from "../config/resolved";
import { TRANSIT_GATEWAY_S3_FOLDER } from "../flow-logs/destinations/s3";
import type { AwsLocation } from "../shared/policy";

/** What decides the keys of a flow log's objects. */
export interface ArchiveLayout {
  readonly bucket: string;
  /** The folder of the flow log's destination (`arn:aws:s3:::bucket/folder`), "" for the root. */
  readonly folder: string;
  readonly accountId: string;
  readonly region: string;
  readonly hiveCompatiblePartitions: boolean;
  readonly perHourPartition: boolean;
}

/** The layout of the VPC's records (or, with `transitGateway`, of transit gateway records) of a destination. */
export function archiveLayout(d: ResolvedS3Destination, location: AwsLocation, transitGateway = false): ArchiveLayout {
  const path = d.existingBucketArn ? d.existingBucketArn.slice(d.existingBucketArn.indexOf(":::") + 3) : d.bucketName;
  const folder = path.split("/").slice(1).filter(Boolean).join("/");
  return {
    bucket: d.bucketName,
    folder: transitGateway ? [folder, TRANSIT_GATEWAY_S3_FOLDER].filter(Boolean).join("/") : folder,
    accountId: location.accountId,
    region: location.region,
    hiveCompatiblePartitions: d.hiveCompatiblePartitions,
    perHourPartition: d.perHourPartition,
  };
}

/** The partition columns of a flow-log table, in path order: year, month, day (and hour). */
export function partitionColumns(layout: ArchiveLayout): readonly ("year" | "month" | "day" | "hour")[] {
  return layout.perHourPartition ? ["year", "month", "day", "hour"] : ["year", "month", "day"];
}

/** The table's LOCATION: the prefix above the date folders, ending in `/`. */
export function tableLocation(l: ArchiveLayout): string {
  const root = `s3://${[l.bucket, l.folder].filter(Boolean).join("/")}/AWSLogs/`;
  return l.hiveCompatiblePartitions
    ? `${root}aws-account-id=${l.accountId}/aws-service=vpcflowlogs/aws-region=${l.region}/`
    : `${root}${l.accountId}/vpcflowlogs/${l.region}/`;
}

/** `storage.location.template`: the table location and a `${column}` per date folder. */
export function locationTemplate(l: ArchiveLayout): string {
  const parts = partitionColumns(l).map((c) => (l.hiveCompatiblePartitions ? `${c}=\${${c}}` : `\${${c}}`));
  return `${tableLocation(l)}${parts.join("/")}/`;
}

/** The projection of each date column: integers, zero-padded as AWS writes them. */
export function projectionParameters(l: ArchiveLayout, athena: ResolvedAthena): Record<string, string> {
  const ranges = { year: [athena.firstYear, athena.firstYear + 30], month: [1, 12], day: [1, 31], hour: [0, 23] } as const;
  const out: Record<string, string> = { "projection.enabled": "true", "storage.location.template": locationTemplate(l) };
  for (const c of partitionColumns(l)) {
    out[`projection.${c}.type`] = "integer";
    out[`projection.${c}.range`] = ranges[c].join(",");
    out[`projection.${c}.digits`] = c === "year" ? "4" : "2";
  }
  return out;
}
