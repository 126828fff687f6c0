/**
 * The config declared once: the checker and the JSON Schema agree on valid environments and on
 * every mutation the schema can express; environments come as YAML or JSON files. That the
 * generated files are the declarations' (formatted by Prettier, another program) is
 * __tests__/engines/generated-files.test.ts.
 */
import Ajv from "ajv";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { ConfigError, loadEnvironmentFiles, validateEnvironment, validateEnvironments, type EnvironmentConfig } from "../../constructs";
import { whenCreatedFields, type Decl } from "../../constructs/config/fields/declare";
import { CLOUDWATCH_LOGS_DESTINATION, S3_DESTINATION } from "../../constructs/config/fields/destinations";
import { ENVIRONMENT } from "../../constructs/config/fields/environment";
import { NetworkMonitoringStack } from "../../constructs/stacks/environment-stack";
import { dev } from "../../environments/dev";
import { prod } from "../../environments/prod";
import { LOG_ARCHIVE } from "../../environments/shared";
import { staging } from "../../environments/staging";
import { generatedEnvironments } from "../../tools/bench/generated-environments";
import { renderReference, renderSchema } from "../../tools/schema/render";
import { BASE_ENVIRONMENT, environmentFrom } from "../support/environment";

const schema = JSON.parse(renderSchema()) as object;
const ajv = new Ajv({ allErrors: true, strict: true });
const schemaAccepts = ajv.compile(schema);

/** The problems the checker finds in an environment (none: it is valid). */
function checkerProblems(e: unknown): readonly string[] {
  try {
    validateEnvironment(e, undefined, { logArchive: LOG_ARCHIVE });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe("generated from the declarations", () => {
  test("every property of the schema has a description", () => {
    const missing: string[] = [];
    const visit = (node: unknown, at: string): void => {
      if (typeof node !== "object" || node === null) return;
      const n = node as Record<string, unknown>;
      if (n.properties) {
        for (const [k, v] of Object.entries(n.properties as Record<string, Record<string, unknown>>)) {
          if (typeof v.description !== "string" || v.description.length < 10) missing.push(`${at}.${k}`);
          visit(v, `${at}.${k}`);
        }
      }
      for (const [k, v] of Object.entries(n)) if (k !== "properties" && typeof v === "object") visit(v, `${at}/${k}`);
    };
    visit(schema, "");
    expect(missing).toEqual([]);
  });
});

/** Rich environments that set nearly every field, between them, for the mutations. */
const FULL: EnvironmentConfig[] = [
  environmentFrom(prod, {
    network: { publicSubnetPrefixLength: 24, privateSubnetPrefixLength: 20 },
    flowLogs: {
      logFormat: ["version", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "action", "log-status"],
      subnetIds: ["subnet-0123456789abcdef0"],
      networkInterfaceIds: ["eni-0123456789abcdef0"],
      destinations: [
        { type: "cloud-watch-logs", logGroupName: "/custom/flow-logs", retentionInDays: 400, customerManagedKey: true },
        {
          type: "s3",
          bucketName: "prod-archive-example",
          fileFormat: "parquet",
          hiveCompatiblePartitions: true,
          perHourPartition: true,
          encryption: "sse-kms",
          lifecycle: {
            transitionToInfrequentAccessDays: 30,
            transitionToGlacierDays: 90,
            glacierStorageClass: "GLACIER_IR",
            expirationDays: 1096,
          },
          athena: { bytesScannedCutoffPerQuery: 20 * 1024 ** 3, resultsExpirationDays: 14, firstYear: 2025 },
        },
      ],
    },
    monitoring: {
      httpsEndpoints: ["https://hooks.example.com/network"],
      alarms: {
        rejectedFlows: { enabled: true, threshold: 500, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 2 },
        skipData: { enabled: true, threshold: 0, periodSeconds: 60, evaluationPeriods: 1, datapointsToAlarm: 1 },
        bytesAnomaly: { enabled: true, bandWidth: 2.5, periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 2 },
      },
    },
    state: { keyPrefix: "network/monitoring", region: "ap-northeast-1", kmsKeyId: "alias/terraform-state" },
    usage: {
      flowLogGbPerDay: 3,
      rejectedShare: 0.2,
      logGroupStoredShare: 0.2,
      athenaDaysQueried: 30,
      estimateYear: 2,
      accountFreeTier: false,
    },
  }),
  environmentFrom(BASE_ENVIRONMENT, {
    flowLogs: {
      transitGatewayIds: ["tgw-0123456789abcdef0"],
      transitGatewayAttachmentIds: ["tgw-attach-0123456789abcdef0"],
      destinations: [
        {
          type: "kinesis-data-firehose",
          deliveryStreamArn: "arn:aws:firehose:ap-northeast-1:222222222222:deliverystream/flow-logs",
          transitGatewayDeliveryStreamArn: "arn:aws:firehose:ap-northeast-1:222222222222:deliverystream/tgw-flow-logs",
          crossAccountDeliveryRoleArn: "arn:aws:iam::222222222222:role/AWSLogDeliveryFirehoseCrossAccountRole-flow-logs",
        },
        { type: "s3", existingBucketArn: "arn:aws:s3:::central-flow-logs/test" },
      ],
    },
    monitoring: undefined,
  }),
  environmentFrom(BASE_ENVIRONMENT, {
    flowLogs: {
      destinations: [
        {
          type: "cloud-watch-logs",
          existing: {
            logGroupArn: "arn:aws:logs:ap-northeast-1:111111111111:log-group:shared-flow-logs",
            deliveryRoleArn: "arn:aws:iam::111111111111:role/flow-logs-delivery",
          },
        },
      ],
    },
    tags: { CostCenter: "network" },
  }),
];

/** One change of one field that the schema can express, with the path a message must name. */
interface Mutation {
  readonly path: string;
  readonly what: string;
  readonly apply: (e: any) => void;
}

/** The value at `path` (a.b[0].c) of `e`, and a setter for it. */
function at(e: any, keys: readonly (string | number)[]): { parent: any; key: string | number } {
  let parent = e;
  for (const k of keys.slice(0, -1)) parent = parent[k];
  return { parent, key: keys[keys.length - 1] };
}

function showPath(keys: readonly (string | number)[]): string {
  return keys.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

/** The declaration a value in a union answers to: the destination of its `type`, or the option of its JSON type. */
function optionFor(d: Decl, v: unknown): Decl | undefined {
  if (d.kind !== "union") return d;
  return d.options.find((o) =>
    o.kind === "object"
      ? typeof v === "object" && v !== null && (o.fields.type?.kind !== "const" || o.fields.type.value === (v as any).type)
      : o.kind === "boolean"
        ? typeof v === "boolean"
        : o.kind === "string"
          ? typeof v === "string"
          : false,
  );
}

/** Every mutation of the fields present in `e`, walking its declarations. */
function mutations(e: unknown, d: Decl = ENVIRONMENT, keys: (string | number)[] = []): Mutation[] {
  const decl = optionFor(d, e);
  if (!decl) return [];
  const out: Mutation[] = [];
  const set = (what: string, value: unknown) =>
    out.push({
      path: showPath(keys),
      what,
      apply: (x) => {
        const { parent, key } = at(x, keys);
        parent[key] = value;
      },
    });
  const here = keys.length > 0;
  switch (decl.kind) {
    case "object":
      out.push({
        path: keys.length ? showPath([...keys, "unknownField"]) : "(environment).unknownField",
        what: "an unknown field",
        apply: (x) => {
          (keys.length ? at(x, keys).parent[at(x, keys).key] : x).unknownField = 1;
        },
      });
      if (here) set("a list instead of an object", ["x"]);
      for (const [k, f] of Object.entries(decl.fields)) {
        const v = (e as any)[k];
        if (v !== undefined) out.push(...mutations(v, f, [...keys, k]));
      }
      break;
    case "list":
      set("a string instead of a list", "x");
      (e as unknown[]).forEach((item, i) => out.push(...mutations(item, decl.items, [...keys, i])));
      break;
    case "record":
      set("a string instead of an object", "x");
      for (const k of Object.keys(e as object)) out.push(...mutations((e as any)[k], decl.values, [...keys, k]));
      break;
    case "string":
      set("a number instead of a string", 42);
      if (decl.pattern) set("a value of the wrong form", "!! not valid !!");
      if (decl.maxLength) set("a value too long", "x".repeat(decl.maxLength + 1));
      break;
    case "enum":
      set("a value outside the enum", typeof decl.values[0] === "number" ? 7777 : "not-a-value");
      break;
    case "const":
      set("another type", "not-a-type");
      break;
    case "number":
      set("a string instead of a number", "12");
      if (decl.maximum !== undefined && decl.maximum < Number.MAX_SAFE_INTEGER) set("a value above the maximum", decl.maximum + 1);
      if (decl.minimum !== undefined) set("a value below the minimum", decl.minimum - 1);
      if (decl.exclusiveMinimum !== undefined) set("a value at the exclusive minimum", decl.exclusiveMinimum);
      if (decl.integer) set("a fraction", (decl.minimum ?? 1) + 0.5);
      break;
    case "boolean":
      set("a string instead of a boolean", "yes");
      break;
    case "union":
      break;
  }
  return out;
}

describe("the checker and the JSON Schema agree", () => {
  const valid = [dev, staging, prod, ...FULL, ...(generatedEnvironments(50) as EnvironmentConfig[])];

  test("the example, rich and 50 generated environments pass both", () => {
    for (const e of valid) {
      expect([e.name, checkerProblems(e)]).toEqual([e.name, []]);
      expect([e.name, schemaAccepts(e) ? [] : schemaAccepts.errors]).toEqual([e.name, []]);
    }
  });

  test("generated valid environments pass both (property)", () => {
    const regions = ["ap-northeast-1", "eu-west-1", "us-east-1", "eu-central-1"];
    const env = fc.record({
      i: fc.integer({ min: 0, max: 250 }),
      region: fc.constantFrom(...regions),
      production: fc.boolean(),
      nat: fc.constantFrom("none", "single", "per-az"),
      traffic: fc.constantFrom("ALL", "ACCEPT", "REJECT"),
      interval: fc.constantFrom(60, 600),
      retention: fc.constantFrom(30, 90, 365, 400, 731),
      s3: fc.option(
        fc.record({
          fileFormat: fc.constantFrom("plain-text", "parquet"),
          hive: fc.boolean(),
          perHour: fc.boolean(),
          encryption: fc.constantFrom("sse-kms", "sse-s3"),
          ia: fc.constantFrom(0, 30, 60),
          expiry: fc.integer({ min: 400, max: 3650 }),
          athena: fc.boolean(),
        }),
      ),
      threshold: fc.integer({ min: 0, max: 10000 }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(env, (g) => {
        const e = {
          name: `gen-${g.i}`,
          accountId: "123456789012",
          region: g.region,
          production: g.production,
          network: { cidr: `10.${g.i}.0.0/16`, availabilityZones: [`${g.region}a`, `${g.region}b`], natGateways: g.nat },
          flowLogs: {
            trafficType: g.traffic,
            maxAggregationInterval: g.interval,
            destinations: [
              { type: "cloud-watch-logs", retentionInDays: g.retention },
              ...(g.s3
                ? [
                    {
                      type: "s3",
                      fileFormat: g.s3.fileFormat,
                      hiveCompatiblePartitions: g.s3.hive,
                      perHourPartition: g.s3.perHour,
                      encryption: g.s3.encryption,
                      lifecycle: {
                        transitionToInfrequentAccessDays: g.s3.ia,
                        transitionToGlacierDays: g.s3.ia + 90,
                        glacierStorageClass: g.s3.athena ? "GLACIER_IR" : "GLACIER",
                        expirationDays: g.s3.expiry,
                      },
                      athena: g.s3.athena,
                    },
                  ]
                : []),
            ],
          },
          monitoring: { alarmEmails: ["alerts@example.com"], alarms: { rejectedFlows: { threshold: g.threshold } } },
          state: { bucket: "generated-network-monitoring-tfstate" },
          usage: { rejectedShare: g.share },
        };
        return checkerProblems(e).length === 0 && schemaAccepts(e) === true;
      }),
      { numRuns: 200, seed: 20261128 },
    );
  });

  const all = FULL.flatMap((e) => mutations(e).map((m) => ({ env: e, ...m })));

  test("the mutations reach every level, the unknown-field check of each object included", () => {
    const unknown = all.filter((m) => m.what === "an unknown field").map((m) => m.path);
    expect(unknown).toEqual(
      expect.arrayContaining([
        "(environment).unknownField",
        "network.unknownField",
        "flowLogs.unknownField",
        "flowLogs.destinations[0].unknownField",
        "flowLogs.destinations[0].existing.unknownField",
        "flowLogs.destinations[1].unknownField",
        "flowLogs.destinations[1].lifecycle.unknownField",
        "flowLogs.destinations[1].athena.unknownField",
        "monitoring.unknownField",
        "monitoring.alarms.unknownField",
        "monitoring.alarms.rejectedFlows.unknownField",
        "monitoring.alarms.bytesAnomaly.unknownField",
        "state.unknownField",
        "usage.unknownField",
      ]),
    );
    expect(all.length).toBeGreaterThan(150);
  });

  test.each(all.map((m) => [`${m.env.name}: ${m.path}: ${m.what}`, m] as const))(
    "%s: both refuse, and the message names the field",
    (_, m) => {
      const e = environmentFrom(m.env, m.apply);
      expect(schemaAccepts(e)).toBe(false);
      const problems = checkerProblems(e);
      expect(problems.length).toBeGreaterThan(0);
      expect(problems.some((p) => p.startsWith(`${m.path} `) || p.startsWith(`${m.path}[`) || p.startsWith(`${m.path}.`))).toBe(true);
    },
  );

  test("an unknown field names the field it is most likely a typo of", () => {
    const e = environmentFrom(BASE_ENVIRONMENT, (x) => {
      x.flowLogs.destinations[0] = { type: "cloud-watch-logs", retentionInDay: 30 };
    });
    expect(checkerProblems(e)).toEqual([
      expect.stringMatching(
        /^flowLogs\.destinations\[0\]\.retentionInDay = 30: unknown field; valid fields are type, logGroupName, .* \(did you mean retentionInDays\?\)$/,
      ),
    ]);
    expect(schemaAccepts(e)).toBe(false);
  });

  test("the rules no schema can express are the checker's alone", () => {
    const checkerOnly: [string, EnvironmentConfig][] = [
      ["an AZ of another region", environmentFrom(BASE_ENVIRONMENT, { network: { availabilityZones: ["ap-northeast-1a", "us-east-1b"] } })],
      ["a VPC too small for its subnets", environmentFrom(BASE_ENVIRONMENT, { network: { cidr: "10.10.0.0/28" } })],
      ["CIDR arithmetic: not a network address", environmentFrom(BASE_ENVIRONMENT, { network: { cidr: "10.10.1.0/16" } })],
      [
        "Glacier Flexible Retrieval with Athena",
        environmentFrom(BASE_ENVIRONMENT, (x) => {
          x.flowLogs.destinations[1] = { type: "s3", athena: true, lifecycle: { glacierStorageClass: "GLACIER" } };
        }),
      ],
      [
        "a Standard-IA step under 30 days",
        environmentFrom(BASE_ENVIRONMENT, (x) => {
          x.flowLogs.destinations[1] = { type: "s3", lifecycle: { transitionToInfrequentAccessDays: 10 } };
        }),
      ],
      [
        "a region AWS does not have",
        environmentFrom(BASE_ENVIRONMENT, { region: "ap-northeast-9", network: { availabilityZones: ["ap-northeast-9a"] } }),
      ],
    ];
    for (const [why, e] of checkerOnly) {
      expect([why, schemaAccepts(e) ? [] : schemaAccepts.errors]).toEqual([why, []]);
      expect([why, checkerProblems(e).length > 0]).toEqual([why, true]);
    }
    // Two environments sharing a state key: only the set shows it.
    const twin = environmentFrom(BASE_ENVIRONMENT, { name: "twin", state: { keyPrefix: "x" } });
    const same = environmentFrom(BASE_ENVIRONMENT, { name: "twin" });
    expect(schemaAccepts(twin) && schemaAccepts(same)).toBe(true);
    expect(() => validateEnvironments([same, twin])).toThrow(/also the name of environments\[0\]/);
  });
});

describe("environments as YAML or JSON files", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-env-files-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** dev as YAML: the README's example of a data file. */
  const DEV_YAML = `# yaml-language-server: $schema=../schema/environment.schema.json
name: dev
accountId: "111111111111"
region: ap-northeast-1
network:
  cidr: 10.10.0.0/16
  availabilityZones: [ap-northeast-1a, ap-northeast-1c]
  natGateways: none
flowLogs:
  trafficType: ALL
  maxAggregationInterval: 60
  destinations:
    - type: cloud-watch-logs
      retentionInDays: 30
monitoring:
  alarmEmails: [network-alerts-dev@example.com]
state:
  bucket: example-network-monitoring-tfstate
  region: ap-northeast-1
tags:
  CostCenter: network-dev
`;

  test("a YAML copy of dev synthesizes byte-identically to dev's TypeScript, and passes the schema", () => {
    fs.writeFileSync(path.join(dir, "dev.yaml"), DEV_YAML);
    const [fromYaml] = loadEnvironmentFiles(dir, "environments");
    expect(schemaAccepts(fromYaml)).toBe(true);
    const synth = (environment: EnvironmentConfig) => Testing.synth(new NetworkMonitoringStack(Testing.app(), { environment }));
    expect(synth(fromYaml)).toBe(synth(dev));
  });

  test("JSON files too, each found by being there, in file-name order; other files are not environments", () => {
    fs.writeFileSync(
      path.join(dir, "qa.json"),
      JSON.stringify({ ...BASE_ENVIRONMENT, name: "qa", $schema: "../schema/environment.schema.json" }),
    );
    fs.writeFileSync(path.join(dir, "dev.yml"), DEV_YAML);
    fs.writeFileSync(path.join(dir, "notes.txt"), "not an environment");
    const envs = loadEnvironmentFiles(dir, "environments");
    expect(envs.map((e) => e.name)).toEqual(["dev", "qa"]);
    expect(validateEnvironments(envs).map((e) => e.name)).toEqual(["dev", "qa"]);
  });

  test("a mistake names the file as well as the path, the value and what is valid", () => {
    fs.writeFileSync(
      path.join(dir, "qa.yaml"),
      DEV_YAML.replace("name: dev", "name: qa").replace("retentionInDays: 30", "retentionInDay: 30"),
    );
    const [qa] = loadEnvironmentFiles(dir, "environments");
    expect(() => validateEnvironment(qa)).toThrow(
      /^Invalid environment "qa" \(environments\/qa\.yaml\):\n {2}- environments\/qa\.yaml: flowLogs\.destinations\[0\]\.retentionInDay = 30: unknown field; valid fields are .* \(did you mean retentionInDays\?\)$/,
    );
  });

  test("a file that is not YAML, not an object, or whose name is not its file's is refused, naming each file", () => {
    fs.writeFileSync(path.join(dir, "broken.yaml"), "name: broken\n  region: [\n");
    fs.writeFileSync(path.join(dir, "list.json"), "[1, 2]");
    fs.writeFileSync(path.join(dir, "other.yaml"), DEV_YAML);
    let error: unknown;
    try {
      loadEnvironmentFiles(dir, "environments");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^environments\/broken\.yaml: not valid YAML: /),
      "environments/list.json: expected an environment (an object of fields), got a list",
      'environments/other.yaml: name = "dev": expected "other", the file\'s name',
    ]);
  });
});

describe("the field reference (docs/configuration.md)", () => {
  test("its Valid column says what is valid, never what is not", () => {
    const rows = renderReference()
      .split("\n")
      .filter((l) => l.startsWith("| `"));
    expect(rows.length).toBeGreaterThan(50);
    const valid = rows.map((r) => [r.split("|")[1].trim(), r.split("|")[4].trim()]);
    expect(valid.filter(([, v]) => /^not\b/i.test(v))).toEqual([]);
    expect(valid).toContainEqual([
      "`bucket`",
      "an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens, beginning and ending with a letter or a digit",
    ]);
  });
});

describe("the JSON Schema in an editor", () => {
  test("one typo in one destination is one error, not one for every kind of destination it is not", () => {
    const env = JSON.parse(JSON.stringify(BASE_ENVIRONMENT)) as Record<string, unknown> & {
      flowLogs: { destinations: Record<string, unknown>[] };
    };
    env.flowLogs.destinations = [{ type: "s3", fileFormat: "parquet", perHourPartitions: true }];
    expect(schemaAccepts(env)).toBe(false);
    // The one mistake, and draft-07's note that the branch its type chose failed (an anyOf gave an error for every branch).
    expect(schemaAccepts.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual([
      "/flowLogs/destinations/0 must NOT have additional properties",
      '/flowLogs/destinations/0 must match "then" schema',
    ]);
    expect(schemaAccepts.errors![0].params).toEqual({ additionalProperty: "perHourPartitions" });
    // A type no destination has: one error, naming the types there are.
    env.flowLogs.destinations = [{ type: "s4" }];
    expect(schemaAccepts(env)).toBe(false);
    expect(schemaAccepts.errors!.map((e) => e.instancePath)).toEqual(["/flowLogs/destinations/0/type"]);
  });
});

describe("validation reads the declarations, not copies of them", () => {
  const s3 = S3_DESTINATION.fields as Record<string, Decl & { whenCreated?: boolean }>;
  const cw = CLOUDWATCH_LOGS_DESTINATION.fields as Record<string, Decl & { refused?: { value: unknown; why: string }[] }>;
  const withDestination = (d: object) =>
    environmentFrom(BASE_ENVIRONMENT, (e) => {
      (e.flowLogs as { destinations: object[] }).destinations = [d];
      if ((d as { type: string }).type !== "cloud-watch-logs") delete (e as { monitoring?: unknown }).monitoring;
    });

  test("the fields of a created bucket or log group only are those the declarations mark", () => {
    expect(whenCreatedFields(S3_DESTINATION)).toEqual(["bucketName", "encryption", "lifecycle", "retired"]);
    expect(whenCreatedFields(CLOUDWATCH_LOGS_DESTINATION)).toEqual(["logGroupName", "retentionInDays", "customerManagedKey"]);
    const existing = { type: "s3", existingBucketArn: "arn:aws:s3:::central-archive", fileFormat: "parquet" };
    expect(checkerProblems(withDestination(existing))).toEqual([]);
    // Marked in the declaration, fileFormat is refused beside existingBucketArn at once.
    s3.fileFormat = { ...s3.fileFormat, whenCreated: true };
    try {
      expect(checkerProblems(withDestination(existing))).toEqual([
        expect.stringContaining('flowLogs.destinations[0].fileFormat = "parquet": applies only to a bucket this project creates'),
      ]);
    } finally {
      s3.fileFormat = { ...s3.fileFormat, whenCreated: undefined };
    }
  });

  test("a refusal and a default are the declaration's: changed there, the message and the resolved value follow", () => {
    const zero = { type: "cloud-watch-logs", retentionInDays: 0 };
    expect(checkerProblems(withDestination(zero))).toEqual([expect.stringContaining("retentionInDays = 0: never-expiring log groups")]);
    const retention = cw.retentionInDays;
    cw.retentionInDays = { ...retention, refused: [{ value: 0, why: "a changed reason" }], default: 731 };
    try {
      expect(checkerProblems(withDestination(zero))).toEqual([expect.stringContaining("retentionInDays = 0: a changed reason")]);
      const resolved = validateEnvironment(withDestination({ type: "cloud-watch-logs" }));
      expect(resolved.flowLogs.destinations[0]).toMatchObject({ retentionInDays: 731 });
    } finally {
      cw.retentionInDays = retention;
    }
    expect(checkerProblems(withDestination({ type: "cloud-watch-logs", retentionInDays: 31 }))).toEqual([
      expect.stringContaining("retentionInDays = 31: CloudWatch Logs accepts only 1, 3, 5, 7"),
    ]);
  });
});
