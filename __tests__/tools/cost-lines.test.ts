/**
 * The estimate as its reader sees it: every line's quantity, free units and basis, and every
 * note, for a stack holding each kind of resource the estimate prices or names. The figures are
 * the usage's arithmetic written out; the text is what `npm run cost` prints beside them.
 */
import type { ResolvedUsage } from "../../constructs";
import { USAGE_DEFAULTS } from "../../constructs/config/defaults";
import { estimate, PricedResource, runsPerMonth } from "../../tools/cost";
import { FLOW_LOG_TABLE } from "../../constructs/athena/named-queries";

/** One resource, as the estimate reads it. */
const res = (type: string, name: string, values: Record<string, unknown> = {}, references: string[] = []): PricedResource => ({
  address: `${type}.${name}`,
  type,
  values,
  references,
});

/** 12 GB a day is 365 GB a month; 1,000 notifications and 10,000 key requests a month. */
const USAGE: ResolvedUsage = {
  ...USAGE_DEFAULTS,
  flowLogGbPerDay: 12,
  rejectedShare: 0.1,
  natGbPerDay: 6,
  notificationsPerMonth: 1000,
  kmsRequestsPerKeyPerMonth: 10000,
  estimateYear: 2,
  accountFreeTier: true,
};

const priced = (resources: PricedResource[], usage: Partial<ResolvedUsage> = {}) =>
  estimate(resources, { environment: "t", region: "ap-northeast-1", usage: { ...USAGE, ...usage } });

/** Each line as [address, item, quantity rounded to 4 places, free units, basis]. */
const rows = (e: ReturnType<typeof priced>) =>
  e.lines.map((l) => [l.address, l.item, Math.round(l.quantity * 1e4) / 1e4, Math.round(l.free * 1e4) / 1e4, l.basis]);

const MONTH = 365 / 12;

/** The delivery watch's function: run every hour by a rule of the stack, watching 40 deliveries. */
const watchFunction = (more: Record<string, unknown> = {}) => [
  res("aws_lambda_function", "watch", {
    memory_size: 256,
    architectures: ["arm64"],
    environment: [{ variables: { WATCHED_DELIVERIES: "40" } }],
    ...more,
  }),
  res("aws_cloudwatch_event_rule", "hourly", { schedule_expression: "rate(1 hour)" }),
  res("aws_cloudwatch_event_target", "run", {}, ["aws_lambda_function.watch", "aws_cloudwatch_event_rule.hourly"]),
];

describe("flow logs: a line per delivery, the Parquet conversion, what is not priced", () => {
  test("Firehose (ACCEPT only), S3 in text (no conversion), S3 in Parquet; a destination the catalogue lacks is named", () => {
    const e = priced([
      res("aws_flow_log", "firehose", { log_destination_type: "kinesis-data-firehose", traffic_type: "ACCEPT" }),
      res("aws_flow_log", "text", { log_destination_type: "s3", destination_options: [{ file_format: "plain-text" }] }),
      res("aws_flow_log", "parquet", {
        log_destination_type: "s3",
        traffic_type: "REJECT",
        destination_options: [{ file_format: "parquet" }],
      }),
      res("aws_flow_log", "elsewhere", { log_destination_type: "somewhere-new" }),
    ]);
    expect(rows(e)).toEqual([
      ["aws_flow_log.firehose", "vended-logs-firehose", 328.5, 0, "12 GB/day × 0.9 (ACCEPT only) × 30.42 days"],
      ["aws_flow_log.text", "vended-logs-s3", 365, 0, "12 GB/day × 30.42 days"],
      ["aws_flow_log.parquet", "vended-logs-s3", 36.5, 0, "12 GB/day × 0.1 (REJECT only) × 30.42 days"],
      ["aws_flow_log.parquet", "parquet-conversion", 36.5, 0, "every GB delivered is converted"],
    ]);
    expect(e.notes).toEqual([
      "aws_flow_log.firehose: the delivery stream's own charges (ingestion, its destination) are not included",
      'aws_flow_log.elsewhere: destination type "somewhere-new" is not priced',
    ]);
  });
});

describe("volume tiers, as the basis says them", () => {
  test("past the first 10 TB the basis names each tier's GB and price; within it, nothing; no volume at all pays nothing", () => {
    const toS3 = (gbPerDay: number) => priced([res("aws_flow_log", "a", { log_destination_type: "s3" })], { flowLogGbPerDay: gbPerDay });
    // 400 GB a day: 12,166.67 GB in the month, 1,926.67 of them past the first 10 TB.
    const [over] = toS3(400).lines;
    expect(over.basis).toBe("400 GB/day × 30.42 days; tiers over 12166.67 GB: 10240 GB at $0.38, 1926.67 GB at $0.228");
    expect(over.unitPrice).toBeCloseTo((10240 * 0.38 + (400 * MONTH - 10240) * 0.228) / (400 * MONTH), 9);
    expect(toS3(300).lines[0].basis).toBe("300 GB/day × 30.42 days");
    // A month without records: the first tier's price, nothing to pay.
    const [none] = toS3(0).lines;
    expect([none.quantity, none.unitPrice, none.monthly]).toEqual([0, 0.38, 0]);
  });
});

describe("metrics, alarms and dashboards", () => {
  test("a metric once however many filters put it; one with dimensions is named; alarms by their metrics and resolution", () => {
    const metric = (name: string, dimensions?: Record<string, string>) => ({
      namespace: "Net",
      name,
      ...(dimensions ? { dimensions } : {}),
    });
    const e = priced([
      res("aws_cloudwatch_log_metric_filter", "a", { metric_transformation: [metric("Rejected")] }),
      res("aws_cloudwatch_log_metric_filter", "b", { metric_transformation: [metric("Rejected"), metric("Bytes")] }),
      res("aws_cloudwatch_log_metric_filter", "c", { metric_transformation: [metric("ByPort", { port: "$.dstport" })] }),
      res("aws_cloudwatch_metric_alarm", "plain", { period: 300 }),
      res("aws_cloudwatch_metric_alarm", "fast", { period: 10 }),
      res("aws_cloudwatch_metric_alarm", "two", {
        metric_query: [
          { id: "m1", metric: [{ metric_name: "A", period: 60 }] },
          { id: "m2", metric: [{ metric_name: "B", period: "60" }] },
          { id: "sum", expression: "m1 + m2" },
        ],
      }),
      res("aws_cloudwatch_metric_alarm", "fast-query", { metric_query: [{ id: "m1", metric: [{ metric_name: "A", period: "30" }] }] }),
      res("aws_cloudwatch_metric_alarm", "band", {
        metric_query: [
          { id: "m1", metric: [{ metric_name: "A", period: 300 }] },
          { id: "b", expression: "anomaly_detection_band(m1, 2)" },
        ],
      }),
      res("aws_cloudwatch_dashboard", "d"),
    ]);
    expect(rows(e)).toEqual([
      ["aws_cloudwatch_log_metric_filter.a", "custom-metric", 1, 1, "metric Net/Rejected; 1 free"],
      ["aws_cloudwatch_log_metric_filter.b", "custom-metric", 1, 1, "metric Net/Bytes; 1 free"],
      ["aws_cloudwatch_log_metric_filter.c", "custom-metric", 1, 1, "metric Net/ByPort; 1 free"],
      ["aws_cloudwatch_metric_alarm.plain", "alarm-metric", 1, 1, "1 metric(s); 1 free"],
      ["aws_cloudwatch_metric_alarm.fast", "alarm-metric-high-resolution", 1, 0, "1 metric(s)"],
      ["aws_cloudwatch_metric_alarm.two", "alarm-metric", 2, 2, "2 metric(s); 2 free"],
      ["aws_cloudwatch_metric_alarm.fast-query", "alarm-metric-high-resolution", 1, 0, "1 metric(s)"],
      ["aws_cloudwatch_metric_alarm.band", "alarm-metric", 3, 3, "1 metric(s) with an anomaly band: 3 alarm metrics each; 3 free"],
      ["aws_cloudwatch_dashboard.d", "dashboard", 1, 1, "one dashboard; 1 free"],
    ]);
    expect(e.notes).toEqual(["aws_cloudwatch_log_metric_filter.c: metric Net/ByPort has dimensions, one metric per value; priced as one"]);
  });
});

describe("notifications and keys", () => {
  test("a topic publishes the month's notifications; e-mail and HTTPS subscriptions deliver them; other protocols are named", () => {
    const e = priced([
      res("aws_sns_topic", "alerts"),
      res("aws_sns_topic_subscription", "mail", { protocol: "email" }),
      res("aws_sns_topic_subscription", "json", { protocol: "email-json" }),
      res("aws_sns_topic_subscription", "hook", { protocol: "https" }),
      res("aws_sns_topic_subscription", "plain", { protocol: "http" }),
      res("aws_sns_topic_subscription", "queue", { protocol: "sqs" }),
    ]);
    expect(rows(e)).toEqual([
      ["aws_sns_topic.alerts", "sns-publish", 1000, 1000, "1000 alarm notifications a month; 1000 free"],
      ["aws_sns_topic_subscription.mail", "sns-email", 1000, 1000, "1000 notifications a month (email); 1000 free"],
      // The first 1,000 e-mails of the account are free: the second subscription pays them all.
      ["aws_sns_topic_subscription.json", "sns-email", 1000, 0, "1000 notifications a month (email-json)"],
      ["aws_sns_topic_subscription.hook", "sns-https", 1000, 1000, "1000 notifications a month (https); 1000 free"],
      ["aws_sns_topic_subscription.plain", "sns-https", 1000, 1000, "1000 notifications a month (http); 1000 free"],
    ]);
    expect(e.notes).toEqual(["aws_sns_topic_subscription.queue: sqs deliveries are not priced"]);
  });

  test.each([
    [1, "year 1: the key, not yet rotated (it rotates yearly)", 1],
    [2, "year 2: the key and its first rotation's material", 2],
    [3, "year 3: the key and its first two rotations' material", 3],
    [7, "year 7: the key and its first two rotations' material", 3],
  ])("year %d: a rotating key says which material it pays for; a fixed key is one key", (year, basis, months) => {
    const e = priced([res("aws_kms_key", "rotating", { enable_key_rotation: true }), res("aws_kms_key", "fixed", {})], {
      estimateYear: year,
    });
    expect(rows(e)).toEqual([
      ["aws_kms_key.rotating", "kms-key", months, 0, basis],
      ["aws_kms_key.rotating", "kms-requests", 10000, 10000, "10000 requests a month; 10000 free"],
      ["aws_kms_key.fixed", "kms-key", 1, 0, "one key"],
      ["aws_kms_key.fixed", "kms-requests", 10000, 10000, "10000 requests a month; 10000 free"],
    ]);
  });
});

describe("the network", () => {
  test("each NAT gateway its hours and its share of the GB; each public address its hours", () => {
    const e = priced([res("aws_nat_gateway", "a"), res("aws_nat_gateway", "b"), res("aws_eip", "a"), res("aws_eip", "b")]);
    const shared = "6 GB/day × 30.42 days, shared by 2 gateway(s)";
    expect(rows(e)).toEqual([
      ["aws_nat_gateway.a", "nat-gateway-hour", 730, 0, "730 hours"],
      ["aws_nat_gateway.a", "nat-gateway-gb", 91.25, 0, shared],
      ["aws_nat_gateway.b", "nat-gateway-hour", 730, 0, "730 hours"],
      ["aws_nat_gateway.b", "nat-gateway-gb", 91.25, 0, shared],
      ["aws_eip.a", "public-ipv4-hour", 730, 0, "730 hours"],
      ["aws_eip.b", "public-ipv4-hour", 730, 0, "730 hours"],
    ]);
  });
});

describe("Athena and the catalogue", () => {
  const workgroup = (cutoff?: number | string) =>
    res("aws_athena_workgroup", "w", cutoff === undefined ? {} : { configuration: [{ bytes_scanned_cutoff_per_query: cutoff }] });
  const catalogue = [
    res("aws_glue_catalog_database", "db"),
    res("aws_glue_catalog_table", "vpc", { storage_descriptor: [{ location: "s3://elsewhere/AWSLogs/" }] }),
    res("aws_glue_catalog_table", "tgw", { storage_descriptor: [{ location: "s3://elsewhere/transit-gateway/AWSLogs/" }] }),
  ];

  test("the TB scanned, at least 10 MB a query, capped by the cutoff; the catalogue's objects; an archive outside the stack is named", () => {
    // 2,000,000 queries × 10 MB = 19.07 TB at least; a cutoff of 1 GB a query lets 1,907.35 TB through.
    const many = priced([workgroup("1073741824"), ...catalogue], { athenaTbScannedPerMonth: 2, athenaQueriesPerMonth: 2_000_000 });
    expect(rows(many)).toEqual([
      ["aws_athena_workgroup.w", "athena-scanned", 19.0735, 0, "2 TB scanned by 2000000 queries (at least 10 MB each: 19.073486 TB)"],
      ["aws_glue_catalog_database.db", "glue-objects", 3, 3, "3 databases and tables (partitions are projected, not stored); 3 free"],
    ]);
    expect(many.notes).toEqual([
      "aws_athena_workgroup.w: the archive bucket is not in this stack, so S3 retrieval of what queries read there is not priced",
    ]);
    // 1,000 queries and a cutoff of 512 MB: at most 0.4883 TB billed (512,000 MB) of the 2 TB asked.
    const capped = priced([workgroup(512 * 1024 ** 2)], { athenaTbScannedPerMonth: 2, athenaQueriesPerMonth: 1000 });
    expect(rows(capped)).toEqual([
      ["aws_athena_workgroup.w", "athena-scanned", 0.4883, 0, "2 TB scanned by 1000 queries, capped by the cutoff of 0.5 GB per query"],
    ]);
    // A cutoff above what the queries read changes nothing; a workgroup without tables has no archive to name.
    expect(rows(priced([workgroup(1024 ** 4)], { athenaTbScannedPerMonth: 2, athenaQueriesPerMonth: 1000 }))).toEqual([
      ["aws_athena_workgroup.w", "athena-scanned", 2, 0, "2 TB scanned by 1000 queries"],
    ]);
    expect(priced([workgroup()]).notes).toEqual([]);
    // A table without a database still counts as the catalogue's first object.
    expect(rows(priced([catalogue[1]]))).toEqual([
      ["aws_glue_catalog_table.vpc", "glue-objects", 1, 1, "1 databases and tables (partitions are projected, not stored); 1 free"],
    ]);
  });
});

describe("a run of each verdict query, in the notes", () => {
  const table = (format: "parquet" | "text", bucket: string) =>
    res("aws_glue_catalog_table", "vpc", {
      name: FLOW_LOG_TABLE,
      storage_descriptor: [
        {
          location: `s3://${bucket}/AWSLogs/`,
          input_format:
            format === "parquet"
              ? "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
              : "org.apache.hadoop.mapred.TextInputFormat",
          columns: ["srcaddr", "dstaddr", "action", "bytes"].map((name) => ({ name })),
        },
      ],
    });
  const query = (name: string, text: string) => res("aws_athena_named_query", name, { name: `network-monitoring/t/${name}`, query: text });
  const runs = (e: ReturnType<typeof priced>) => e.notes.filter((n) => n.includes("one run over a day"));

  test("plain text reads every column of a day stored; a day under 10 MB is billed Athena's minimum; other queries are not runs", () => {
    const own = (gbPerDay: number) =>
      priced(
        [
          res("aws_s3_bucket", "arch", { bucket: "arch" }),
          res("aws_flow_log", "f", { log_destination_type: "s3" }, ["aws_s3_bucket.arch"]),
          table("text", "arch"),
          query("refused-conversations-by-layer", "SELECT srcaddr FROM vpc_flow_logs"),
          query("top-talkers", "SELECT srcaddr, bytes FROM vpc_flow_logs"),
        ],
        { flowLogGbPerDay: gbPerDay, archiveStoredShare: 0.5 },
      );
    // 12 GB a day, half kept: 6 GB read, 6 / 1,024 TB at $5.
    expect(runs(own(12))).toEqual([
      "aws_athena_named_query.refused-conversations-by-layer: one run over a day of the archive's records reads about 6 GB (every column (plain text)): about $0.0293 in Athena",
    ]);
    // 0.01 GB a day, half kept: 5 MB, billed as 10 MB.
    expect(runs(own(0.01))).toEqual([
      "aws_athena_named_query.refused-conversations-by-layer: one run over a day of the archive's records reads about 0.005 GB (every column (plain text)): about $0 in Athena (its 10 MB minimum)",
    ]);
  });

  test("Parquet reads the columns a query names; over the organisation's archive, the share of accounts it names", () => {
    const delivery = (accountId: string) => ({
      environment: accountId,
      accountId,
      trafficType: "ALL" as const,
      gbPerDay: 10,
      rejectedShare: 0.1,
      storedShare: 0.5,
      flowLogs: 1,
    });
    const e = estimate(
      [
        res("aws_s3_bucket", "org", { bucket: "org" }),
        table("parquet", "org"),
        query("verdicts-by-account", "SELECT srcaddr, action FROM t WHERE aws_account IN ('111111111111', '222222222222')"),
        query("verdicts-by-interface", "SELECT srcaddr, dstaddr, action FROM t"),
        query(
          "refused-conversations-by-layer",
          `SELECT srcaddr FROM t WHERE aws_account IN (${"'111111111111', ".repeat(5)}'111111111111')`,
        ),
      ],
      {
        environment: "log-archive",
        region: "ap-northeast-1",
        usage: USAGE,
        inflow: { bucket: "org", deliveries: ["1", "2", "3", "4", "5"].map((d) => delivery(d.repeat(12))) },
      },
    );
    // 5 members × 10 GB × 0.8 (Parquet) × 0.5 kept = 20 GB a day.
    expect(runs(e)).toEqual([
      "aws_athena_named_query.verdicts-by-account: one run over a day of the archive's records reads about 4 GB (2 of the table's 4 columns (Parquet), the 2 accounts it names of 5): about $0.0195 in Athena",
      "aws_athena_named_query.verdicts-by-interface: one run over a day of the archive's records reads about 15 GB (3 of the table's 4 columns (Parquet)): about $0.0732 in Athena",
      // Naming as many accounts as there are members (or more) reads them all.
      "aws_athena_named_query.refused-conversations-by-layer: one run over a day of the archive's records reads about 5 GB (1 of the table's 4 columns (Parquet)): about $0.0244 in Athena",
    ]);
  });

  test("no run is priced without a verdict query, the flow-log table, or its bucket in the stack", () => {
    const bucket = res("aws_s3_bucket", "arch", { bucket: "arch" });
    const writer = res("aws_flow_log", "f", { log_destination_type: "s3" }, ["aws_s3_bucket.arch"]);
    const verdict = query("verdicts-by-interface", "SELECT srcaddr FROM t");
    const other = { ...table("text", "arch"), values: { ...table("text", "arch").values, name: "transit_gateway_flow_logs" } };
    expect(runs(priced([bucket, writer, table("text", "arch")]))).toEqual([]);
    expect(runs(priced([bucket, writer, other, verdict]))).toEqual([]);
    expect(runs(priced([writer, table("text", "arch"), verdict]))).toEqual([]);
    expect(runs(priced([bucket, writer, table("text", "elsewhere"), verdict]))).toEqual([]);
    expect(runs(priced([bucket, writer, table("text", "arch"), verdict]))).toHaveLength(1);
  });
});

describe("functions run by a schedule", () => {
  test("runsPerMonth reads rate() in minutes, hours and days, singular or plural; anything else is not a rate", () => {
    expect(runsPerMonth("rate(1 minute)")).toBe(730 * 60);
    expect(runsPerMonth("rate(5 minutes)")).toBe((730 * 60) / 5);
    expect(runsPerMonth(" rate(1 hour) ")).toBe(730);
    expect(runsPerMonth("rate(2 hours)")).toBe(365);
    expect(runsPerMonth("rate(1 day)")).toBeCloseTo(MONTH, 9);
    expect(runsPerMonth("rate(2 days)")).toBeCloseTo(MONTH / 2, 9);
    for (const other of ["cron(0 * * * ? *)", "rate(1 week)", "rate(1hour)", "rate(-1 hour)", "xrate(1 hour)", "rate(1 hour)x", ""])
      expect(runsPerMonth(other)).toBeUndefined();
  });

  test("the delivery watch: its runs, its seconds at its memory, its LIST requests, its metric and its PutMetricData; its log is named", () => {
    const e = priced(watchFunction());
    // 40 deliveries × 2 LISTs = 80, run 16 at a time, 0.05 s each after 1 s to start: 1.25 s a run at 0.25 GB.
    expect(rows(e)).toEqual([
      ["aws_lambda_function.watch", "lambda-requests", 730, 730, "730 runs a month (rate(1 hour)); 730 free"],
      [
        "aws_lambda_function.watch",
        "lambda-gb-second-arm",
        228.125,
        228.125,
        "730 runs × 1.25 s (80 LIST requests, 16 at a time) × 0.25 GB; 228.13 free",
      ],
      ["aws_lambda_function.watch", "s3-list", 58400, 0, "40 deliveries × 2 LIST requests × 730 runs"],
      ["aws_lambda_function.watch", "custom-metric", 1, 1, "metric SilentDeliveries, one for every member; 1 free"],
      ["aws_lambda_function.watch", "cloudwatch-api-requests", 730, 730, "one PutMetricData a run; 730 free"],
    ]);
    expect(e.notes).toEqual(["aws_lambda_function.watch: its own log, about 1024 bytes a run (0.71 MB a month), is not priced"]);
  });

  test("priced at Arm's rate, said so for another architecture; 128 MB when no memory is set; two schedules add up", () => {
    const [fn, rule, target] = watchFunction({ memory_size: undefined, architectures: ["x86_64"] });
    const daily = res("aws_cloudwatch_event_rule", "daily", { schedule_expression: "rate(1 day)" });
    const e = priced([
      fn,
      rule,
      target,
      daily,
      res("aws_cloudwatch_event_target", "daily", { arn: "x", rule: "y" }, [fn.address, daily.address]),
    ]);
    const runs = 730 + MONTH;
    expect(e.lines.find((l) => l.item === "lambda-requests")?.quantity).toBeCloseTo(runs, 9);
    expect(e.lines.find((l) => l.item === "lambda-requests")?.basis).toBe("760.42 runs a month (rate(1 hour), rate(1 day)); 760.42 free");
    expect(e.lines.find((l) => l.item === "lambda-gb-second-arm")?.quantity).toBeCloseTo(runs * 1.25 * 0.125, 9);
    expect(e.notes[0]).toBe("aws_lambda_function.watch: priced at Arm's rate");
  });

  test("a function not run by a rate schedule of the stack, or whose work is unknown, is named; only what is known is priced", () => {
    const cron = res("aws_cloudwatch_event_rule", "cron", { schedule_expression: "cron(0 * * * ? *)" });
    const lone = res("aws_lambda_function", "lone");
    const byCron = res("aws_lambda_function", "by-cron");
    const plain = res("aws_lambda_function", "plain", { environment: [{ variables: { OTHER: "1" } }] });
    const hourly = res("aws_cloudwatch_event_rule", "hourly", { schedule_expression: "rate(1 hour)" });
    const e = priced([
      lone,
      byCron,
      plain,
      cron,
      hourly,
      res("aws_cloudwatch_event_target", "cron", {}, [byCron.address, cron.address]),
      res("aws_cloudwatch_event_target", "plain", {}, [plain.address, hourly.address]),
    ]);
    expect(rows(e)).toEqual([["aws_lambda_function.plain", "lambda-requests", 730, 730, "730 runs a month (rate(1 hour)); 730 free"]]);
    expect(e.notes).toEqual([
      "aws_lambda_function.lone: not run by a rate schedule of this stack (no rule); not priced",
      "aws_lambda_function.by-cron: not run by a rate schedule of this stack (cron(0 * * * ? *)); not priced",
      "aws_lambda_function.plain: its duration and what it calls are not known to the estimate; only its requests are priced",
    ]);
  });
});

describe("the account's free allowance", () => {
  // One resource of each kind whose price has a free allowance.
  const kinds = () => [
    res("aws_cloudwatch_log_metric_filter", "f", { metric_transformation: [{ namespace: "N", name: "M" }] }),
    res("aws_cloudwatch_metric_alarm", "a", { period: 300 }),
    res("aws_cloudwatch_dashboard", "d"),
    res("aws_sns_topic", "t"),
    res("aws_sns_topic_subscription", "e", { protocol: "email" }),
    res("aws_sns_topic_subscription", "h", { protocol: "https" }),
    res("aws_kms_key", "k"),
    res("aws_glue_catalog_database", "db"),
    ...watchFunction(),
  ];
  const freeItems = (accountFreeTier: boolean) =>
    priced(kinds(), { accountFreeTier })
      .lines.filter((l) => l.free > 0)
      .map((l) => l.item)
      .sort();

  test("the account's own allowances apply only when the account's free tier is the environment's; Glue's first million objects always", () => {
    expect(freeItems(true)).toEqual(
      [
        "alarm-metric",
        "cloudwatch-api-requests",
        "custom-metric",
        "custom-metric",
        "dashboard",
        "glue-objects",
        "kms-requests",
        "lambda-gb-second-arm",
        "lambda-requests",
        "sns-email",
        "sns-https",
        "sns-publish",
      ].sort(),
    );
    expect(freeItems(false)).toEqual(["glue-objects"]);
  });

  test("an allowance is used up by the first lines of its item; the rest pay, with the free part in the basis", () => {
    // 20,000 free key requests: two keys of 15,000 each, 15,000 free then 5,000.
    const e = priced([res("aws_kms_key", "a"), res("aws_kms_key", "b")], { kmsRequestsPerKeyPerMonth: 15000 });
    const requests = e.lines.filter((l) => l.item === "kms-requests");
    expect(requests.map((l) => [l.free, l.basis])).toEqual([
      [15000, "15000 requests a month; 15000 free"],
      [5000, "15000 requests a month; 5000 free"],
    ]);
    // $0.03 per 10,000 requests in ap-northeast-1: 10,000 paid.
    expect(requests.reduce((s, l) => s + l.monthly, 0)).toBeCloseTo(0.03, 9);
  });
});

describe("what the estimate does not know", () => {
  test("an unknown type is counted in a note; a type with no charge of its own is counted apart; neither adds a line", () => {
    const e = priced([
      res("aws_magic_thing", "a"),
      res("aws_magic_thing", "b"),
      res("aws_other_thing", "c"),
      res("aws_iam_role", "r1"),
      res("aws_iam_role", "r2"),
      res("aws_vpc", "v"),
    ]);
    expect(e.lines).toEqual([]);
    expect(e.total).toBe(0);
    expect(e.notes).toEqual([
      "2 × aws_magic_thing: not known to the estimate, not priced",
      "1 × aws_other_thing: not known to the estimate, not priced",
    ]);
    expect(e.free).toEqual({ aws_iam_role: 2, aws_vpc: 1 });
  });

  test("a note about a resource names it as a person knows it; the usage's source defaults to the defaults; the prices' date is the latest used", () => {
    const labelled = { ...res("aws_flow_log", "f", { log_destination_type: "kinesis-data-firehose" }), label: "flow-logs/vpc-to-firehose" };
    const e = priced([labelled]);
    expect(e.notes).toEqual(["flow-logs/vpc-to-firehose: the delivery stream's own charges (ingestion, its destination) are not included"]);
    expect(e.lines[0].resource).toBe("flow-logs/vpc-to-firehose");
    expect(e.lines[0].address).toBe("aws_flow_log.f");
    expect(e.usageSource).toBe("defaults");
    expect(e.pricesRead).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(e.inflow).toBeUndefined();
    expect(priced([]).pricesRead).toBe("");
  });
});
