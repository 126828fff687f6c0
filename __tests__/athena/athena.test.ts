/**
 * Athena over the S3 archive. The table's template, expanded for an account, region, date and
 * hour, is compared with the key prefix AWS's documentation says a flow log writes, computed
 * here on its own; the columns, the storage, the workgroup and the validation follow.
 */
import { ATHENA_DEFAULTS, type EnvironmentConfig, type S3DestinationConfig } from "../../constructs";
import { prod } from "../../environments/prod";
import { staging } from "../../environments/staging";
import { NAMED_QUERIES } from "../../constructs/athena/named-queries";
import { SHARED_QUERIES } from "../../constructs/records/query-catalogue";
import {
  environmentWith,
  policy,
  problemsOf,
  refTo,
  resource,
  resources,
  statement,
  synthEnvironment,
  type TfJson,
  warningsUnder,
} from "../support/helpers";
import { awsKeyPrefix as keyPrefix, expandTemplate } from "../support/aws-archive-layout";
import { NO_MONITORING, withOwnArchive } from "../support/environment";

const ACCOUNT = "111111111111";
const REGION = "ap-northeast-1";
const awsKeyPrefix = (bucketAndFolder: string, hive: boolean, perHour: boolean, at: Date) =>
  keyPrefix({ bucketAndFolder, account: ACCOUNT, region: REGION }, hive, perHour, at);

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
    // Each date as if queried that day (a projected date ends at NOW).
    for (const at of dates) expect(expandTemplate(table.parameters, at, at)).toBe(awsKeyPrefix(bucket, l.hive, l.perHour, at));
    expect(awsKeyPrefix(bucket, l.hive, l.perHour, dates[0]).startsWith(table.storage_descriptor.location)).toBe(true);
    const days = l.hive ? ["year", "month", "day"] : ["date"];
    expect(table.partition_keys.map((k: { name: string }) => k.name)).toEqual(l.perHour ? [...days, "hour"] : days);
    if (!l.hive) {
      // AWS's Athena guide for plain prefixes: one date column, a day apart, from the first day to NOW.
      expect(table.parameters).toMatchObject({
        "projection.date.type": "date",
        "projection.date.format": "yyyy/MM/dd",
        "projection.date.range": "2024/01/01,NOW",
        "projection.date.interval": "1",
        "projection.date.interval.unit": "DAYS",
      });
      // A day after NOW is not projected.
      expect(() => expandTemplate(table.parameters, dates[2], dates[1])).toThrow();
    }
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
    expect(expandTemplate(tableOf(json).parameters, at, at)).toBe(awsKeyPrefix("central-logs/network/vpc", false, false, at));
  });
});

// Each test synthesizes its own stack (not once per describe block): mutation testing then knows
// which tests reach each line of the constructs (code run outside a test is reached by none).
describe("columns and storage", () => {
  const stagingTable = () => tableOf(synthEnvironment(withOwnArchive(staging)).json);

  test("columns in the format's field order, AWS's names with underscores, the width AWS writes", () => {
    const fields = staging.flowLogs.logFormat!;
    const columns = stagingTable().storage_descriptor.columns as { name: string; type: string }[];
    expect(columns.map((c) => c.name)).toEqual(fields.map((f) => f.replace(/-/g, "_")));
    const typeOf = Object.fromEntries(columns.map((c) => [c.name, c.type]));
    // As AWS's Athena guide declares them: int for version, ports, tcp-flags, traffic-path (INT_32
    // in Parquet); bigint for protocol (INT_32, widened) and packets, bytes, start, end (INT_64);
    // strings for the rest.
    for (const c of ["version", "srcport", "dstport", "tcp_flags", "traffic_path"])
      if (c in typeOf) expect([c, typeOf[c]]).toEqual([c, "int"]);
    for (const c of ["protocol", "packets", "bytes", "start", "end"]) expect([c, typeOf[c]]).toEqual([c, "bigint"]);
    for (const c of ["srcaddr", "action", "log_status", "flow_direction", "pkt_src_aws_service"])
      expect([c, typeOf[c]]).toEqual([c, "string"]);
  });

  test("Parquet: the Parquet SerDe; plain text: space-delimited, gzip text, header line skipped", () => {
    expect(stagingTable().storage_descriptor.ser_de_info.serialization_library).toBe(
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    );
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
  const prodStack = () => synthEnvironment(withOwnArchive(prod));

  test("enforced, engine version 3, the cutoff from config, CloudWatch metrics, results encrypted with their own key", () => {
    const { json } = prodStack();
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
    expect(
      resource(synthEnvironment(withOwnArchive(staging)).json, "aws_athena_workgroup").configuration.bytes_scanned_cutoff_per_query,
    ).toBe(ATHENA_DEFAULTS.bytesScannedCutoffPerQuery);
  });

  test("results bucket of the secure kind: KMS, TLS only, no public access, results expire", () => {
    const { json } = prodStack();
    expect(resource(json, "aws_s3_bucket", "/athena/results/bucket").bucket).toBe("prod-333333333333-ap-northeast-1-athena-results");
    expect(resource(json, "aws_s3_bucket_public_access_block", "/athena/results/public-access-block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const rules = resource(json, "aws_s3_bucket_lifecycle_configuration", "/athena/results/lifecycle").rule;
    expect(rules[0].expiration).toEqual([{ days: ATHENA_DEFAULTS.resultsExpirationDays }]);
    // The whole policy: TLS only, and nothing granted (the analyst policy grants, to whoever holds it).
    const results = "arn:aws:s3:::prod-333333333333-ap-northeast-1-athena-results";
    expect(policy(resource(json, "aws_s3_bucket_policy", "/athena/results/policy").policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [results, `${results}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });

  test("destroy removes the workgroup with its named queries and history, and the results bucket with its results", () => {
    const { json } = prodStack();
    // AWS refuses DeleteWorkGroup on a workgroup that holds named queries or history unless recursive.
    expect(resource(json, "aws_athena_workgroup").force_destroy).toBe(true);
    expect(resource(json, "aws_s3_bucket", "athena/results/bucket")).toMatchObject({ force_destroy: true });
    expect(resource(json, "aws_s3_bucket", "athena/results/bucket").lifecycle).toBeUndefined();
    // Never the archive: its bucket keeps refusing a destroy while it holds records.
    expect(resource(json, "aws_s3_bucket", "flow-logs/s3/bucket")).toMatchObject({ force_destroy: false });
  });

  test("outputs name the workgroup and the table; the rule pack passes the new resources", () => {
    const { json, stack } = prodStack();
    expect(json.output!.athena_workgroup.value).toBe("prod-flow-logs");
    expect(json.output!.athena_table.value).toBe("prod_flow_logs.vpc_flow_logs");
    expect(json.output!.athena_analyst_policy_arn.value).toBe(refTo(json, "aws_iam_policy", "athena/analyst-policy", "arn"));
    expect(stack.securityRules.findings.filter((f) => !f.suppressedBecause)).toEqual([]);
    expect(resources(json, "aws_glue_catalog_database").map(([, d]) => d.name)).toEqual(["prod_flow_logs"]);
  });
});

describe("what Athena cannot read is refused, with why", () => {
  test("Glacier Flexible Retrieval with athena on, when written", () => {
    expect(problemsOf(() => synthEnvironment(withS3({ athena: true, lifecycle: { glacierStorageClass: "GLACIER" } })))).toContain(
      'flowLogs.destinations[0].lifecycle.glacierStorageClass = "GLACIER": Athena cannot read objects in S3 Glacier Flexible Retrieval',
    );
  });

  test("athena: true alone, as README writes it: the default Glacier step is Glacier Instant Retrieval, which Athena reads", () => {
    const rules = (json: TfJson) =>
      (
        resource(json, "aws_s3_bucket_lifecycle_configuration", "flow-logs/s3/bucket/lifecycle").rule as {
          transition?: { storage_class: string }[];
        }[]
      )
        .flatMap((r) => r.transition ?? [])
        .map((t) => t.storage_class);
    expect(rules(synthEnvironment(withS3({ athena: true })).json)).toEqual(["STANDARD_IA", "GLACIER_IR"]);
    // Without athena the default stays Glacier Flexible Retrieval, the cheaper class.
    expect(rules(synthEnvironment(withS3({})).json)).toEqual(["STANDARD_IA", "GLACIER"]);
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

  test("a custom transit gateway format: its flow logs send it, and the transit gateway table's columns follow it", () => {
    const { json } = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.destinations = [{ type: "s3", athena: true }];
        e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
        e.flowLogs.logFormat = ["version", "interface-id", "srcaddr", "dstaddr", "action"];
        e.flowLogs.transitGatewayLogFormat = ["tgw-attachment-id", "srcaddr", "packets", "packets-lost-mtu-exceeded"];
      }, NO_MONITORING),
    );
    const logs = resources(json, "aws_flow_log").map(([, f]) => f);
    expect(logs.map((f) => [f.transit_gateway_id ? "tgw" : "vpc", f.log_format, f.traffic_type]).sort()).toEqual([
      ["tgw", "$${tgw-attachment-id} $${srcaddr} $${packets} $${packets-lost-mtu-exceeded}", undefined],
      ["vpc", "$${version} $${interface-id} $${srcaddr} $${dstaddr} $${action}", "ALL"],
    ]);
    const columns = (name: string) =>
      (resource(json, "aws_glue_catalog_table", name).storage_descriptor.columns as { name: string; type: string }[]).map(
        (c) => `${c.name}:${c.type}`,
      );
    expect(columns("athena/tgw-table")).toEqual([
      "tgw_attachment_id:string",
      "srcaddr:string",
      "packets:bigint",
      "packets_lost_mtu_exceeded:bigint",
    ]);
    expect(columns("athena/vpc-table")).toEqual([
      "version:int",
      "interface_id:string",
      "srcaddr:string",
      "dstaddr:string",
      "action:string",
    ]);
  });

  test("transit gateway records have a table of their own over their own folder", () => {
    const { json } = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.destinations = [
          { type: "s3", athena: true, hiveCompatiblePartitions: true, lifecycle: { glacierStorageClass: "GLACIER_IR" } },
        ];
        e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
      }, NO_MONITORING),
    );
    const tgw = resource(json, "aws_glue_catalog_table", "athena/tgw-table");
    expect(tgw.name).toBe("transit_gateway_flow_logs");
    const at = new Date(Date.UTC(2026, 10, 23, 5));
    expect(expandTemplate(tgw.parameters, at)).toBe(
      awsKeyPrefix(`test-${ACCOUNT}-${REGION}-vpc-flow-logs/transit-gateway`, true, false, at),
    );
    // AWS's transit gateway record, every field in AWS's order (no format is set on these flow logs).
    const columns = (tgw.storage_descriptor.columns as { name: string; type: string }[]).map((c) => `${c.name}:${c.type}`);
    expect(columns.slice(0, 5)).toEqual([
      "version:int",
      "resource_type:string",
      "account_id:string",
      "tgw_id:string",
      "tgw_attachment_id:string",
    ]);
    expect(columns).toContain("packets_lost_no_route:bigint");
    expect(columns).toContain("end:bigint");
    expect(columns).toHaveLength(36);
    const analyst = policy(resource(json, "aws_iam_policy", "athena/analyst-policy").policy);
    expect(statement(analyst, "ReadTheArchiveUnderTheTable").Resource).toEqual([
      `arn:aws:s3:::test-${ACCOUNT}-${REGION}-vpc-flow-logs/AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/*`,
      `arn:aws:s3:::test-${ACCOUNT}-${REGION}-vpc-flow-logs/transit-gateway/AWSLogs/aws-account-id=${ACCOUNT}/aws-service=vpcflowlogs/aws-region=${REGION}/*`,
    ]);
    expect(statement(analyst, "ReadTheTableDefinition").Resource).toContain(
      `arn:aws:glue:${REGION}:${ACCOUNT}:table/test_flow_logs/transit_gateway_flow_logs`,
    );
  });
});

describe("named queries: the Logs Insights catalogue and AWS's own, each limited to a recent window", () => {
  const stagingQueries = () => {
    const { json } = synthEnvironment(withOwnArchive(staging));
    return { json, named: resources(json, "aws_athena_named_query").map(([, q]) => q) };
  };

  test("every query of the shared catalogue and the archive's own, in the workgroup and the database", () => {
    const { json, named } = stagingQueries();
    const ids = named.map((q) => String(q.name).replace("network-monitoring/staging/", ""));
    expect(ids.sort()).toEqual(NAMED_QUERIES.map((q) => q.id).sort());
    for (const id of Object.keys(SHARED_QUERIES)) expect(ids).toContain(id);
    for (const q of named) {
      expect(q.workgroup).toBe(refTo(json, "aws_athena_workgroup", "athena/workgroup", "name"));
      expect(q.database).toBe(refTo(json, "aws_glue_catalog_database", "athena/database", "name"));
      expect(q.query).toContain(
        `WHERE "date" BETWEEN date_format(current_date - INTERVAL '6' DAY, '%Y/%m/%d') AND date_format(current_date, '%Y/%m/%d')`,
      );
      expect(q.query).toMatch(
        /^-- .*\n-- Reads the partitions of today and the 6 days before it \(UTC\) only.*\n-- To read more, widen INTERVAL '6' DAY/,
      );
      // Its title, in the console's list and as the text's first line: words, not an empty line.
      expect(q.query.split("\n")[0]).toBe(`-- ${q.description}`);
      expect(q.description).toMatch(/^[A-Z][^\n]{10,}$/);
    }
    expect(new Set(named.map((q) => q.description)).size).toBe(named.length);
  });

  test("top talkers sort descending (the most bytes first)", () => {
    const top = stagingQueries().named.find((q) => q.name.endsWith("/top-talkers"))!;
    expect(top.query).toContain("ORDER BY bytes_transferred DESC");
  });

  test("a query needing a field the format lacks is left out, with a warning naming the field", () => {
    const { stack, json: j } = synthEnvironment(withS3({ athena: true, lifecycle: { glacierStorageClass: "GLACIER_IR" } }));
    const ids = resources(j, "aws_athena_named_query").map(([, q]) => String(q.name).split("/").pop());
    // The default format has no pkt-srcaddr, subnet-id or instance-id.
    expect(ids).not.toContain("top-talkers-packet-level");
    // One line for all of them, each with the fields it needs.
    expect(warningsUnder(stack).filter((w) => w.includes("named quer"))).toEqual([
      'environment "test": 3 named queries left out for its record format and traffic type: "top-talkers-packet-level" (no "pkt-srcaddr", "pkt-dstaddr" fields), "top-talking-subnets" (no "subnet-id" field), "top-talking-instances" (no "instance-id" field); add the fields to flowLogs.logFormat to have them',
    ]);
    const noStart = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.logFormat = ["srcaddr", "dstaddr", "dstport", "action", "bytes", "packets", "interface-id", "protocol"];
        e.flowLogs.destinations = [{ type: "s3", athena: true, lifecycle: { glacierStorageClass: "GLACIER_IR" } }];
      }, NO_MONITORING),
    );
    // Logs Insights orders by @timestamp; the archive's rows have only start.
    expect(warningsUnder(noStart.stack).join("\n")).toContain('"http-traffic" (no "start" field)');
  });

  test("with trafficType ACCEPT the rejected-traffic queries are left out", () => {
    const { stack, json: j } = synthEnvironment(
      environmentWith((e) => {
        e.flowLogs.trafficType = "ACCEPT";
        e.flowLogs.destinations = [{ type: "s3", athena: true, lifecycle: { glacierStorageClass: "GLACIER_IR" } }];
      }, NO_MONITORING),
    );
    const ids = resources(j, "aws_athena_named_query").map(([, q]) => String(q.name).split("/").pop());
    // Left out: what reads rejected records only, and what needs fields the default format lacks; the others stay.
    const rejectedOnly = ["rejected-by-source-and-port", "rejected-ssh-rdp", "rejected-over-time", "refused-conversations-by-layer"];
    const lacking = ["top-talkers-packet-level", "top-talking-subnets", "top-talking-instances"];
    expect(ids.sort()).toEqual(
      NAMED_QUERIES.map((q) => q.id)
        .filter((id) => !rejectedOnly.includes(id) && !lacking.includes(id))
        .sort(),
    );
    expect(warningsUnder(stack).join("\n")).toContain('"rejected-over-time" (trafficType "ACCEPT" records no rejected flows)');
    expect(warningsUnder(stack).join("\n")).toContain(
      '; add the fields to flowLogs.logFormat, or set flowLogs.trafficType "ALL" to have them',
    );
  });
});

describe("the analyst policy: what running the named queries needs, and nothing more", () => {
  const analyst = () => {
    const { json } = synthEnvironment(withOwnArchive(prod));
    const managed = resource(json, "aws_iam_policy", "athena/analyst-policy");
    return { json, managed, doc: policy(managed.policy) };
  };
  const archive = "arn:aws:s3:::prod-333333333333-ap-northeast-1-vpc-flow-logs";
  const results = "arn:aws:s3:::prod-333333333333-ap-northeast-1-athena-results";
  const prefix = "AWSLogs/333333333333/vpcflowlogs/ap-northeast-1/";

  test("named for the environment; on * only the console's listings that IAM scopes to no resource", () => {
    const { managed, doc } = analyst();
    expect(managed.name).toBe("prod-flow-logs-athena-analyst");
    const onStar = doc.Statement.filter((s) => s.Resource === "*");
    expect(onStar).toEqual([
      {
        Sid: "ListInTheConsole",
        Effect: "Allow",
        Action: ["athena:ListDataCatalogs", "athena:ListEngineVersions", "athena:ListWorkGroups"],
        Resource: "*",
      },
    ]);
    expect(statement(doc, "BrowseTheCatalogInTheConsole")).toEqual({
      Sid: "BrowseTheCatalogInTheConsole",
      Effect: "Allow",
      Action: ["athena:GetDatabase", "athena:GetTableMetadata", "athena:ListDatabases", "athena:ListTableMetadata"],
      Resource: "arn:aws:athena:ap-northeast-1:333333333333:datacatalog/AwsDataCatalog",
    });
  });

  test("the workgroup only; the table's definition only", () => {
    const { doc } = analyst();
    // Every statement of the policy, in order: those not asserted here are in the tests beside this one.
    expect(doc.Statement.map((s) => s.Sid)).toEqual([
      "RunQueriesInTheWorkgroup",
      "ListInTheConsole",
      "BrowseTheCatalogInTheConsole",
      "ReadTheTableDefinition",
      "LocateTheBuckets",
      "ListTheArchiveUnderTheTable",
      "ReadTheArchiveUnderTheTable",
      "ListTheResults",
      "WriteAndReadTheResults",
      "EncryptAndDecryptTheResults",
      "DecryptTheArchive",
    ]);
    // Running, reading and stopping queries and named queries; no workgroup management, no other workgroup.
    expect(statement(doc, "RunQueriesInTheWorkgroup")).toEqual({
      Sid: "RunQueriesInTheWorkgroup",
      Effect: "Allow",
      Action: [
        "athena:BatchGetNamedQuery",
        "athena:BatchGetQueryExecution",
        "athena:GetNamedQuery",
        "athena:GetQueryExecution",
        "athena:GetQueryResults",
        "athena:GetQueryResultsStream",
        "athena:GetWorkGroup",
        "athena:ListNamedQueries",
        "athena:ListQueryExecutions",
        "athena:StartQueryExecution",
        "athena:StopQueryExecution",
      ],
      Resource: "arn:aws:athena:ap-northeast-1:333333333333:workgroup/prod-flow-logs",
    });
    // Reading definitions (no Create, Update or Delete), on the catalogue, the database and the table only.
    expect(statement(doc, "ReadTheTableDefinition")).toEqual({
      Sid: "ReadTheTableDefinition",
      Effect: "Allow",
      Action: ["glue:GetDatabase", "glue:GetDatabases", "glue:GetPartitions", "glue:GetTable", "glue:GetTables"],
      Resource: [
        "arn:aws:glue:ap-northeast-1:333333333333:catalog",
        "arn:aws:glue:ap-northeast-1:333333333333:database/prod_flow_logs",
        "arn:aws:glue:ap-northeast-1:333333333333:table/prod_flow_logs/vpc_flow_logs",
      ],
    });
    expect(statement(doc, "LocateTheBuckets")).toEqual({
      Sid: "LocateTheBuckets",
      Effect: "Allow",
      Action: "s3:GetBucketLocation",
      Resource: [
        "arn:aws:s3:::prod-333333333333-ap-northeast-1-vpc-flow-logs",
        "arn:aws:s3:::prod-333333333333-ap-northeast-1-athena-results",
      ],
    });
  });

  test("the archive: list and read under the table's prefix only; the results bucket: read and write", () => {
    const { json, doc } = analyst();
    expect(statement(doc, "ListTheArchiveUnderTheTable")).toEqual({
      Sid: "ListTheArchiveUnderTheTable",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: archive,
      Condition: { StringLike: { "s3:prefix": `${prefix}*` } },
    });
    expect(statement(doc, "ReadTheArchiveUnderTheTable")).toEqual({
      Sid: "ReadTheArchiveUnderTheTable",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: `${archive}/${prefix}*`,
    });
    expect(tableOf(json).storage_descriptor.location).toBe(`s3://${archive.slice("arn:aws:s3:::".length)}/${prefix}`);
    // What Athena's guide asks of the results location: list it, and write, read and abort uploads under it.
    expect(statement(doc, "ListTheResults")).toEqual({
      Sid: "ListTheResults",
      Effect: "Allow",
      Action: ["s3:ListBucket", "s3:ListBucketMultipartUploads"],
      Resource: results,
    });
    expect(statement(doc, "WriteAndReadTheResults")).toEqual({
      Sid: "WriteAndReadTheResults",
      Effect: "Allow",
      Action: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"],
      Resource: `${results}/*`,
    });
  });

  test("the keys: decrypt the archive's, encrypt and decrypt the results', through S3 only", () => {
    const { json, doc } = analyst();
    const viaS3 = { StringEquals: { "kms:ViaService": "s3.ap-northeast-1.amazonaws.com" } };
    expect(statement(doc, "DecryptTheArchive")).toEqual({
      Sid: "DecryptTheArchive",
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: refTo(json, "aws_kms_key", "flow-logs/s3/kms/key", "arn"),
      Condition: viaS3,
    });
    expect(statement(doc, "EncryptAndDecryptTheResults")).toEqual({
      Sid: "EncryptAndDecryptTheResults",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: refTo(json, "aws_kms_key", "athena/results-key", "arn"),
      Condition: viaS3,
    });
  });

  test("an archive encrypted with SSE-S3 has no archive key to grant", () => {
    const { json: j } = synthEnvironment(withS3({ athena: true, encryption: "sse-s3", lifecycle: { glacierStorageClass: "GLACIER_IR" } }));
    expect(policy(resource(j, "aws_iam_policy", "athena/analyst-policy").policy).Statement.map((s) => s.Sid)).not.toContain(
      "DecryptTheArchive",
    );
  });
});
