/**
 * The archive's layout as the Glue table declares it (constructs/athena/layout.ts), function by
 * function: every layout's template, expanded for a date, an account and a region, is the key
 * prefix AWS's documentation says a flow log writes (computed on its own in
 * support/aws-archive-layout.ts), and each projection is the one Athena's guide gives.
 */
import type { ResolvedAthena, ResolvedS3Destination } from "../../constructs/config/resolved";
import {
  accountsInjected,
  archiveLayout,
  MAX_ENUM_ACCOUNTS,
  ORGANIZATION_PARTITION_CAP,
  partitionColumns,
  projectionParameters,
  tableLocation,
  type ArchiveLayout,
} from "../../constructs/athena/layout";
import { awsKeyPrefix, expandTemplate } from "../support/aws-archive-layout";

const LOCATION = { partition: "aws", accountId: "111111111111", region: "eu-west-1" };
const ATHENA = { firstYear: 2024 } as ResolvedAthena;
const AT = new Date(Date.UTC(2026, 2, 4, 5));

const destination = (more: Partial<ResolvedS3Destination>) =>
  ({ bucketName: "logs", hiveCompatiblePartitions: false, perHourPartition: false, ...more }) as ResolvedS3Destination;

const layout = (hive: boolean, perHour: boolean, more: Partial<ArchiveLayout> = {}): ArchiveLayout => ({
  bucket: "logs",
  folder: "",
  accountId: LOCATION.accountId,
  region: LOCATION.region,
  hiveCompatiblePartitions: hive,
  perHourPartition: perHour,
  ...more,
});

describe("where the table reads", () => {
  test("a created bucket: its root; an existing bucket: the folder of its ARN, however many levels; transit gateway records in a folder of their own", () => {
    expect(archiveLayout(destination({}), LOCATION)).toEqual(layout(false, false));
    const existing = destination({ bucketName: "central", existingBucketArn: "arn:aws:s3:::central/network/vpc/" });
    expect(archiveLayout(existing, LOCATION).folder).toBe("network/vpc");
    expect(archiveLayout(existing, LOCATION, true).folder).toBe("network/vpc/transit-gateway");
    expect(archiveLayout(destination({ existingBucketArn: "arn:aws:s3:::central" }), LOCATION, true).folder).toBe("transit-gateway");
    expect(archiveLayout(destination({ existingBucketArn: "arn:aws:s3:::central" }), LOCATION).folder).toBe("");
    const hourlyHive = archiveLayout(destination({ hiveCompatiblePartitions: true, perHourPartition: true }), LOCATION);
    expect([hourlyHive.hiveCompatiblePartitions, hourlyHive.perHourPartition, hourlyHive.organization]).toEqual([true, true, undefined]);
  });

  test.each([
    [false, false, ["date"]],
    [false, true, ["date", "hour"]],
    [true, false, ["year", "month", "day"]],
    [true, true, ["year", "month", "day", "hour"]],
  ] as const)("hive=%s perHour=%s: partitions %j; the template expanded is AWS's prefix, in the folder", (hive, perHour, columns) => {
    for (const folder of ["", "network/vpc"]) {
      const l = layout(hive, perHour, { folder });
      expect(partitionColumns(l)).toEqual(columns);
      const parameters = projectionParameters(l, ATHENA);
      expect(parameters["projection.enabled"]).toBe("true");
      const bucketAndFolder = folder ? `logs/${folder}` : "logs";
      const prefix = awsKeyPrefix({ bucketAndFolder, account: LOCATION.accountId, region: LOCATION.region }, hive, perHour, AT);
      expect(expandTemplate(parameters, AT, AT)).toBe(prefix);
      expect(prefix.startsWith(tableLocation(l))).toBe(true);
    }
  });

  test("Hive-compatible integer partitions: the year 4 digits from the first year, 30 years on; month, day and hour 2 digits", () => {
    const p = projectionParameters(layout(true, true), ATHENA);
    expect(p).toEqual({
      "projection.enabled": "true",
      "storage.location.template": expect.any(String),
      "projection.year.type": "integer",
      "projection.year.range": "2024,2054",
      "projection.year.digits": "4",
      "projection.month.type": "integer",
      "projection.month.range": "1,12",
      "projection.month.digits": "2",
      "projection.day.type": "integer",
      "projection.day.range": "1,31",
      "projection.day.digits": "2",
      "projection.hour.type": "integer",
      "projection.hour.range": "0,23",
      "projection.hour.digits": "2",
    });
  });
});

describe("an organisation's archive: one table over every member account and region", () => {
  const org = (accounts: string[], regions: string[]) =>
    layout(false, true, { accountId: "999999999999", region: "ap-northeast-1", organization: { accounts, regions } });
  const accounts = ["111111111111", "222222222222"];
  const regions = ["ap-northeast-1", "eu-west-1"];

  test("the account and the region first, as enums; the template reads each member's own prefix", () => {
    const l = org(accounts, regions);
    expect(partitionColumns(l)).toEqual(["aws_account", "aws_region", "date", "hour"]);
    expect(tableLocation(l)).toBe("s3://logs/AWSLogs/");
    const p = projectionParameters(l, ATHENA);
    expect(p).toMatchObject({
      "projection.aws_account.type": "enum",
      "projection.aws_account.values": "111111111111,222222222222",
      "projection.aws_region.type": "enum",
      "projection.aws_region.values": "ap-northeast-1,eu-west-1",
    });
    expect(
      Object.keys(p)
        .filter((k) => k.startsWith("projection."))
        .sort(),
    ).toEqual(
      [
        "projection.enabled",
        "projection.aws_account.type",
        "projection.aws_account.values",
        "projection.aws_region.type",
        "projection.aws_region.values",
        "projection.date.type",
        "projection.date.format",
        "projection.date.range",
        "projection.date.interval",
        "projection.date.interval.unit",
        "projection.hour.type",
        "projection.hour.range",
        "projection.hour.digits",
      ].sort(),
    );
    for (const account of accounts)
      for (const region of regions)
        expect(expandTemplate(p, AT, AT, { aws_account: account, aws_region: region })).toBe(
          awsKeyPrefix({ bucketAndFolder: "logs", account, region }, false, true, AT),
        );
    // Daily: no hour in the template.
    const daily = { ...l, perHourPartition: false };
    expect(expandTemplate(projectionParameters(daily, ATHENA), AT, AT, { aws_account: accounts[0], aws_region: regions[1] })).toBe(
      awsKeyPrefix({ bucketAndFolder: "logs", account: accounts[0], region: regions[1] }, false, false, AT),
    );
  });

  test("past an enum's size, or past the partition cap for a day, the accounts are injected (a query names them); the regions stay an enum", () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i));
    expect(accountsInjected({ accounts: ids(MAX_ENUM_ACCOUNTS), regions: ["eu-west-1"] })).toBe(false);
    expect(accountsInjected({ accounts: ids(MAX_ENUM_ACCOUNTS + 1), regions: ["eu-west-1"] })).toBe(true);
    // A day of every hour: accounts × regions × 24 partitions, at most the cap: 1,041 pairs fit (24,984), 1,042 do not.
    const regionsOf = (n: number) => Array.from({ length: n }, (_, i) => `r-${i}`);
    expect(Math.floor(ORGANIZATION_PARTITION_CAP / 24)).toBe(1041);
    expect(accountsInjected({ accounts: ids(3), regions: regionsOf(347) })).toBe(false);
    expect(accountsInjected({ accounts: ids(2), regions: regionsOf(521) })).toBe(true);
    const p = projectionParameters(org(ids(MAX_ENUM_ACCOUNTS + 1), regions), ATHENA);
    expect(p["projection.aws_account.type"]).toBe("injected");
    expect(p["projection.aws_account.values"]).toBeUndefined();
    expect(p["projection.aws_region.values"]).toBe("ap-northeast-1,eu-west-1");
    expect(expandTemplate(p, AT, AT, { aws_account: "100000000007", aws_region: "eu-west-1" })).toBe(
      awsKeyPrefix({ bucketAndFolder: "logs", account: "100000000007", region: "eu-west-1" }, false, true, AT),
    );
  });
});
