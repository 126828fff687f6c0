/**
 * Athena over the S3 archive. The table's template, expanded for an account, region, date and
 * hour, is compared with the key prefix AWS's documentation says a flow log writes, computed
 * here on its own; the columns, the storage, the workgroup and the validation follow.
 */
import { ATHENA_DEFAULTS, type EnvironmentConfig, type S3DestinationConfig } from "../constructs";
import { prod } from "../environments/prod";
import { staging } from "../environments/staging";
import { environmentWith, problemsOf, resource, resources, synthEnvironment, type TfJson, warningsUnder } from "./helpers";
import { NO_MONITORING } from "./support/environment";

const ACCOUNT = "111111111111";
const REGION = "ap-northeast-1";

/**
 * The key prefix of a flow log's objects for one hour, as AWS's VPC guide describes it ("Log
 * file S3 path"): `bucket/folder/AWSLogs/<account>/vpcflowlogs/<region>/<yyyy>/<MM>/<dd>/[<HH>/]`,
 * or with Hive-compatible prefixes `aws-account-id=`, `aws-service=vpcflowlogs`, `aws-region=`,
 * `year=`, `month=`, `day=` and `hour=`.
 */
function awsKeyPrefix(bucketAndFolder: string, hive: boolean, perHour: boolean, at: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  const [y, m, d, h] = [String(at.getUTCFullYear()), p(at.getUTCMonth() + 1), p(at.getUTCDate()), p(at.getUTCHours())];
  const head = hive
    ? `aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/year=${y}/month=${m}/day=${d}/`
    : `${ACCOUNT}/vpcflowlogs/${REGION}/${y}/${m}/${d}/`;
  return `s3://${bucketAndFolder}/AWSLogs/${head}${perHour ? (hive ? `hour=${h}/` : `${h}/`) : ""}`;
}

/**
 * Expands `storage.location.template` as Athena's projection does: each `${column}` becomes a
 * value in the column's range, zero-padded to its digits (the table's parameters as AWS gets
 * them, Terraform's `$${` read back as `${`).
 */
function expandTemplate(parameters: Record<string, string>, at: Date): string {
  const values: Record<string, number> = {
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hour: at.getUTCHours(),
  };
  const template = parameters["storage.location.template"].replace(/\$\$\{/g, "${");
  return template.replace(/\$\{(\w+)\}/g, (_, column: string) => {
    expect(parameters[`projection.${column}.type`]).toBe("integer");
    const [lo, hi] = parameters[`projection.${column}.range`].split(",").map(Number);
    expect(values[column]).toBeGreaterThanOrEqual(lo);
    expect(values[column]).toBeLessThanOrEqual(hi);
    return String(values[column]).padStart(Number(parameters[`projection.${column}.digits`]), "0");
  });
}

const tableOf = (json: TfJson) => resource(json, "aws_glue_catalog_table");

function withS3(s3: Omit<S3DestinationConfig, "type">): EnvironmentConfig {
  return environmentWith((e) => (e.flowLogs.destinations = [{ type: "s3", ...s3 }]), NO_MONITORING);
}

describe("the table reads exactly the prefix the flow log writes", () => {
  const dates = [new Date(Date.UTC(2024, 0, 5, 7)), new Date(Date.UTC(2026, 10, 23, 23)), new Date(Date.UTC(2031, 8, 30, 0))];
  const layouts = [false, true].flatMap((hive) =>
    [false, true].flatMap((perHour) => (["parquet", "plain-text"] as const).map((fileFormat) => ({ hive, perHour, fileFormat }))),
  );

  test.each(layouts)("hive=$hive perHour=$perHour $fileFormat: template expanded = AWS's key prefix, for every date", (l) => {
    const { json } = synthEnvironment(
      withS3({
        fileFormat: l.fileFormat,
        hiveCompatiblePartitions: l.hive,
        perHourPartition: l.perHour,
        encryption: "sse-s3",
        lifecycle: { glacierStorageClass: "GLACIER_IR" },
        athena: true,
      }),
    );
    const table = tableOf(json);
    const bucket = `test-${ACCOUNT}-${REGION}-vpc-flow-logs`;
    for (const at of dates) expect(expandTemplate(table.parameters, at)).toBe(awsKeyPrefix(bucket, l.hive, l.perHour, at));
    expect(awsKeyPrefix(bucket, l.hive, l.perHour, dates[0]).startsWith(table.storage_descriptor.location)).toBe(true);
    expect(table.partition_keys.map((k: { name: string }) => k.name)).toEqual(
      l.perHour ? ["year", "month", "day", "hour"] : ["year", "month", "day"],
    );
    // The flow log writes to the bucket whose prefix the table reads.
    expect(resource(json, "aws_flow_log").destination_options).toMatchObject({
      file_format: l.fileFormat,
      hive_compatible_partitions: l.hive,
      per_hour_partition: l.perHour,
    });
  });

  test("an existing bucket with a folder: the folder is part of the location", () => {
    const { json } = synthEnvironment(withS3({ existingBucketArn: "arn:aws:s3:::central-logs/network/vpc", athena: true }));
    const at = new Date(Date.UTC(2025, 1, 3, 4));
    expect(expandTemplate(tableOf(json).parameters, at)).toBe(awsKeyPrefix("central-logs/network/vpc", false, false, at));
  });
});

describe("columns and storage", () => {
  const { json } = synthEnvironment(staging);
  const table = tableOf(json);

  test("columns in the format's field order, AWS's names with underscores, the width AWS writes", () => {
    const fields = staging.flowLogs.logFormat!;
    const columns = table.storage_descriptor.columns as { name: string; type: string }[];
    expect(columns.map((c) => c.name)).toEqual(fields.map((f) => f.replace(/-/g, "_")));
    const typeOf = Object.fromEntries(columns.map((c) => [c.name, c.type]));
    // AWS's Parquet types: INT_32 for version, ports, protocol, tcp-flags, traffic-path; INT_64
    // for packets, bytes, start, end; strings for the rest.
    for (const c of ["version", "srcport", "dstport", "protocol", "tcp_flags", "traffic_path"])
      if (c in typeOf) expect([c, typeOf[c]]).toEqual([c, "int"]);
    for (const c of ["packets", "bytes", "start", "end"]) expect([c, typeOf[c]]).toEqual([c, "bigint"]);
    for (const c of ["srcaddr", "action", "log_status", "flow_direction", "pkt_src_aws_service"])
      expect([c, typeOf[c]]).toEqual([c, "string"]);
  });

  test("Parquet: the Parquet SerDe; plain text: space-delimited, gzip text, header line skipped", () => {
    expect(table.storage_descriptor.ser_de_info.serialization_library).toBe("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe");
    const text = tableOf(synthEnvironment(withS3({ athena: true, lifecycle: { glacierStorageClass: "GLACIER_IR" } })).json);
    expect(text.storage_descriptor.ser_de_info).toEqual({
      serialization_library: "org.apache.hadoop.hive.serde2.lazy.LazySimpleSerDe",
      parameters: { "field.delim": " ", "serialization.format": " " },
    });
    expect(text.parameters["skip.header.line.count"]).toBe("1");
    expect(text.storage_descriptor.input_format).toBe("org.apache.hadoop.mapred.TextInputFormat");
  });
});

describe("the workgroup and its results", () => {
  const { json, stack } = synthEnvironment(prod);

  test("enforced, engine version 3, the cutoff from config, CloudWatch metrics, results encrypted with their own key", () => {
    expect(resource(json, "aws_athena_workgroup")).toMatchObject({
      name: "prod-flow-logs",
      state: "ENABLED",
      configuration: {
        enforce_workgroup_configuration: true,
        publish_cloudwatch_metrics_enabled: true,
        bytes_scanned_cutoff_per_query: 50 * 1024 ** 3,
        engine_version: { selected_engine_version: "Athena engine version 3" },
        result_configuration: {
          expected_bucket_owner: "333333333333",
          encryption_configuration: {
            encryption_option: "SSE_KMS",
            kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.athena_results-key_/),
          },
        },
      },
    });
    expect(resource(synthEnvironment(staging).json, "aws_athena_workgroup").configuration.bytes_scanned_cutoff_per_query).toBe(
      ATHENA_DEFAULTS.bytesScannedCutoffPerQuery,
    );
  });

  test("results bucket of the secure kind: KMS, TLS only, no public access, results expire", () => {
    expect(resource(json, "aws_s3_bucket", "/athena/results/bucket").bucket).toBe("prod-333333333333-ap-northeast-1-athena-results");
    expect(resource(json, "aws_s3_bucket_public_access_block", "/athena/results/public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const rules = resource(json, "aws_s3_bucket_lifecycle_configuration", "/athena/results/lifecycle").rule;
    expect(rules[0].expiration).toEqual([{ days: ATHENA_DEFAULTS.resultsExpirationDays }]);
    const policyText: string = resource(json, "aws_s3_bucket_policy", "/athena/results/policy").policy;
    expect(policyText).toContain('"aws:SecureTransport":"false"');
  });

  test("outputs name the workgroup and the table; the rule pack passes the new resources", () => {
    expect(json.output!.athena_workgroup.value).toBe("prod-flow-logs");
    expect(json.output!.athena_table.value).toBe("prod_flow_logs.vpc_flow_logs");
    expect(stack.securityRules.findings.filter((f) => !f.suppressedBecause)).toEqual([]);
    expect(resources(json, "aws_glue_catalog_database").map(([, d]) => d.name)).toEqual(["prod_flow_logs"]);
  });
});

describe("what Athena cannot read is refused, with why", () => {
  test("Glacier Flexible Retrieval with athena on", () => {
    expect(problemsOf(() => synthEnvironment(withS3({ athena: true })))).toContain(
      'flowLogs.destinations[0].lifecycle.glacierStorageClass = "GLACIER": Athena cannot read objects in S3 Glacier Flexible Retrieval',
    );
  });

  test("a cutoff under Athena's 10 MB minimum, and athena on two destinations", () => {
    expect(
      problemsOf(() =>
        synthEnvironment(withS3({ athena: { bytesScannedCutoffPerQuery: 1000 }, lifecycle: { transitionToGlacierDays: 0 } })),
      ),
    ).toContain("flowLogs.destinations[0].athena.bytesScannedCutoffPerQuery = 1000");
    const two = environmentWith((e) => {
      e.flowLogs.destinations = [
        { type: "s3", athena: true, lifecycle: { transitionToGlacierDays: 0 } },
        { type: "s3", bucketName: "second-archive-111111111111", athena: true, lifecycle: { transitionToGlacierDays: 0 } },
      ];
    }, NO_MONITORING);
    expect(problemsOf(() => synthEnvironment(two))).toContain(
      "flowLogs.destinations[1].athena = true: destinations[0] is queried with Athena already",
    );
  });

  test("transit gateway records are not in the table: said at synth", () => {
    const { stack } = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.destinations = [{ type: "s3", athena: true, lifecycle: { glacierStorageClass: "GLACIER_IR" } }];
        e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
      }, NO_MONITORING),
    );
    expect(warningsUnder(stack).join("\n")).toContain("no Athena table over the transit gateway records");
  });
});
