/** Alarms, the alarm topic and its key, and the dashboard. */
import Ajv2020 from "ajv/dist/2020";
import { IConstruct } from "constructs";
import { Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ALARM_DEFAULTS, Monitoring, RecordFormat, type MonitoringProps } from "../../constructs";
import { DASHBOARD_COLUMNS, layoutWidgets } from "../../constructs/monitoring/dashboard";
import { dev } from "../../environments/dev";
import { prod } from "../../environments/prod";
import { staging } from "../../environments/staging";
import { DASHBOARD_BODY_SCHEMA } from "../support/dashboard-schema";
import { environmentWith, policy, problemsOf, refTo, resource, resources, statement, synthEnvironment, TfJson } from "../support/helpers";
import { BASE_ENVIRONMENT, NO_MONITORING } from "../support/environment";

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTuples: false });
const validateBody = ajv.compile(DASHBOARD_BODY_SCHEMA);

const alarmsByName = (json: TfJson): Record<string, any> =>
  Object.fromEntries(resources(json, "aws_cloudwatch_metric_alarm").map(([, v]) => [v.alarm_name, v]));

describe("alarms", () => {
  it("default thresholds, deliberate missing-data handling, actions to the topic", () => {
    const { json } = synthEnvironment(BASE_ENVIRONMENT);
    const topic = refTo(json, "aws_sns_topic", "monitoring/alarm-topic", "arn");
    const alarms = alarmsByName(json);
    expect(Object.keys(alarms).sort()).toEqual([
      "test-network-rejected-flows",
      "test-network-rejected-remote-access",
      "test-network-skipdata-records",
    ]);
    expect(alarms["test-network-rejected-flows"]).toMatchObject({
      namespace: "NetworkMonitoring/test",
      metric_name: "RejectedFlows",
      statistic: "Sum",
      comparison_operator: "GreaterThanThreshold",
      threshold: 100,
      period: 300,
      evaluation_periods: 3,
      datapoints_to_alarm: 2,
    });
    // A rejected record may be any of the three layers' doing (Block Public Access included): the alarm names all three.
    expect(alarms["test-network-rejected-flows"].alarm_description).toContain(
      "traffic refused by a security group, a network ACL or VPC Block Public Access",
    );
    expect(alarms["test-network-skipdata-records"]).toMatchObject({ threshold: 0, evaluation_periods: 1, datapoints_to_alarm: 1 });
    for (const a of Object.values(alarms)) {
      expect(a.actions_enabled).toBe(true);
      expect(a.alarm_actions).toEqual([topic]);
      expect(a.ok_actions).toEqual([topic]);
      expect(a.treat_missing_data).toBe("notBreaching");
      expect(a.dimensions).toBeUndefined();
    }
  });

  it("prod: thresholds from config, and the anomaly-detection alarm on bytes", () => {
    const { json } = synthEnvironment(prod);
    const alarms = alarmsByName(json);
    expect(alarms["prod-network-rejected-flows"]).toMatchObject({ threshold: 500, evaluation_periods: 3, datapoints_to_alarm: 2 });
    expect(alarms["prod-network-rejected-remote-access"]).toMatchObject({ threshold: 10, period: 300 });
    const anomaly = alarms["prod-network-bytes-anomaly"];
    expect(anomaly.comparison_operator).toBe("GreaterThanUpperThreshold");
    expect(anomaly.threshold_metric_id).toBe("band");
    expect(anomaly.metric_name).toBeUndefined();
    expect(anomaly.metric_query).toEqual([
      { id: "m1", return_data: true, metric: { namespace: "NetworkMonitoring/prod", metric_name: "Bytes", period: 300, stat: "Sum" } },
      { id: "band", expression: "ANOMALY_DETECTION_BAND(m1, 3)", label: "Bytes (expected band)", return_data: true },
    ]);
  });

  it("an alarm turned off keeps its metric filter", () => {
    const { json } = synthEnvironment(environmentWith((e) => (e.monitoring.alarms = { rejectedFlows: { enabled: false } })));
    expect(Object.keys(alarmsByName(json))).not.toContain("test-network-rejected-flows");
    expect(resources(json, "aws_cloudwatch_log_metric_filter").map(([, v]) => v.name)).toContain("test-rejected-flows");
  });

  it("metric filters read the created log group by reference, so they are created after it", () => {
    const { json } = synthEnvironment(BASE_ENVIRONMENT);
    const group = refTo(json, "aws_cloudwatch_log_group", "flow-logs/cloudwatch/log-group", "name");
    for (const [, f] of resources(json, "aws_cloudwatch_log_metric_filter")) expect(f.log_group_name).toBe(group);
    for (const [, q] of resources(json, "aws_cloudwatch_query_definition")) expect(q.log_group_names).toEqual([group]);
  });
});

describe("the alarm topic", () => {
  const { json } = synthEnvironment(prod);
  const topic = resource(json, "aws_sns_topic");
  const keyRef = refTo(json, "aws_kms_key", "monitoring/alarm-topic/key", "arn");

  it("is encrypted with its own customer-managed key that CloudWatch may use", () => {
    expect(topic.name).toBe("prod-network-monitoring-alarms");
    expect(topic.kms_master_key_id).toBe(keyRef);
    const key = resource(json, "aws_kms_key", "monitoring/alarm-topic/key");
    expect(key.enable_key_rotation).toBe(true);
    const doc = policy(key.policy);
    expect(statement(doc, "CloudWatchAlarmsUseKey")).toEqual({
      Sid: "CloudWatchAlarmsUseKey",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      // For this topic's messages only: SNS's encryption context names the topic.
      Condition: {
        StringEquals: {
          "kms:EncryptionContext:aws:sns:topicArn": "arn:aws:sns:ap-northeast-1:333333333333:prod-network-monitoring-alarms",
        },
      },
    });
    expect(resource(json, "aws_kms_alias", "monitoring/alarm-topic/key/alias").name).toBe("alias/network-monitoring/prod/alarm-topic");
  });

  it("lets CloudWatch publish only for this account's alarms of this environment, and only over TLS", () => {
    const doc = policy(resource(json, "aws_sns_topic_policy").policy);
    const topicArn = "arn:aws:sns:ap-northeast-1:333333333333:prod-network-monitoring-alarms";
    expect(statement(doc, "CloudWatchAlarmsPublish")).toEqual({
      Sid: "CloudWatchAlarmsPublish",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": "333333333333" },
        ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:ap-northeast-1:333333333333:alarm:prod-network-*" },
      },
    });
    expect(statement(doc, "DenyPublishWithoutTls")).toEqual({
      Sid: "DenyPublishWithoutTls",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: "arn:aws:sns:ap-northeast-1:333333333333:prod-network-monitoring-alarms",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    expect(statement(doc, "AccountManagesTopic").Principal).toEqual({ AWS: "arn:aws:iam::333333333333:root" });
    // Every alarm name is covered by the publish condition.
    const prefix = "prod-network-";
    for (const name of Object.keys(alarmsByName(json))) expect(name.startsWith(prefix)).toBe(true);
  });

  it("subscribes each e-mail address and HTTPS endpoint, keyed by address rather than position", () => {
    const subs = resources(json, "aws_sns_topic_subscription").map(([, v]) => [v.protocol, v.endpoint]);
    expect(subs).toEqual([
      ["email", "network-alerts@example.com"],
      ["email", "oncall-network@example.com"],
    ]);
    const withHook = synthEnvironment(environmentWith((e) => (e.monitoring.httpsEndpoints = ["https://hooks.example.com/network"]))).json;
    expect(resources(withHook, "aws_sns_topic_subscription").map(([, v]) => [v.protocol, v.endpoint])).toContainEqual([
      "https",
      "https://hooks.example.com/network",
    ]);
    const ids = (emails: string[]) =>
      resources(synthEnvironment(environmentWith((e) => (e.monitoring.alarmEmails = emails))).json, "aws_sns_topic_subscription").map(
        ([id]) => id,
      );
    const [a] = ids(["a@example.com"]);
    expect(ids(["z@example.com", "a@example.com"])).toContain(a);
  });
});

describe("the dashboard", () => {
  it.each([
    ["dev", dev],
    ["staging", staging],
    ["prod", prod],
  ] as const)("%s: its body is plain JSON that matches the dashboard body schema and the 24-column grid", (name, env) => {
    const { json } = synthEnvironment(env);
    const d = resource(json, "aws_cloudwatch_dashboard");
    expect(d.dashboard_name).toBe(`network-monitoring-${name}`);
    expect(d.dashboard_body).not.toContain("${");
    const body = JSON.parse(d.dashboard_body);
    const ok = validateBody(body);
    expect(validateBody.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    for (const w of body.widgets) expect(w.x + w.width).toBeLessThanOrEqual(DASHBOARD_COLUMNS);
    const types = body.widgets.map((w: any) => w.type);
    expect(types[0]).toBe("text");
    expect(types).toEqual(expect.arrayContaining(["alarm", "metric", "log"]));
    for (const w of body.widgets.filter((x: any) => x.type === "log" || x.type === "metric")) expect(w.properties.region).toBe(env.region);
    const logs = body.widgets.filter((w: any) => w.type === "log");
    for (const w of logs) expect(w.properties.query.startsWith(`SOURCE '/network-monitoring/${name}/vpc-flow-logs' | `)).toBe(true);
    expect(logs.map((w: any) => w.properties.title)).toEqual(
      expect.arrayContaining(["Top talkers by bytes", "Rejected flows over time", "Top destination ports by bytes"]),
    );
    const alarm = body.widgets.find((w: any) => w.type === "alarm");
    const names = Object.keys(alarmsByName(json));
    expect(alarm.properties.alarms.sort()).toEqual(names.map((n) => `arn:aws:cloudwatch:${env.region}:${env.accountId}:alarm:${n}`).sort());
    const metrics = body.widgets.filter((w: any) => w.type === "metric").map((w: any) => w.properties.metrics[0][1]);
    expect(metrics.sort()).toEqual(["Bytes", "RejectedFlows", "RejectedRemoteAccess", "SkipDataRecords"]);
  });

  it("the schema refuses what CloudWatch would refuse", () => {
    const body = JSON.parse(resource(synthEnvironment(BASE_ENVIRONMENT).json, "aws_cloudwatch_dashboard").dashboard_body);
    const broken = (change: (b: any) => void) => {
      const b = structuredClone(body);
      change(b);
      return validateBody(b);
    };
    expect(broken(() => undefined)).toBe(true);
    expect(broken((b) => (b.widgets[0].width = 25))).toBe(false);
    expect(broken((b) => delete b.widgets.find((w: any) => w.type === "log").properties.region)).toBe(false);
    expect(broken((b) => (b.widgets.find((w: any) => w.type === "log").properties.query = "stats count(*)"))).toBe(false);
    expect(broken((b) => (b.widgets.find((w: any) => w.type === "alarm").properties.alarms = []))).toBe(false);
    expect(broken((b) => (b.widgets.find((w: any) => w.type === "metric").properties.period = 90))).toBe(false);
  });

  it("lays widgets out left to right, wrapping rows on the 24-column grid", () => {
    const w = (width: number, height = 2) => ({ type: "text" as const, width, height, properties: {} });
    const placed = layoutWidgets([w(24, 4), w(8), w(8), w(8), w(12, 6), w(12, 3), w(16)]);
    expect(placed.map((p) => [p.x, p.y])).toEqual([
      [0, 0],
      [0, 4],
      [8, 4],
      [16, 4],
      [0, 6],
      [12, 6],
      [0, 12],
    ]);
    expect(() => layoutWidgets([w(25)])).toThrow(/1 to 24 columns/);
  });
});

describe("monitoring without a CloudWatch Logs destination", () => {
  it("is left out with a synth warning (S3 only)", () => {
    const { stack, json } = synthEnvironment(
      environmentWith((e) => (e.flowLogs.destinations = [{ type: "s3", encryption: "sse-s3" }]), NO_MONITORING),
    );
    expect(stack.monitoring).toBeUndefined();
    expect(json.resource.aws_cloudwatch_dashboard).toBeUndefined();
    const warnings = stack.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));
    expect(warnings.join("\n")).toContain('no flow log destination is of type "cloud-watch-logs"');
  });
});

describe("the Monitoring construct on its own", () => {
  const base: MonitoringProps = {
    location: { partition: "aws", region: "eu-west-1", accountId: "123456789012" },
    environmentName: "shared",
    logGroup: {
      name: "/existing/flow-logs",
      arn: "arn:aws:logs:eu-west-1:123456789012:log-group:/existing/flow-logs",
      nameRef: "/existing/flow-logs",
    },
    format: RecordFormat.DEFAULT,
    monitoring: { alarmEmails: ["platform@example.com"] },
  };
  const synthMonitoring = (props: MonitoringProps) => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "platform");
    new AwsProvider(stack, "aws", { region: "eu-west-1" });
    const m: IConstruct = new Monitoring(stack, "vpc-monitoring", props);
    return { m, stack, json: JSON.parse(Testing.synth(stack)) as TfJson };
  };

  it("monitors an existing log group in a stack of another app", () => {
    const { m, json } = synthMonitoring(base);
    expect(m.node.path).toBe("platform/vpc-monitoring");
    expect(resources(json, "aws_cloudwatch_query_definition")).toHaveLength(8);
    for (const [, f] of resources(json, "aws_cloudwatch_log_metric_filter")) expect(f.log_group_name).toBe("/existing/flow-logs");
    expect(Object.keys(alarmsByName(json)).sort()).toEqual([
      "shared-network-rejected-flows",
      "shared-network-rejected-remote-access",
      "shared-network-skipdata-records",
    ]);
  });

  it("takes partial alarm settings, as an environment does: the rest from the defaults", () => {
    const { json } = synthMonitoring({
      ...base,
      monitoring: { alarmEmails: ["platform@example.com"], alarms: { rejectedFlows: { threshold: 5 }, bytesAnomaly: { enabled: true } } },
    });
    const alarms = alarmsByName(json);
    expect(alarms["shared-network-rejected-flows"]).toMatchObject({
      threshold: 5,
      period: ALARM_DEFAULTS.rejectedFlows.periodSeconds,
      evaluation_periods: ALARM_DEFAULTS.rejectedFlows.evaluationPeriods,
    });
    expect(alarms["shared-network-rejected-remote-access"].threshold).toBe(ALARM_DEFAULTS.rejectedRemoteAccess.threshold);
    expect(alarms["shared-network-bytes-anomaly"]).toBeDefined();
  });

  it("validates its settings as an environment's, naming each field, before creating anything", () => {
    const problems = (props: MonitoringProps) => problemsOf(() => synthMonitoring(props));
    // A repeated address was a construct-id collision; now it is a named problem.
    expect(problems({ ...base, monitoring: { alarmEmails: ["a@example.com", "a@example.com"] } })).toContain(
      'monitoring.alarmEmails[1] = "a@example.com": duplicate',
    );
    expect(problems({ ...base, monitoring: { alarmEmails: [], alarms: { rejectedFlows: { threshold: -1 } } } })).toContain(
      "monitoring.alarms.rejectedFlows.threshold = -1",
    );
    expect(problems({ ...base, environmentName: "Shared Team" })).toContain('environmentName = "Shared Team"');
    expect(problems({ ...base, location: { ...base.location, region: "eu-west-1", partition: "aws-cn" } })).toContain(
      'location.partition = "aws-cn": the partition of eu-west-1 is "aws"',
    );
    expect(problems({ ...base, production: true, monitoring: { alarmEmails: [] } })).toContain(
      "a production environment's alarms must notify someone",
    );
    expect(() => synthMonitoring({ ...base, monitoring: { alarmEmails: [] } })).not.toThrow();
  });
});
