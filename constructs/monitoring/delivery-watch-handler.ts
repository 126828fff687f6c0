/**
 * The delivery watch's function, run every hour in the Log Archive account: for each member's
 * delivery (an account and region's VPC or transit gateway records) it looks for a flow log file
 * in the archive's hour folders, newest first, and publishes how many have had none for the
 * watch's hours; a delivery that has just fallen silent is named in a message to the watch's
 * topic, and every silent one in the function's log.
 *
 * Its compiled JavaScript is the function's whole package, beside `watch.json` (the plan the
 * stack writes): it imports nothing of this project, and the AWS SDK (part of Lambda's Node.js
 * runtime) only where it runs.
 */

/** One delivery the watch looks for. */
export interface WatchedDelivery {
  /** The member environments whose flow logs write here (several VPCs of one account and region share it). */
  readonly environments: readonly string[];
  readonly account: string;
  readonly region: string;
  /** "VPC" or "transit gateway" records. */
  readonly records: string;
  /** The key prefix its hour folders are under: `AWSLogs/<account>/vpcflowlogs/<region>/`, or the same under `transit-gateway/`. */
  readonly prefix: string;
}

/** What the stack tells the function (`watch.json`). */
export interface WatchPlan {
  /** The archive bucket. */
  readonly bucket: string;
  /** Hours without a file before a delivery counts as silent. */
  readonly silentHours: number;
  readonly namespace: string;
  readonly metricName: string;
  readonly topicArn: string;
  /** The function's log group, where every run lists the silent deliveries. */
  readonly logGroup: string;
  readonly deliveries: readonly WatchedDelivery[];
}

/** What the watch asks of AWS: given by the handler, by a test's fakes otherwise. */
export interface WatchServices {
  /** Whether any object's key in `bucket` begins with `prefix`. */
  anyObject(bucket: string, prefix: string): Promise<boolean>;
  putMetric(namespace: string, name: string, value: number, at: Date): Promise<void>;
  publish(topicArn: string, subject: string, message: string): Promise<void>;
  log(line: string): void;
}

/** What one run found. */
export interface WatchOutcome {
  /** Deliveries with no file in the last `silentHours` hours, by prefix. */
  readonly silent: readonly WatchedDelivery[];
  /** Of those, the ones whose last file is in the hour just before the window: silent since this run. */
  readonly newlySilent: readonly WatchedDelivery[];
  /** LIST requests made. */
  readonly requests: number;
  /** The message published, when one was. */
  readonly message?: { readonly subject: string; readonly body: string };
}

/** LIST requests in flight at once: enough to look at 1,000 deliveries in seconds, few enough to stay far below S3's request rates. */
export const WATCH_CONCURRENCY = 16;

const HOUR_MS = 3_600_000;

/** The hour folder of `at` (UTC) under a delivery's prefix, as log delivery writes it per hour: `yyyy/MM/dd/HH/`. */
export function hourFolder(prefix: string, at: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${prefix}${at.getUTCFullYear()}/${two(at.getUTCMonth() + 1)}/${two(at.getUTCDate())}/${two(at.getUTCHours())}/`;
}

/** A delivery as a message names it: `staging (account 222222222222, ap-northeast-1, VPC records)`. */
export function deliveryName(d: WatchedDelivery): string {
  return `${d.environments.join(", ")} (account ${d.account}, ${d.region}, ${d.records} records)`;
}

/**
 * One run: each delivery's hour folders from the current hour back `silentHours` hours, newest
 * first, until one holds a file. With none, the delivery is silent; its folder one hour further
 * back says whether it has just become so. Publishes the silent count as a metric, names the
 * newly silent in a message, and logs every silent delivery.
 */
export async function watchDeliveries(plan: WatchPlan, services: WatchServices, now: Date): Promise<WatchOutcome> {
  let requests = 0;
  const look = (d: WatchedDelivery, hoursBack: number) => {
    requests++;
    return services.anyObject(plan.bucket, hourFolder(d.prefix, new Date(now.getTime() - hoursBack * HOUR_MS)));
  };
  const silent: WatchedDelivery[] = [];
  const newlySilent: WatchedDelivery[] = [];
  const queue = [...plan.deliveries];
  const worker = async () => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      let heard = false;
      for (let back = 0; back <= plan.silentHours && !heard; back++) heard = await look(d, back);
      if (heard) continue;
      silent.push(d);
      if (await look(d, plan.silentHours + 1)) newlySilent.push(d);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WATCH_CONCURRENCY, queue.length) }, worker));
  const byPrefix = (a: WatchedDelivery, b: WatchedDelivery) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0);
  silent.sort(byPrefix);
  newlySilent.sort(byPrefix);
  await services.putMetric(plan.namespace, plan.metricName, silent.length, now);
  services.log(
    JSON.stringify({
      watched: plan.deliveries.length,
      silent: silent.map((d) => ({ environments: d.environments, account: d.account, region: d.region, records: d.records })),
      newlySilent: newlySilent.length,
      requests,
    }),
  );
  if (newlySilent.length === 0) return { silent, newlySilent, requests };
  const message = silenceMessage(plan, newlySilent, silent.length);
  await services.publish(plan.topicArn, message.subject, message.body);
  return { silent, newlySilent, requests, message };
}

/** The message naming the deliveries that have just fallen silent. */
export function silenceMessage(
  plan: WatchPlan,
  newlySilent: readonly WatchedDelivery[],
  silentCount: number,
): { subject: string; body: string } {
  const n = newlySilent.length;
  const subject = `Flow log deliveries stopped: ${n === 1 ? deliveryName(newlySilent[0]) : `${n} members`}`.slice(0, 100);
  const lines = [
    `No flow log file has reached s3://${plan.bucket} for ${plan.silentHours} hours from ${n === 1 ? "this delivery" : `these ${n} deliveries`}:`,
    "",
    ...newlySilent.map((d) => `- ${deliveryName(d)}: s3://${plan.bucket}/${d.prefix}`),
    "",
    `Silent now: ${silentCount} of the ${plan.deliveries.length} deliveries watched (every run lists them in the log group ${plan.logGroup}).`,
    "Where to look: the member's flow log in its own account (its delivery status and error, `aws ec2 describe-flow-logs`), " +
      "the archive's bucket and key policies, and whether the VPC had any traffic (a VPC without traffic writes no file).",
  ];
  return { subject, body: lines.join("\n") };
}

/** The AWS SDK clients of Lambda's Node.js runtime, as far as the watch uses them. */
interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
}
type Sdk = Record<string, new (input: Record<string, unknown>) => unknown>;

/** The watch's services on AWS: the runtime's SDK, loaded only here. */
function awsServices(): WatchServices {
  // The runtime's own SDK: the package carries none, and nothing else loads it.
  const load = (name: string) => require(name) as Sdk; // eslint-disable-line @typescript-eslint/no-require-imports
  const s3 = load("@aws-sdk/client-s3");
  const cloudwatch = load("@aws-sdk/client-cloudwatch");
  const sns = load("@aws-sdk/client-sns");
  const client = (sdk: Sdk, name: string) => new sdk[name]({}) as SdkClient;
  const [s3Client, cwClient, snsClient] = [client(s3, "S3Client"), client(cloudwatch, "CloudWatchClient"), client(sns, "SNSClient")];
  return {
    anyObject: async (bucket, prefix) => {
      const out = await s3Client.send(new s3.ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
      return Number(out.KeyCount ?? 0) > 0;
    },
    putMetric: async (namespace, name, value, at) => {
      await cwClient.send(
        new cloudwatch.PutMetricDataCommand({
          Namespace: namespace,
          MetricData: [{ MetricName: name, Value: value, Unit: "Count", Timestamp: at }],
        }),
      );
    },
    publish: async (topicArn, subject, message) => {
      await snsClient.send(new sns.PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
    log: (line) => console.log(line),
  };
}

/** The function's entry: the plan beside this file, the runtime's AWS SDK, the time of the run. */
export async function handler(): Promise<{ silent: number; newlySilent: number; requests: number }> {
  const plan = require("./watch.json") as WatchPlan; // eslint-disable-line @typescript-eslint/no-require-imports
  const outcome = await watchDeliveries(plan, awsServices(), new Date());
  return { silent: outcome.silent.length, newlySilent: outcome.newlySilent.length, requests: outcome.requests };
}
