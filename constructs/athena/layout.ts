/**
 * Where a flow log writes its S3 objects, and the Athena table that reads exactly that: the
 * location, the partition columns with their projection, and the template that turns a
 * partition's values into the prefix AWS writes.
 *
 * Two partition schemes, as AWS's Athena guide writes them:
 * - plain prefixes (`.../<region>/yyyy/MM/dd/[HH/]`): one `date` column projected as a date
 *   (`yyyy/MM/dd`, from the first day to NOW, one day apart) and, per hour, an `hour` column;
 * - Hive-compatible prefixes (`year=yyyy/month=MM/day=dd/[hour=HH/]`): a column per folder,
 *   integers (the date projection cannot span several folders).
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-path.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection.html
 * @see https://docs.aws.amazon.com/athena/latest/ug/vpc-flow-logs-partition-projection-parquet-example.html
 */
import type { ResolvedAthena, ResolvedS3Destination } from "../config/resolved";
import { TRANSIT_GATEWAY_S3_FOLDER } from "../flow-logs/destinations/s3";
import type { AwsLocation } from "../shared/policy";

/** What decides the keys of a flow log's objects. */
export interface ArchiveLayout {
  readonly bucket: string;
  /** The folder of the flow log's destination (`arn:aws:s3:::bucket/folder`), "" for the root. */
  readonly folder: string;
  /** The account and region whose records the table reads; for an organisation's archive, its own. */
  readonly accountId: string;
  readonly region: string;
  readonly hiveCompatiblePartitions: boolean;
  readonly perHourPartition: boolean;
  /**
   * An organisation's archive: every member account's and region's records under one prefix,
   * read by one table whose first partition columns are the account and the region.
   */
  readonly organization?: OrganizationPartitions;
}

/** The accounts and regions of an organisation's archive, and how the table projects them. */
export interface OrganizationPartitions {
  /** The member accounts (sorted, each once). */
  readonly accounts: readonly string[];
  /** The members' regions (sorted, each once). */
  readonly regions: readonly string[];
}

/**
 * The most accounts the organisation table projects as an `enum`. AWS advises enums of a few
 * dozen values at most (each query plans every value); past this, the account column is
 * `injected`: a query must name its accounts (`aws_account IN (...)`), and
 * its candidates are those accounts only.
 * @see https://docs.aws.amazon.com/athena/latest/ug/partition-projection-supported-types.html
 */
export const MAX_ENUM_ACCOUNTS = 50;

/**
 * The most partitions a named query of the organisation's archive may read, this project's own
 * cap: AWS publishes none, but warns that a query over many thousands of projected partitions
 * may time out while it plans. A query over every account and region reads accounts × regions
 * × days × 24 hours; the window shrinks (down to a day) to stay under it, and past that the
 * accounts are injected.
 */
export const ORGANIZATION_PARTITION_CAP = 25_000;

/** The account-region pairs whose 24 hours of a day fit under the cap. */
const PAIRS_IN_A_DAY = Math.floor(ORGANIZATION_PARTITION_CAP / 24);

/**
 * Whether the organisation table's account column is `injected` (queries name their accounts)
 * rather than an `enum`: past {@link MAX_ENUM_ACCOUNTS} accounts, or when one day over every
 * account and region would pass {@link ORGANIZATION_PARTITION_CAP}.
 */
export function accountsInjected(org: OrganizationPartitions): boolean {
  return org.accounts.length > MAX_ENUM_ACCOUNTS || org.accounts.length * org.regions.length > PAIRS_IN_A_DAY;
}

/** A partition column of a flow-log table. */
export type PartitionColumn = "aws_account" | "aws_region" | "date" | "year" | "month" | "day" | "hour";

/** The layout of the VPC's records (or, with `transitGateway`, of transit gateway records) of a destination. */
export function archiveLayout(d: ResolvedS3Destination, location: AwsLocation, transitGateway = false): ArchiveLayout {
  // An existing bucket's ARN may name a folder (`arn:aws:s3:::bucket/folder`); a created bucket is read from its root.
  const folder = d.existingBucketArn ? d.existingBucketArn.split("/").slice(1).filter(Boolean).join("/") : "";
  return {
    bucket: d.bucketName,
    folder: transitGateway ? [folder, TRANSIT_GATEWAY_S3_FOLDER].filter(Boolean).join("/") : folder,
    accountId: location.accountId,
    region: location.region,
    hiveCompatiblePartitions: d.hiveCompatiblePartitions,
    perHourPartition: d.perHourPartition,
  };
}

/**
 * The partition columns of a flow-log table, in path order: for an organisation's archive the
 * account and the region first; `date` (Hive: year, month, day), then `hour` when hourly.
 */
export function partitionColumns(layout: ArchiveLayout): readonly PartitionColumn[] {
  const days: PartitionColumn[] = layout.hiveCompatiblePartitions ? ["year", "month", "day"] : ["date"];
  const time: PartitionColumn[] = layout.perHourPartition ? [...days, "hour"] : days;
  // Named apart from the record's own `account_id` and `region` columns.
  return layout.organization ? ["aws_account", "aws_region", ...time] : time;
}

/** The table's LOCATION: the prefix above the date folders (an organisation's: above the account folders), ending in `/`. */
export function tableLocation(l: ArchiveLayout): string {
  const root = `s3://${[l.bucket, l.folder].filter(Boolean).join("/")}/AWSLogs/`;
  if (l.organization) return root;
  return l.hiveCompatiblePartitions
    ? `${root}aws-account-id=${l.accountId}/aws-service=vpcflowlogs/aws-region=${l.region}/`
    : `${root}${l.accountId}/vpcflowlogs/${l.region}/`;
}

/** `storage.location.template`: the table location and a `${column}` per partition folder. */
export function locationTemplate(l: ArchiveLayout): string {
  if (l.organization) {
    const time = partitionColumns(l).filter((c) => c !== "aws_account" && c !== "aws_region");
    return `${tableLocation(l)}\${aws_account}/vpcflowlogs/\${aws_region}/${time.map((c) => `\${${c}}`).join("/")}/`;
  }
  const parts = partitionColumns(l).map((c) => (l.hiveCompatiblePartitions ? `${c}=\${${c}}` : `\${${c}}`));
  return `${tableLocation(l)}${parts.join("/")}/`;
}

/** The format of the projected `date` column: AWS's date folders, `2024/05/07`. */
export const DATE_PROJECTION_FORMAT = "yyyy/MM/dd";

/**
 * The years an integer `year` projection spans from the first. An integer projection cannot end
 * at NOW, and a table must keep reading new deliveries without a deploy, so it ends that many
 * years on; queries bound the year themselves (every named query names the window's years).
 */
export const HIVE_YEAR_SPAN = 30;

/**
 * The projection of each partition column. Plain prefixes: `date` from the first year's first
 * day to NOW, a day apart (nothing in the future is a candidate); Hive prefixes: integers,
 * zero-padded as AWS writes them. `hour`: 00 to 23.
 */
export function projectionParameters(l: ArchiveLayout, athena: ResolvedAthena): Record<string, string> {
  const ranges = { year: [athena.firstYear, athena.firstYear + HIVE_YEAR_SPAN], month: [1, 12], day: [1, 31], hour: [0, 23] } as const;
  type Ranged = keyof typeof ranges;
  const out: Record<string, string> = { "projection.enabled": "true", "storage.location.template": locationTemplate(l) };
  for (const c of partitionColumns(l)) {
    if ((c === "aws_account" || c === "aws_region") && l.organization) {
      const values = c === "aws_account" ? l.organization.accounts : l.organization.regions;
      if (c === "aws_account" && accountsInjected(l.organization)) {
        out["projection.aws_account.type"] = "injected";
        continue;
      }
      out[`projection.${c}.type`] = "enum";
      out[`projection.${c}.values`] = values.join(",");
      continue;
    }
    if (c === "date") {
      out["projection.date.type"] = "date";
      out["projection.date.format"] = DATE_PROJECTION_FORMAT;
      out["projection.date.range"] = `${athena.firstYear}/01/01,NOW`;
      out["projection.date.interval"] = "1";
      out["projection.date.interval.unit"] = "DAYS";
      continue;
    }
    out[`projection.${c}.type`] = "integer";
    out[`projection.${c}.range`] = ranges[c as Ranged].join(",");
    out[`projection.${c}.digits`] = c === "year" ? "4" : "2";
  }
  return out;
}
