import type { IConstruct } from "constructs";
import { Testing } from "cdktf";
import {
  addEnvironmentStacks,
  ConfigError,
  validateEnvironment,
  validateEnvironments,
  validateVpcFlowLogMonitoring,
  type EnvironmentConfig,
} from "../../constructs";
import { NetworkMonitoringStack } from "../../constructs/stacks/environment-stack";
import { APP_OPTIONS } from "../../environments/shared";
// The examples, whatever environments a team adds to the folder.
import { EXAMPLE_ENVIRONMENTS as environments } from "../support/examples";
import { problemsOf, warningsUnder } from "../support/helpers";
import { BASE_ENVIRONMENT, EnvironmentChange, environmentWith, NO_MONITORING } from "../support/environment";

/** A bad input: a change to the base environment, and what the message must name (field path, bad value, what is valid). */
interface BadInput {
  readonly name: string;
  readonly change: EnvironmentChange;
  readonly expected: readonly string[];
}

const cases: BadInput[] = [
  {
    name: "mistyped CIDR",
    change: (e) => (e.network.cidr = "10.10.0.0/166"),
    expected: ['network.cidr = "10.10.0.0/166"', "not a valid IPv4 network"],
  },
  {
    name: "CIDR with host bits",
    change: (e) => (e.network.cidr = "10.10.1.0/16"),
    expected: ['network.cidr = "10.10.1.0/16"', "network address is 10.10.0.0/16"],
  },
  {
    name: "CIDR octet above 255",
    change: (e) => (e.network.cidr = "10.300.0.0/16"),
    expected: ['network.cidr = "10.300.0.0/16"', "above 255"],
  },
  { name: "VPC block too large", change: (e) => (e.network.cidr = "10.0.0.0/8"), expected: ['network.cidr = "10.0.0.0/8"', "/16 to /28"] },
  {
    name: "subnets do not fit",
    change: (e) => (e.network.cidr = "10.10.0.0/27"),
    expected: ['network.cidr = "10.10.0.0/27"', "too small for 2 private /28 and 2 public /28"],
  },
  {
    name: "AZ of another region",
    change: (e) => (e.network.availabilityZones = ["ap-northeast-1a", "us-east-1b"]),
    expected: ['network.availabilityZones[1] = "us-east-1b"', "Availability Zone of region ap-northeast-1"],
  },
  { name: "no AZ", change: (e) => (e.network.availabilityZones = []), expected: ["network.availabilityZones = []", "at least 1"] },
  {
    name: "duplicate AZ",
    change: (e) => (e.network.availabilityZones = ["ap-northeast-1a", "ap-northeast-1a"]),
    expected: ['network.availabilityZones[1] = "ap-northeast-1a"', "duplicate"],
  },
  { name: "account id too short", change: (e) => (e.accountId = "11111111111"), expected: ['accountId = "11111111111"', "12-digit"] },
  {
    name: "account id as a number",
    change: { accountId: 111111111111 },
    expected: ["accountId = 111111111111: expected a string, got a number"],
  },
  { name: "mistyped region", change: (e) => (e.region = "ap-northeast1"), expected: ['region = "ap-northeast1"', "AWS region code"] },
  {
    name: "state bucket with capitals",
    change: (e) => (e.state.bucket = "My_State"),
    expected: ['state.bucket = "My_State"', "not a valid S3 bucket name"],
  },
  {
    name: "state key prefix with a slash at the end",
    change: (e) => (e.state.keyPrefix = "nm/"),
    expected: ['state.keyPrefix = "nm/"', "no leading or trailing slash"],
  },
  { name: "environment name with capitals", change: (e) => (e.name = "Dev"), expected: ['name = "Dev"', "lowercase"] },
  { name: "unknown top-level field", change: (e) => (e.regoin = "x"), expected: ['regoin = "x"', "unknown field"] },
  {
    name: "traffic type",
    change: (e) => (e.flowLogs.trafficType = "all"),
    expected: ['flowLogs.trafficType = "all"', '"ALL", "ACCEPT", "REJECT"'],
  },
  {
    name: "interval 300",
    change: (e) => (e.flowLogs.maxAggregationInterval = 300),
    expected: ["flowLogs.maxAggregationInterval = 300", "60, 600"],
  },
  {
    name: "retention CloudWatch does not accept",
    change: (e) => (e.flowLogs.destinations[0].retentionInDays = 42),
    expected: ["flowLogs.destinations[0].retentionInDays = 42", "accepts only 1, 3, 5"],
  },
  {
    name: "no destination",
    change: (e) => (e.flowLogs.destinations = []),
    expected: ["flowLogs.destinations = []", "1 or 2 destinations"],
  },
  {
    name: "three destinations",
    change: (e) =>
      (e.flowLogs.destinations = [{ type: "cloud-watch-logs" }, { type: "s3" }, { type: "s3", bucketName: "another-flow-log-bucket" }]),
    expected: ["flowLogs.destinations", "at most 2 flow logs per VPC, subnet or interface"],
  },
  {
    name: "unknown destination type",
    change: (e) => (e.flowLogs.destinations = [{ type: "cloudwatch" }]),
    expected: ['flowLogs.destinations[0].type = "cloudwatch"', '"cloud-watch-logs", "s3", "kinesis-data-firehose"'],
  },
  {
    name: "S3 option on CloudWatch Logs",
    change: (e) => (e.flowLogs.destinations[0].fileFormat = "parquet"),
    expected: ['flowLogs.destinations[0].fileFormat = "parquet"', 'applies only to destinations of type "s3"'],
  },
  {
    name: "Hive partitions on CloudWatch Logs",
    change: (e) => (e.flowLogs.destinations[0].hiveCompatiblePartitions = true),
    expected: ["flowLogs.destinations[0].hiveCompatiblePartitions = true", "an S3 option"],
  },
  {
    name: "S3 file format",
    change: (e) => (e.flowLogs.destinations = [{ type: "s3", fileFormat: "csv" }]),
    expected: ['flowLogs.destinations[0].fileFormat = "csv"', '"plain-text", "parquet"'],
  },
  {
    name: "Firehose without ARN",
    change: (e) => (e.flowLogs.destinations = [{ type: "kinesis-data-firehose" }]),
    expected: ["flowLogs.destinations[0].deliveryStreamArn = undefined (missing)", "needs the ARN of an existing delivery stream"],
  },
  {
    name: "Firehose in another region",
    change: (e) =>
      (e.flowLogs.destinations = [
        { type: "kinesis-data-firehose", deliveryStreamArn: "arn:aws:firehose:us-east-1:111111111111:deliverystream/fl" },
      ]),
    expected: ["flowLogs.destinations[0].deliveryStreamArn", "a stream in ap-northeast-1"],
  },
  {
    name: "Firehose in another account without a role",
    change: (e) =>
      (e.flowLogs.destinations = [
        { type: "kinesis-data-firehose", deliveryStreamArn: "arn:aws:firehose:ap-northeast-1:999999999999:deliverystream/fl" },
      ]),
    expected: ["flowLogs.destinations[0].crossAccountDeliveryRoleArn", "account 999999999999", "cross-account"],
  },
  {
    name: "Firehose cross-account role not named as AWS requires",
    change: (e) =>
      (e.flowLogs.destinations = [
        {
          type: "kinesis-data-firehose",
          deliveryStreamArn: "arn:aws:firehose:ap-northeast-1:999999999999:deliverystream/fl",
          crossAccountDeliveryRoleArn: "arn:aws:iam::999999999999:role/flow-log-delivery",
        },
      ]),
    expected: [
      'crossAccountDeliveryRoleArn = "arn:aws:iam::999999999999:role/flow-log-delivery"',
      "AWSLogDeliveryFirehoseCrossAccountRole",
      '"flow-log-delivery"',
    ],
  },
  {
    name: "Firehose cross-account role outside the stream's account",
    change: (e) =>
      (e.flowLogs.destinations = [
        {
          type: "kinesis-data-firehose",
          deliveryStreamArn: "arn:aws:firehose:ap-northeast-1:999999999999:deliverystream/fl",
          crossAccountDeliveryRoleArn: "arn:aws:iam::888888888888:role/AWSLogDeliveryFirehoseCrossAccountRole",
        },
      ]),
    expected: ["crossAccountDeliveryRoleArn", "a role in the stream's account 999999999999, not 888888888888"],
  },
  {
    name: "Firehose cross-account role for a stream of the environment's own account",
    change: (e) =>
      (e.flowLogs.destinations = [
        {
          type: "kinesis-data-firehose",
          deliveryStreamArn: "arn:aws:firehose:ap-northeast-1:111111111111:deliverystream/fl",
          crossAccountDeliveryRoleArn: "arn:aws:iam::111111111111:role/AWSLogDeliveryFirehoseCrossAccountRole",
        },
      ]),
    expected: ["crossAccountDeliveryRoleArn", "in this environment's account (111111111111)", "leave it out"],
  },
  {
    name: "Firehose transit gateway stream in another account",
    change: (e) =>
      (e.flowLogs.destinations = [
        {
          type: "kinesis-data-firehose",
          deliveryStreamArn: "arn:aws:firehose:ap-northeast-1:111111111111:deliverystream/vpc",
          transitGatewayDeliveryStreamArn: "arn:aws:firehose:ap-northeast-1:999999999999:deliverystream/tgw",
        },
      ]),
    expected: ["transitGatewayDeliveryStreamArn", "account and region of deliveryStreamArn (111111111111, ap-northeast-1)"],
  },
  {
    name: "existing bucket with the reserved AWSLogs folder",
    change: (e) => (e.flowLogs.destinations = [{ type: "s3", existingBucketArn: "arn:aws:s3:::central-logs/AWSLogs" }]),
    expected: ['existingBucketArn = "arn:aws:s3:::central-logs/AWSLogs"', "AWSLogs is reserved"],
  },
  {
    name: "unknown format field",
    change: (e) => (e.flowLogs.logFormat = ["srcaddr", "dst-addr"]),
    expected: ['flowLogs.logFormat[1] = "dst-addr"', "unknown flow log field"],
  },
  {
    name: "duplicated format field",
    change: (e) => (e.flowLogs.logFormat = ["srcaddr", "dstaddr", "srcaddr"]),
    expected: ['flowLogs.logFormat[2] = "srcaddr"', "duplicated field"],
  },
  {
    name: "transit gateway field in the VPC's format",
    change: (e) => (e.flowLogs.logFormat = ["srcaddr", "packets-lost-no-route"] as never),
    expected: ['flowLogs.logFormat[1] = "packets-lost-no-route"', "a transit gateway field", "transitGatewayLogFormat"],
  },
  {
    name: "VPC field in the transit gateway format",
    change: (e) => {
      e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
      e.flowLogs.transitGatewayLogFormat = ["tgw-attachment-id", "action"] as never;
    },
    expected: ['flowLogs.transitGatewayLogFormat[1] = "action"', "a VPC flow log field, which transit gateway records do not have"],
  },
  {
    name: "unknown transit gateway field",
    change: (e) => {
      e.flowLogs.transitGatewayAttachmentIds = ["tgw-attach-0123456789abcdef0"];
      e.flowLogs.transitGatewayLogFormat = ["tgw-attachment", "srcaddr"] as never;
    },
    expected: [
      'flowLogs.transitGatewayLogFormat[0] = "tgw-attachment"',
      "unknown transit gateway field; valid fields are version, resource-type,",
    ],
  },
  {
    name: "transit gateway field twice",
    change: (e) => {
      e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
      e.flowLogs.transitGatewayLogFormat = ["srcaddr", "tgw-id", "srcaddr"];
    },
    expected: ['flowLogs.transitGatewayLogFormat[2] = "srcaddr"', "duplicated field"],
  },
  {
    name: "transit gateway format without a transit gateway",
    change: (e) => (e.flowLogs.transitGatewayLogFormat = ["tgw-id", "srcaddr"]),
    expected: ["flowLogs.transitGatewayLogFormat", "no transit gateway or attachment is logged here"],
  },
  {
    name: "empty transit gateway format",
    change: (e) => {
      e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
      e.flowLogs.transitGatewayLogFormat = [];
    },
    expected: ["flowLogs.transitGatewayLogFormat = []", "non-empty list of transit gateway field names"],
  },
  {
    name: "transit gateway with 600 s",
    change: (e) => {
      e.flowLogs.maxAggregationInterval = 600;
      e.flowLogs.transitGatewayIds = ["tgw-0123456789abcdef0"];
    },
    expected: ["flowLogs.maxAggregationInterval = 600", "transit gateway flow logs need 60"],
  },
  {
    name: "transit gateway with a traffic type",
    change: (e) => {
      e.flowLogs.trafficType = "REJECT";
      e.flowLogs.transitGatewayAttachmentIds = ["tgw-attach-0123456789abcdef0"];
    },
    expected: ['flowLogs.trafficType = "REJECT"', "take no traffic type"],
  },
  {
    name: "subnet id",
    change: (e) => (e.flowLogs.subnetIds = ["subnet-xyz"]),
    expected: ['flowLogs.subnetIds[0] = "subnet-xyz"', "subnet-0123456789abcdef0"],
  },
  {
    name: "alarm e-mail",
    change: (e) => (e.monitoring.alarmEmails = ["ops@example"]),
    expected: ['monitoring.alarmEmails[0] = "ops@example"', "e-mail address"],
  },
  {
    name: "flow-log bucket name with underscores",
    change: (e) => (e.flowLogs.destinations = [{ type: "s3", bucketName: "flow_logs" }]),
    expected: ['flowLogs.destinations[0].bucketName = "flow_logs"', "not a valid S3 bucket name"],
  },
  {
    name: "retention as a string",
    change: (e) => (e.flowLogs.destinations[0].retentionInDays = "30"),
    expected: ['flowLogs.destinations[0].retentionInDays = "30": expected a number, got a string'],
  },
  {
    name: "HTTPS endpoint over plain HTTP",
    change: (e) => (e.monitoring.httpsEndpoints = ["http://hooks.example.com/x"]),
    expected: ['monitoring.httpsEndpoints[0] = "http://hooks.example.com/x"', "https:// URL"],
  },
  {
    name: "threshold below zero",
    change: (e) => (e.monitoring.alarms = { rejectedFlows: { threshold: -1 } }),
    expected: ["monitoring.alarms.rejectedFlows.threshold = -1", "0 or more"],
  },
  {
    name: "threshold as a string",
    change: (e) => (e.monitoring.alarms = { skipData: { threshold: "5" } }),
    expected: ['monitoring.alarms.skipData.threshold = "5": expected a number, got a string'],
  },
  {
    name: "alarm period not a multiple of 60",
    change: (e) => (e.monitoring.alarms = { rejectedFlows: { periodSeconds: 90 } }),
    expected: ["monitoring.alarms.rejectedFlows.periodSeconds = 90", "multiple of 60"],
  },
  {
    name: "more datapoints than periods",
    change: (e) => (e.monitoring.alarms = { rejectedRemoteAccess: { evaluationPeriods: 2, datapointsToAlarm: 3 } }),
    expected: ["monitoring.alarms.rejectedRemoteAccess.datapointsToAlarm = 3", "at most evaluationPeriods (2)"],
  },
  {
    name: "alarm window over a day",
    change: (e) => (e.monitoring.alarms = { rejectedFlows: { periodSeconds: 3600, evaluationPeriods: 25, datapointsToAlarm: 1 } }),
    expected: ["monitoring.alarms.rejectedFlows.evaluationPeriods = 25", "at most one day"],
  },
  {
    name: "anomaly band of zero",
    change: (e) => (e.monitoring.alarms = { bytesAnomaly: { enabled: true, bandWidth: 0 } }),
    expected: ["monitoring.alarms.bytesAnomaly.bandWidth = 0", "above 0"],
  },
  {
    name: "threshold on the anomaly alarm",
    change: (e) => (e.monitoring.alarms = { bytesAnomaly: { threshold: 5 } }),
    expected: ["monitoring.alarms.bytesAnomaly.threshold = 5", "unknown field"],
  },
  {
    name: "unknown alarm",
    change: (e) => (e.monitoring.alarms = { rejectedSsh: {} }),
    expected: ["monitoring.alarms.rejectedSsh = {}", "valid fields are rejectedFlows, rejectedRemoteAccess, skipData, bytesAnomaly"],
  },
  { name: "reserved tag", change: (e) => (e.tags = { Project: "x" }), expected: ['tags.Project = "x"', "set by this project"] },
  {
    name: "S3 lifecycle order",
    change: (e) =>
      (e.flowLogs.destinations = [{ type: "s3", lifecycle: { transitionToInfrequentAccessDays: 30, transitionToGlacierDays: 40 } }]),
    expected: ["flowLogs.destinations[0].lifecycle.transitionToGlacierDays = 40", "at least 60"],
  },
  {
    name: "existing log group with an option of a created one",
    change: (e) =>
      (e.flowLogs.destinations = [
        {
          type: "cloud-watch-logs",
          retentionInDays: 30,
          existing: {
            logGroupArn: "arn:aws:logs:ap-northeast-1:111111111111:log-group:fl",
            deliveryRoleArn: "arn:aws:iam::111111111111:role/fl",
          },
        },
      ]),
    expected: ["flowLogs.destinations[0].retentionInDays = 30", 'not with "existing"'],
  },
  {
    name: "monitoring without a CloudWatch Logs destination",
    change: { flowLogs: { destinations: [{ type: "s3" }] } },
    expected: [
      'monitoring = {"alarmEmails":["network-alerts@example.com"]}: it reads the CloudWatch Logs group, and no flowLogs.destinations entry is of type "cloud-watch-logs"',
    ],
  },
  {
    name: "no monitoring with a CloudWatch Logs destination",
    change: NO_MONITORING,
    expected: ['monitoring = undefined (missing): required with a "cloud-watch-logs" destination'],
  },
  {
    name: "production alarms that notify nobody",
    change: { production: true, monitoring: { alarmEmails: [] } },
    expected: ["monitoring.alarmEmails = []: a production environment's alarms must notify someone"],
  },
  {
    name: "interval as a string",
    change: { flowLogs: { maxAggregationInterval: "60" } },
    expected: ['flowLogs.maxAggregationInterval = "60": expected a number, got a string'],
  },
  { name: "production as a string", change: { production: "yes" }, expected: ['production = "yes": expected true or false, got a string'] },
  { name: "network as a list", change: { network: [] }, expected: ["network = []: expected an object, got a list"] },
];

describe("validation at synth time", () => {
  test.each(cases)("$name: refused, naming the environment, field path, value and what is valid", ({ change, expected }) => {
    const config = environmentWith(change);
    const message = problemsOf(() => synthOf(config));
    expect(message).toContain(`Invalid environment "${config.name}"`);
    for (const part of expected) expect(message).toContain(part);
  });

  test("every problem of an environment is reported at once", () => {
    const message = problemsOf(() =>
      validateEnvironment(
        environmentWith((e) => {
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

  test("a mistyped region is reported once, not again for every Availability Zone", () => {
    const message = problemsOf(() => validateEnvironment(environmentWith({ region: "ap-northeast1" })));
    expect(message).toContain('region = "ap-northeast1": expected an AWS region code');
    expect(message).not.toContain("availabilityZones");
    expect(
      problemsOf(() => validateEnvironment(environmentWith({ region: "ap-northeast1", network: { availabilityZones: ["a b"] } }))),
    ).toContain('network.availabilityZones[0] = "a b": expected an Availability Zone name');
  });

  test("the error is a ConfigError that lists problems one by one", () => {
    let error: unknown;
    try {
      validateEnvironment(environmentWith((e) => (e.accountId = "x")));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'accountId = "x": expected a 12-digit AWS account id, as a string (such as "111122223333")',
    ]);
  });

  test("config from JSON is checked the same way (no reliance on static types)", () => {
    const fromJson = JSON.parse(JSON.stringify(BASE_ENVIRONMENT).replace('"ALL"', '"EVERYTHING"'));
    expect(problemsOf(() => validateEnvironment(fromJson))).toContain('flowLogs.trafficType = "EVERYTHING"');
    expect(problemsOf(() => validateEnvironment(null))).toContain("(environment) = null: expected an object");
  });

  test("nothing is synthesized when an environment is invalid", () => {
    const app = Testing.app();
    expect(() => new NetworkMonitoringStack(app, { environment: environmentWith((e) => (e.region = "nowhere")) })).toThrow(ConfigError);
    expect(app.node.children).toHaveLength(0);
  });

  test("duplicate environment names are refused for the set and in one app", () => {
    const env = environmentWith({});
    expect(problemsOf(() => validateEnvironments([env, env]))).toContain(
      'environments[1]: name = "test": also the name of environments[0]; each environment needs its own name',
    );
    const app = Testing.app();
    new NetworkMonitoringStack(app, { environment: env });
    const message = problemsOf(() => new NetworkMonitoringStack(app, { environment: env }));
    expect(message).toContain("another environment of this app has that name");
    expect(message).toContain("s3://test-network-monitoring-tfstate/network-monitoring/test/terraform.tfstate");
  });

  test("a state bucket cannot be in two regions", () => {
    const other = environmentWith({ name: "test2", state: { region: "us-east-1" } });
    expect(problemsOf(() => validateEnvironments([environmentWith({}), other]))).toContain(
      'environment "test2": state.region = "us-east-1": bucket test-network-monitoring-tfstate is in ap-northeast-1',
    );
  });

  test("the example environments are valid and resolve their defaults", () => {
    const resolved = validateEnvironments(environments, APP_OPTIONS);
    expect(resolved.map((e) => e.name)).toEqual(["dev", "staging", "prod"]);
    const d = resolved[0];
    expect(d.state.key).toBe("network-monitoring/dev/terraform.tfstate");
    expect(d.network.publicSubnets.map((s) => s.cidr)).toEqual(["10.10.32.0/24", "10.10.33.0/24"]);
    expect(d.network.privateSubnets.map((s) => s.cidr)).toEqual(["10.10.0.0/20", "10.10.16.0/20"]);
    expect(d.flowLogs.destinations).toEqual([
      {
        type: "cloud-watch-logs",
        source: "created",
        logGroupName: "/network-monitoring/dev/vpc-flow-logs",
        retentionInDays: 30,
        customerManagedKey: false,
      },
    ]);
  });

  test("addEnvironmentStacks validates the set before building any stack", () => {
    const app = Testing.app();
    expect(() => addEnvironmentStacks(app, [environmentWith({}), environmentWith({})])).toThrow(
      /environments\[1\]: name = "test": also the name of environments\[0\]/,
    );
    expect(app.node.children).toHaveLength(0);
  });

  test("addEnvironmentStacks validates each environment once: the bootstrap and the stacks take it resolved", () => {
    // Each validation reads an environment's flowLogs once: count the reads.
    const counted = (e: EnvironmentConfig) => {
      let reads = 0;
      const proxy = new Proxy(e, {
        get: (target, key, receiver) => {
          if (key === "flowLogs") reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      return { proxy, reads: () => reads };
    };
    const alone = counted(environmentWith({}));
    validateEnvironment(alone.proxy);
    const a = counted(environmentWith({}));
    const b = counted(environmentWith({ name: "second", network: { cidr: "10.11.0.0/16" } }));
    const { stacks } = addEnvironmentStacks(Testing.app(), [a.proxy, b.proxy]);
    expect([a.reads(), b.reads()]).toEqual([alone.reads(), alone.reads()]);
    // What the validator resolved is taken as it is.
    expect(validateEnvironment(stacks[0].environment)).toBe(stacks[0].environment);
  });
});

function synthOf(environment: unknown): string {
  const app = Testing.app();
  return Testing.synth(new NetworkMonitoringStack(app, { environment: environment as EnvironmentConfig }));
}

describe("monitoring follows the destinations", () => {
  const warnings = warningsUnder;

  test("without a CloudWatch Logs destination, no monitoring is needed and none is built", () => {
    const app = Testing.app();
    const stack = new NetworkMonitoringStack(app, {
      environment: environmentWith({ flowLogs: { destinations: [{ type: "s3" }] } }, NO_MONITORING),
    });
    expect(stack.environment.monitoring).toBeUndefined();
    expect(stack.monitoring).toBeUndefined();
  });

  test("outside production, alarms that notify nobody are built, with a warning", () => {
    const app = Testing.app();
    const stack = new NetworkMonitoringStack(app, { environment: environmentWith({ monitoring: { alarmEmails: [] } }) });
    expect(stack.monitoring?.alarms.length).toBe(3);
    expect(warnings(stack).join("\n")).toContain('environment "test": monitoring.alarmEmails = []: the alarms notify nobody');
  });

  test("an HTTPS endpoint alone is someone to notify, in production too", () => {
    const env = environmentWith({
      production: true,
      monitoring: { alarmEmails: [], httpsEndpoints: ["https://hooks.example.com/alarms"] },
    });
    expect(validateEnvironment(env).monitoring?.httpsEndpoints).toEqual(["https://hooks.example.com/alarms"]);
  });
});

describe("what only the set of environments shows", () => {
  const warnings = (c: IConstruct) => c.node.metadata.filter((m) => m.type === "@cdktf/warn").map((m) => String(m.data));

  test("overlapping VPC blocks are valid but warned on the later environment, naming both", () => {
    const app = Testing.app();
    const a = environmentWith({ name: "blue", network: { cidr: "10.10.0.0/16" } });
    const b = environmentWith({ name: "green", network: { cidr: "10.10.128.0/17" }, state: { keyPrefix: "green" } });
    const c = environmentWith({ name: "red", network: { cidr: "10.11.0.0/16" }, state: { keyPrefix: "red" } });
    const { stacks } = addEnvironmentStacks(app, [a, b, c]);
    expect(warnings(stacks[0])).toEqual([]);
    expect(warnings(stacks[1])).toEqual([
      'environment "green": network.cidr = "10.10.128.0/17" overlaps environment "blue"\'s 10.10.0.0/16: valid, but the two VPCs can never be peered or joined by a transit gateway; give each environment its own block',
    ]);
    expect(warnings(stacks[2])).toEqual([]);
  });

  test("the example environments do not overlap", () => {
    const app = Testing.app();
    const { stacks } = addEnvironmentStacks(app, environments, APP_OPTIONS);
    for (const s of stacks) expect(warnings(s).filter((w) => w.includes("overlaps"))).toEqual([]);
  });
});

describe("what a new user writes wrong, in a plain message", () => {
  const messageOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return (e as Error).message;
    }
    return "";
  };

  test("a Region AWS does not have is refused, naming where the list comes from; opt-in Regions pass", () => {
    const bad = environmentWith((e) => {
      e.region = "ap-northeast-9";
      e.network.availabilityZones = ["ap-northeast-9a", "ap-northeast-9c"];
    });
    const problems = problemsOf(() => validateEnvironment(bad));
    expect(problems).toMatch(
      /^ {2}- region = "ap-northeast-9": not a Region AWS has \(in that area: ap-northeast-1, ap-northeast-2, ap-northeast-3\)\. The list \(constructs\/shared\/regions\.ts, read \d{4}-\d\d-\d\d from AWS's Regions page, opt-in Regions included\) takes a new Region in one line$/m,
    );
    // Opt-in Regions (Cape Town, Hong Kong, Thailand) are Regions.
    for (const region of ["af-south-1", "ap-east-1", "ap-southeast-7"]) {
      const ok = environmentWith((e) => {
        e.region = region;
        e.network.availabilityZones = [`${region}a`, `${region}b`];
      });
      expect([region, validateEnvironment(ok).region]).toEqual([region, region]);
    }
    expect(problemsOf(() => validateEnvironment(environmentWith((e) => (e.state = { ...e.state, region: "eu-west-9" }))))).toMatch(
      /^ {2}- state\.region = "eu-west-9": not a Region AWS has/m,
    );
  });

  test("a library config is called a config, not an environment", () => {
    const message = messageOf(() =>
      validateVpcFlowLogMonitoring({
        name: "shared-services",
        accountId: "123456789012",
        region: "eu-west-1",
        vpcId: "vpc-nope",
        flowLogs: { destinations: [{ type: "s3" }] },
      }),
    );
    expect(message.split("\n")[0]).toBe('Invalid VpcFlowLogMonitoring config "shared-services":');
  });

  test("a bucket ARN with capitals says why; retention 0 says never-expiring is deliberately not offered", () => {
    const capitals = environmentWith(
      (e) => (e.flowLogs.destinations = [{ type: "s3", existingBucketArn: "arn:aws:s3:::My-Flow-Logs" }]),
      NO_MONITORING,
    );
    expect(problemsOf(() => validateEnvironment(capitals))).toMatch(
      /^ {2}- flowLogs\.destinations\[0\]\.existingBucketArn = "arn:aws:s3:::My-Flow-Logs": not a valid S3 bucket name "My-Flow-Logs": it may hold only lowercase/m,
    );
    const forever = environmentWith((e) => (e.flowLogs.destinations = [{ type: "cloud-watch-logs", retentionInDays: 0 }]));
    expect(problemsOf(() => validateEnvironment(forever))).toMatch(
      /^ {2}- flowLogs\.destinations\[0\]\.retentionInDays = 0: never-expiring log groups are deliberately not offered/m,
    );
  });
});
