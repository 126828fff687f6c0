import { Testing } from "cdktf";
import { addEnvironmentStacks, ConfigError, validateEnvironment, validateEnvironments } from "../constructs";
import { NetworkMonitoringStack } from "../constructs/network-monitoring-stack";
import { dev } from "../environments/dev";
import { environments } from "../environments";
import { devWith, problemsOf } from "./helpers";

/** Each case: a change to dev, and the field path, bad value and hint the message must hold. */
const cases: [string, (e: any) => void, string[]][] = [
  ["mistyped CIDR", (e) => (e.network.cidr = "10.10.0.0/166"), ['network.cidr = "10.10.0.0/166"', "not a valid IPv4 network"]],
  ["CIDR with host bits", (e) => (e.network.cidr = "10.10.1.0/16"), ['network.cidr = "10.10.1.0/16"', "network address is 10.10.0.0/16"]],
  ["CIDR octet above 255", (e) => (e.network.cidr = "10.300.0.0/16"), ['network.cidr = "10.300.0.0/16"', "above 255"]],
  ["VPC block too large", (e) => (e.network.cidr = "10.0.0.0/8"), ['network.cidr = "10.0.0.0/8"', "/16 to /28"]],
  ["subnets do not fit", (e) => (e.network.cidr = "10.10.0.0/27"), ['network.cidr = "10.10.0.0/27"', "too small for 2 private /28 and 2 public /28"]],
  ["AZ of another region", (e) => (e.network.availabilityZones = ["ap-northeast-1a", "us-east-1b"]), ['network.availabilityZones[1] = "us-east-1b"', "Availability Zone of region ap-northeast-1"]],
  ["no AZ", (e) => (e.network.availabilityZones = []), ["network.availabilityZones = []", "at least 1"]],
  ["duplicate AZ", (e) => (e.network.availabilityZones = ["ap-northeast-1a", "ap-northeast-1a"]), ['network.availabilityZones[1] = "ap-northeast-1a"', "duplicate"]],
  ["account id too short", (e) => (e.accountId = "11111111111"), ['accountId = "11111111111"', "12-digit"]],
  ["account id as a number", (e) => (e.accountId = 111111111111), ["accountId = 111111111111", "as a string"]],
  ["mistyped region", (e) => (e.region = "ap-northeast1"), ['region = "ap-northeast1"', "AWS region code"]],
  ["state bucket with capitals", (e) => (e.state.bucket = "My_State"), ['state.bucket = "My_State"', "not a valid S3 bucket name"]],
  ["state key prefix with a slash at the end", (e) => (e.state.keyPrefix = "nm/"), ['state.keyPrefix = "nm/"', "no leading or trailing slash"]],
  ["environment name with capitals", (e) => (e.name = "Dev"), ['name = "Dev"', "lowercase"]],
  ["unknown top-level field", (e) => (e.regoin = "x"), ['regoin = "x"', "unknown field"]],
  ["traffic type", (e) => (e.flowLogs.trafficType = "all"), ['flowLogs.trafficType = "all"', '"ALL", "ACCEPT", "REJECT"']],
  ["interval 300", (e) => (e.flowLogs.maxAggregationInterval = 300), ["flowLogs.maxAggregationInterval = 300", "60, 600"]],
  ["retention CloudWatch does not accept", (e) => (e.flowLogs.destinations[0].retentionInDays = 42), ["flowLogs.destinations[0].retentionInDays = 42", "accepts only 1, 3, 5"]],
  ["no destination", (e) => (e.flowLogs.destinations = []), ["flowLogs.destinations = []", "1 or 2 destinations"]],
  ["three destinations", (e) => (e.flowLogs.destinations = [{ type: "cloud-watch-logs" }, { type: "s3" }, { type: "s3", bucketName: "another-flow-log-bucket" }]), ["flowLogs.destinations", "at most 2 flow logs per VPC, subnet or interface"]],
  ["unknown destination type", (e) => (e.flowLogs.destinations = [{ type: "cloudwatch" }]), ['flowLogs.destinations[0].type = "cloudwatch"', '"cloud-watch-logs", "s3", "kinesis-data-firehose"']],
  ["S3 option on CloudWatch Logs", (e) => (e.flowLogs.destinations[0].fileFormat = "parquet"), ['flowLogs.destinations[0].fileFormat = "parquet"', 'applies only to destinations of type "s3"']],
  ["Hive partitions on CloudWatch Logs", (e) => (e.flowLogs.destinations[0].hiveCompatiblePartitions = true), ["flowLogs.destinations[0].hiveCompatiblePartitions = true", "an S3 option"]],
  ["S3 file format", (e) => (e.flowLogs.destinations = [{ type: "s3", fileFormat: "csv" }]), ['flowLogs.destinations[0].fileFormat = "csv"', '"plain-text", "parquet"']],
  ["Firehose without ARN", (e) => (e.flowLogs.destinations = [{ type: "kinesis-data-firehose" }]), ["flowLogs.destinations[0].deliveryStreamArn = undefined (missing)", "needs the ARN of an existing delivery stream"]],
  ["Firehose in another region", (e) => (e.flowLogs.destinations = [{ type: "kinesis-data-firehose", deliveryStreamArn: "arn:aws:firehose:us-east-1:111111111111:deliverystream/fl" }]), ["flowLogs.destinations[0].deliveryStreamArn", "a stream in ap-northeast-1"]],
  ["Firehose in another account without a role", (e) => (e.flowLogs.destinations = [{ type: "kinesis-data-firehose", deliveryStreamArn: "arn:aws:firehose:ap-northeast-1:999999999999:deliverystream/fl" }]), ["flowLogs.destinations[0].crossAccountDeliveryRoleArn", "account 999999999999", "cross-account"]],
  ["unknown format field", (e) => (e.flowLogs.logFormat = ["srcaddr", "dst-addr"]), ['flowLogs.logFormat[1] = "dst-addr"', "unknown flow log field"]],
  ["duplicated format field", (e) => (e.flowLogs.logFormat = ["srcaddr", "dstaddr", "srcaddr"]), ['flowLogs.logFormat[2] = "srcaddr"', "duplicated field"]],
  ["transit gateway with 600 s", (e) => { e.flowLogs.maxAggregationInterval = 600; e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"]; }, ["flowLogs.maxAggregationInterval = 600", "transit gateway flow logs need 60"]],
  ["transit gateway with a traffic type", (e) => { e.flowLogs.trafficType = "REJECT"; e.flowLogs.transitGatewayAttachmentIds = ["tgw-attach-0123456789abcdef0"]; }, ['flowLogs.trafficType = "REJECT"', "take no traffic type"]],
  ["subnet id", (e) => (e.flowLogs.subnetIds = ["subnet-xyz"]), ['flowLogs.subnetIds[0] = "subnet-xyz"', "subnet-0123456789abcdef0"]],
  ["alarm e-mail", (e) => (e.monitoring.alarmEmails = ["ops@example"]), ['monitoring.alarmEmails[0] = "ops@example"', "e-mail address"]],
  ["flow-log bucket name with underscores", (e) => (e.flowLogs.destinations = [{ type: "s3", bucketName: "flow_logs" }]), ['flowLogs.destinations[0].bucketName = "flow_logs"', "not a valid S3 bucket name"]],
  ["retention as a string", (e) => (e.flowLogs.destinations[0].retentionInDays = "30"), ['flowLogs.destinations[0].retentionInDays = "30"', "accepts only"]],
  ["HTTPS endpoint over plain HTTP", (e) => (e.monitoring.httpsEndpoints = ["http://hooks.example.com/x"]), ['monitoring.httpsEndpoints[0] = "http://hooks.example.com/x"', "https:// URL"]],
  ["threshold below zero", (e) => (e.monitoring.alarms = { rejectedFlows: { threshold: -1 } }), ["monitoring.alarms.rejectedFlows.threshold = -1", "0 or more"]],
  ["threshold as a string", (e) => (e.monitoring.alarms = { skipData: { threshold: "5" } }), ['monitoring.alarms.skipData.threshold = "5"', "0 or more"]],
  ["alarm period not a multiple of 60", (e) => (e.monitoring.alarms = { rejectedFlows: { periodSeconds: 90 } }), ["monitoring.alarms.rejectedFlows.periodSeconds = 90", "multiple of 60"]],
  ["more datapoints than periods", (e) => (e.monitoring.alarms = { rejectedRemoteAccess: { evaluationPeriods: 2, datapointsToAlarm: 3 } }), ["monitoring.alarms.rejectedRemoteAccess.datapointsToAlarm = 3", "at most evaluationPeriods (2)"]],
  ["alarm window over a day", (e) => (e.monitoring.alarms = { rejectedFlows: { periodSeconds: 3600, evaluationPeriods: 25, datapointsToAlarm: 1 } }), ["monitoring.alarms.rejectedFlows.evaluationPeriods = 25", "at most one day"]],
  ["anomaly band of zero", (e) => (e.monitoring.alarms = { bytesAnomaly: { enabled: true, bandWidth: 0 } }), ["monitoring.alarms.bytesAnomaly.bandWidth = 0", "above 0"]],
  ["threshold on the anomaly alarm", (e) => (e.monitoring.alarms = { bytesAnomaly: { threshold: 5 } }), ["monitoring.alarms.bytesAnomaly.threshold = 5", "unknown field"]],
  ["unknown alarm", (e) => (e.monitoring.alarms = { rejectedSsh: {} }), ["monitoring.alarms.rejectedSsh = {}", "valid fields are rejectedFlows, rejectedRemoteAccess, skipData, bytesAnomaly"]],
  ["reserved tag", (e) => (e.tags = { Project: "x" }), ['tags.Project = "x"', "set by this project"]],
  ["S3 lifecycle order", (e) => (e.flowLogs.destinations = [{ type: "s3", lifecycle: { transitionToInfrequentAccessDays: 30, transitionToGlacierDays: 40 } }]), ["flowLogs.destinations[0].lifecycle.transitionToGlacierDays = 40", "at least 60"]],
  ["existing log group with an option of a created one", (e) => (e.flowLogs.destinations = [{ type: "cloud-watch-logs", retentionInDays: 30, existing: { logGroupArn: "arn:aws:logs:ap-northeast-1:111111111111:log-group:fl", deliveryRoleArn: "arn:aws:iam::111111111111:role/fl" } }]), ["flowLogs.destinations[0].retentionInDays = 30", 'not with "existing"']],
];

describe("validation at synth time", () => {
  test.each(cases)("%s fails with the environment, field path, value and what is valid", (_name, change, expected) => {
    const config = devWith(change);
    const message = problemsOf(() => synthOf(config));
    expect(message).toContain(`Invalid environment "${config.name}"`);
    for (const part of expected) expect(message).toContain(part);
  });

  test("every problem of an environment is reported at once", () => {
    const message = problemsOf(() =>
      validateEnvironment(
        devWith((e) => {
          e.accountId = "1";
          e.region = "mars-1";
          e.network.cidr = "10.0.0.0";
        }),
      ),
    );
    expect(message).toContain('accountId = "1"');
    expect(message).toContain('region = "mars-1"');
    expect(message).toContain('network.cidr = "10.0.0.0"');
  });

  test("the error is a ConfigError that lists problems one by one", () => {
    let error: unknown;
    try {
      validateEnvironment(devWith((e) => (e.accountId = "x")));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(['accountId = "x": expected a 12-digit AWS account id, as a string (such as "111122223333")']);
  });

  test("config from JSON is checked the same way (no reliance on static types)", () => {
    const fromJson = JSON.parse(JSON.stringify(dev).replace('"ALL"', '"EVERYTHING"'));
    expect(problemsOf(() => validateEnvironment(fromJson))).toContain('flowLogs.trafficType = "EVERYTHING"');
    expect(problemsOf(() => validateEnvironment(null))).toContain("(environment) = null: expected an object");
  });

  test("nothing is synthesized when an environment is invalid", () => {
    const app = Testing.app();
    expect(() => new NetworkMonitoringStack(app, { environment: devWith((e) => (e.region = "nowhere")) })).toThrow(ConfigError);
    expect(app.node.children).toHaveLength(0);
  });

  test("duplicate environment names are refused for the set and in one app", () => {
    expect(problemsOf(() => validateEnvironments([dev, dev]))).toContain('environments[1].name = "dev": duplicate of environments[0].name');
    const app = Testing.app();
    new NetworkMonitoringStack(app, { environment: dev });
    const message = problemsOf(() => new NetworkMonitoringStack(app, { environment: dev }));
    expect(message).toContain("another environment of this app has that name");
    expect(message).toContain("s3://example-network-monitoring-tfstate/network-monitoring/dev/terraform.tfstate");
  });

  test("a state bucket cannot be in two regions", () => {
    const other = devWith((e) => {
      e.name = "dev2";
      e.state.region = "us-east-1";
    });
    expect(problemsOf(() => validateEnvironments([dev, other]))).toContain(
      'environment "dev2": state.region = "us-east-1": bucket example-network-monitoring-tfstate is in ap-northeast-1',
    );
  });

  test("the example environments are valid and resolve their defaults", () => {
    const resolved = validateEnvironments(environments);
    expect(resolved.map((e) => e.name)).toEqual(["dev", "staging", "prod"]);
    const d = resolved[0];
    expect(d.state.key).toBe("network-monitoring/dev/terraform.tfstate");
    expect(d.network.publicSubnets.map((s) => s.cidr)).toEqual(["10.10.32.0/24", "10.10.33.0/24"]);
    expect(d.network.privateSubnets.map((s) => s.cidr)).toEqual(["10.10.0.0/20", "10.10.16.0/20"]);
    expect(d.flowLogs.destinations).toEqual([
      { type: "cloud-watch-logs", logGroupName: "/network-monitoring/dev/vpc-flow-logs", retentionInDays: 30, customerManagedKey: false },
    ]);
  });

  test("addEnvironmentStacks validates the set before building any stack", () => {
    const app = Testing.app();
    expect(() => addEnvironmentStacks(app, [dev, { ...dev }])).toThrow(/duplicate of environments\[0\]\.name/);
    expect(app.node.children).toHaveLength(0);
  });
});

function synthOf(environment: unknown): string {
  const app = Testing.app();
  return Testing.synth(new NetworkMonitoringStack(app, { environment: environment as typeof dev }));
}
