/**
 * The watch over the members' deliveries into the organisation's archive. AWS says nothing when
 * a member's delivery stops (a flow log deleted, a policy that refuses it, a key it may not
 * use): every hour a function in the Log Archive account looks for each delivery's newest file,
 * publishes how many have had none for `silentHours` as one metric, and names those that have
 * just fallen silent in a message to an encrypted topic; an alarm on the metric, with missing
 * data counted as silence (the function not running is silence too), notifies the same topic.
 *
 * Why a function and one metric: S3's request metrics by prefix would give each member its own
 * metrics, billed as custom metrics (thousands at 500 members); the function costs one LIST or
 * two per delivery an hour, one metric and one alarm, whatever the number of members.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Construct } from "constructs";
import { TerraformAsset, AssetType } from "cdktf";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { ResolvedDeliveryWatch } from "../config/resolved";
import { arn, AwsLocation, policyDocument, PolicyDocument, renderPolicy } from "../shared/policy";
import { zipArchive } from "../shared/zip";
import { AlarmTopic } from "./alarm-topic";
import { WATCH_CONCURRENCY, type WatchedDelivery, type WatchPlan } from "./delivery-watch-handler";

/** Props of {@link DeliveryWatch}. */
export interface DeliveryWatchProps {
  /** The Log Archive account and region. */
  readonly location: AwsLocation;
  /** The stack's name (`log-archive`): the function, role, topic and alarm are named after it. */
  readonly stackName: string;
  /** The archive bucket the members deliver to. */
  readonly bucketName: string;
  readonly settings: ResolvedDeliveryWatch;
  /** The deliveries to watch, each once. */
  readonly deliveries: readonly WatchedDelivery[];
}

/** The metric's namespace and name. */
export const DELIVERY_WATCH_METRIC = { namespace: (stack: string) => `NetworkMonitoring/${stack}`, name: "SilentDeliveries" } as const;

/** How often the function runs: the watch's resolution, and its price. */
export const DELIVERY_WATCH_SCHEDULE = "rate(1 hour)";

/**
 * What one run asks of AWS, for the cost estimate: LIST requests per delivery (the current hour's
 * folder, and early in the hour the one before it), and the run's length (a second to start,
 * and each request's round trip, {@link WATCH_CONCURRENCY} at a time).
 */
export const DELIVERY_WATCH_RUN = {
  listsPerDelivery: 2,
  secondsPerList: 0.05,
  secondsToStart: 1,
  concurrency: WATCH_CONCURRENCY,
  /** Its own log: a few lines a run. */
  logBytesPerRun: 1024,
} as const;

/** Days the function's log (the silent deliveries of every run) is kept: a year, as production logs are. */
const LOG_RETENTION_DAYS = 365;

export class DeliveryWatch extends Construct {
  /** What the function is told (`watch.json` in its package). */
  readonly plan: WatchPlan;
  readonly function: LambdaFunction;
  readonly role: IamRole;
  /** The role's policy, as data. */
  readonly policy: PolicyDocument;
  readonly topic: AlarmTopic;
  readonly alarm: CloudwatchMetricAlarm;
  readonly logGroup: CloudwatchLogGroup;
  /** The package's file, as written at synth (its contents are the same for the same plan). */
  readonly packageFile: string;

  constructor(scope: Construct, id: string, props: DeliveryWatchProps) {
    super(scope, id);
    const l = props.location;
    const name = `${props.stackName}-delivery-watch`;
    const logGroupName = `/aws/lambda/${name}`;
    const alarmName = `${props.stackName}-silent-deliveries`;
    const namespace = DELIVERY_WATCH_METRIC.namespace(props.stackName);

    this.topic = new AlarmTopic(this, "topic", {
      location: l,
      environmentName: props.stackName,
      alarmNames: alarmName,
      emails: props.settings.alarmEmails,
      httpsEndpoints: props.settings.httpsEndpoints,
    });
    this.plan = {
      bucket: props.bucketName,
      silentHours: props.settings.silentHours,
      namespace,
      metricName: DELIVERY_WATCH_METRIC.name,
      topicArn: this.topic.topicArn,
      logGroup: logGroupName,
      deliveries: props.deliveries,
    };

    this.logGroup = new CloudwatchLogGroup(this, "log-group", { name: logGroupName, retentionInDays: LOG_RETENTION_DAYS });

    this.role = new IamRole(this, "role", {
      name,
      description: `Runs the delivery watch of ${props.stackName}: lists the archive's hour folders, publishes the silent count and messages`,
      assumeRolePolicy: renderPolicy(
        policyDocument({
          Sid: "LambdaInThisAccount",
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": l.accountId } },
        }),
      ),
    });
    const bucketArn = arn.bucket(l, props.bucketName);
    this.policy = policyDocument(
      {
        // Names only: the function never reads a record.
        Sid: "ListTheArchivesHourFolders",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: bucketArn,
        Condition: { StringLike: { "s3:prefix": [...new Set(props.deliveries.map((d) => `${d.prefix}*`))] } },
      },
      {
        Sid: "PublishTheSilentCount",
        Effect: "Allow",
        Action: "cloudwatch:PutMetricData",
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": namespace } },
      },
      { Sid: "NameTheSilent", Effect: "Allow", Action: "sns:Publish", Resource: this.topic.topicArn },
      {
        // The topic is encrypted: publishing makes a data key with its key, through SNS only.
        Sid: "EncryptForTheTopic",
        Effect: "Allow",
        Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
        Resource: this.topic.key.key.arn,
        Condition: { StringEquals: { "kms:ViaService": `sns.${l.region}.amazonaws.com` } },
      },
      {
        Sid: "WriteItsLog",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `${arn.logGroup(l, logGroupName)}:*`,
      },
    );
    const rolePolicy = new IamRolePolicy(this, "role-policy", { name, role: this.role.id, policy: renderPolicy(this.policy) });

    const zip = zipArchive([
      { name: "index.js", content: handlerSource() },
      { name: "watch.json", content: `${JSON.stringify(this.plan, null, 2)}\n` },
    ]);
    const digest = createHash("sha256").update(zip);
    this.packageFile = writePackage(zip, digest.copy().digest("hex"));
    const asset = new TerraformAsset(this, "package", { path: this.packageFile, type: AssetType.FILE });
    this.function = new LambdaFunction(this, "function", {
      functionName: name,
      description: `Every hour: which of the ${props.deliveries.length} deliveries into s3://${props.bucketName} have had no file for ${props.settings.silentHours} hours`,
      role: this.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: asset.path,
      sourceCodeHash: digest.digest("base64"),
      memorySize: 256,
      timeout: 300,
      loggingConfig: { logFormat: "Text", logGroup: logGroupName },
      // The count the estimate prices the function's requests by (the package holds the list).
      environment: { variables: { WATCHED_DELIVERIES: String(props.deliveries.length) } },
      dependsOn: [this.logGroup, rolePolicy],
    });

    const rule = new CloudwatchEventRule(this, "schedule", {
      name,
      description: `Runs ${name} every hour`,
      scheduleExpression: DELIVERY_WATCH_SCHEDULE,
    });
    new CloudwatchEventTarget(this, "target", { rule: rule.name, arn: this.function.arn });
    new LambdaPermission(this, "invoke", {
      statementId: "EveryHourFromItsRule",
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
      sourceAccount: l.accountId,
    });

    this.alarm = new CloudwatchMetricAlarm(this, "alarm", {
      alarmName,
      alarmDescription:
        `A member's flow log files have stopped reaching s3://${props.bucketName} for ${props.settings.silentHours} hours, ` +
        `or the watch did not run (no data counts as silence). The watch's message names the member; ` +
        `every run lists the silent ones in ${logGroupName}.`,
      namespace,
      metricName: DELIVERY_WATCH_METRIC.name,
      statistic: "Maximum",
      period: 3600,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      treatMissingData: "breaching",
      alarmActions: [this.topic.topic.arn],
      okActions: [this.topic.topic.arn],
    });
  }
}

/**
 * The handler's JavaScript: its compiled file beside this one (a built package), or its source
 * compiled here when this module runs from TypeScript (tests, a checkout).
 */
export function handlerSource(): string {
  if (HANDLER_SOURCE.js === undefined) {
    const file = require.resolve("./delivery-watch-handler");
    const text = fs.readFileSync(file, "utf8");
    const js = file.endsWith(".ts") ? transpiled(text) : text;
    HANDLER_SOURCE.js = js.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
  }
  return HANDLER_SOURCE.js;
}

/** The handler's JavaScript, read once a process. */
const HANDLER_SOURCE: { js?: string } = {};

/**
 * The source compiled to CommonJS, kept in the temporary folder by the source's hash: loading
 * the compiler costs more than the rest of a synth, so each source is compiled once a machine.
 */
function transpiled(source: string): string {
  const file = path.join(PACKAGES_FOLDER, `delivery-watch-handler-${createHash("sha256").update(source).digest("hex").slice(0, 16)}.js`);
  if (fs.existsSync(file)) return fs.readFileSync(file, "utf8");
  // TypeScript is a development dependency: a built package never comes here.
  const ts = require("typescript") as typeof import("typescript"); // eslint-disable-line @typescript-eslint/no-require-imports
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
  writeOnce(file, js);
  return js;
}

/** Where packages and compiled handlers are written, by their contents' hash. */
const PACKAGES_FOLDER = path.join(os.tmpdir(), "network-monitoring-packages");

/** Writes a file whose name says its contents, once: whole or not at all (a temporary file renamed). */
function writeOnce(file: string, content: string | Buffer): void {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, content);
  fs.renameSync(temp, file);
}

/** Writes the package once per content (its name is its hash), where the synth can copy it from. */
function writePackage(zip: Buffer, hash: string): string {
  const file = path.join(PACKAGES_FOLDER, `delivery-watch-${hash.slice(0, 16)}.zip`);
  writeOnce(file, zip);
  return file;
}
