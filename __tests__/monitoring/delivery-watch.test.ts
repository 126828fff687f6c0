/**
 * The delivery watch's function: what one run finds over an archive's keys (a fake S3 of keys,
 * the hour folders AWS writes), what it publishes and names; and its package as the stack ships
 * it, unzipped by a reader of its own and run against fakes of the AWS SDK's clients.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import {
  hourFolder,
  WATCH_CONCURRENCY,
  watchDeliveries,
  type WatchedDelivery,
  type WatchPlan,
  type WatchServices,
} from "../../constructs/monitoring/delivery-watch-handler";
import { handlerSource } from "../../constructs/monitoring/delivery-watch";
import { zipArchive } from "../../constructs/shared/zip";
import { readZip } from "../support/zip-reader";

const BUCKET = "org-flow-logs";
const NOW = new Date(Date.UTC(2026, 11, 7, 10, 20));
const HOUR = 3_600_000;

function delivery(env: string, account: string, region = "ap-northeast-1", tgw = false): WatchedDelivery {
  return {
    environments: [env],
    account,
    region,
    records: tgw ? "transit gateway" : "VPC",
    prefix: `${tgw ? "transit-gateway/" : ""}AWSLogs/${account}/vpcflowlogs/${region}/`,
  };
}

function planOf(deliveries: WatchedDelivery[], silentHours = 6): WatchPlan {
  return {
    bucket: BUCKET,
    silentHours,
    namespace: "NetworkMonitoring/log-archive",
    metricName: "SilentDeliveries",
    topicArn: "arn:aws:sns:ap-northeast-1:101010101010:log-archive-network-monitoring-alarms",
    logGroup: "/aws/lambda/log-archive-delivery-watch",
    deliveries,
  };
}

/** A file of `d` written `hoursAgo` hours before NOW, where log delivery puts it. */
const fileOf = (d: WatchedDelivery, hoursAgo: number) =>
  `${hourFolder(d.prefix, new Date(NOW.getTime() - hoursAgo * HOUR))}${d.account}_vpcflowlogs_${d.region}_fl-1_x.log.parquet`;

/** Fake services over a set of keys, recording what the watch did. */
function fakeServices(keys: string[]) {
  const calls = {
    lists: [] as string[],
    metrics: [] as [string, string, number, Date][],
    published: [] as [string, string, string][],
    logs: [] as string[],
  };
  let inFlight = 0;
  let mostInFlight = 0;
  const services: WatchServices = {
    anyObject: async (bucket, prefix) => {
      expect(bucket).toBe(BUCKET);
      calls.lists.push(prefix);
      inFlight++;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return keys.some((k) => k.startsWith(prefix));
    },
    putMetric: (namespace, name, value, at) => {
      calls.metrics.push([namespace, name, value, at]);
      return Promise.resolve();
    },
    publish: (topic, subject, message) => {
      calls.published.push([topic, subject, message]);
      return Promise.resolve();
    },
    log: (line) => calls.logs.push(line),
  };
  return { services, calls, mostInFlight: () => mostInFlight };
}

describe("hour folders", () => {
  test("as log delivery writes them per hour, in UTC, across a day, a month and a year", () => {
    const p = "AWSLogs/111111111111/vpcflowlogs/ap-northeast-1/";
    expect(hourFolder(p, new Date(Date.UTC(2026, 11, 31, 23, 59)))).toBe(`${p}2026/12/31/23/`);
    expect(hourFolder(p, new Date(Date.UTC(2027, 0, 1, 0, 0)))).toBe(`${p}2027/01/01/00/`);
    expect(hourFolder(p, new Date(Date.UTC(2026, 1, 28, 9, 5)))).toBe(`${p}2026/02/28/09/`);
  });
});

describe("one run of the watch", () => {
  const a = delivery("staging", "222222222222");
  const b = delivery("prod", "333333333333");

  test("a delivery with a file this hour: heard at the first look, nothing silent, nothing published", async () => {
    const { services, calls } = fakeServices([fileOf(a, 0)]);
    const out = await watchDeliveries(planOf([a]), services, NOW);
    expect(out).toMatchObject({ silent: [], newlySilent: [], requests: 1 });
    expect(calls.lists).toEqual([`${a.prefix}2026/12/07/10/`]);
    expect(calls.metrics).toEqual([["NetworkMonitoring/log-archive", "SilentDeliveries", 0, NOW]]);
    expect(calls.published).toEqual([]);
  });

  test("early in the hour, the last file an hour back: heard at the second look", async () => {
    const { services, calls } = fakeServices([fileOf(a, 1)]);
    expect((await watchDeliveries(planOf([a]), services, NOW)).silent).toEqual([]);
    expect(calls.lists).toEqual([`${a.prefix}2026/12/07/10/`, `${a.prefix}2026/12/07/09/`]);
  });

  test("the window's edge: a file silentHours back is heard; one hour further back, the delivery has just fallen silent and is named", async () => {
    const heard = fakeServices([fileOf(a, 6)]);
    expect((await watchDeliveries(planOf([a], 6), heard.services, NOW)).silent).toEqual([]);
    expect(heard.calls.lists).toHaveLength(7);

    const { services, calls } = fakeServices([fileOf(a, 7), fileOf(b, 0)]);
    const out = await watchDeliveries(planOf([a, b], 6), services, NOW);
    expect(out.silent).toEqual([a]);
    expect(out.newlySilent).toEqual([a]);
    // b once; a through its window (7 hour folders), then the hour before it.
    expect(out.requests).toBe(1 + 7 + 1);
    expect(calls.metrics.map((m) => m[2])).toEqual([1]);
    expect(calls.published).toHaveLength(1);
    const [topic, subject, message] = calls.published[0];
    expect(topic).toBe(planOf([]).topicArn);
    expect(subject).toBe("Flow log deliveries stopped: staging (account 222222222222, ap-northeast-1, VPC records)");
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(message).toContain(`No flow log file has reached s3://${BUCKET} for 6 hours from this delivery:`);
    expect(message).toContain(`- staging (account 222222222222, ap-northeast-1, VPC records): s3://${BUCKET}/${a.prefix}`);
    expect(message).toContain("Silent now: 1 of the 2 deliveries watched");
    expect(message).not.toContain("prod");
  });

  test("silent for longer: counted and logged every run, named once (when it fell silent), not again", async () => {
    const { services, calls } = fakeServices([fileOf(a, 30)]);
    const out = await watchDeliveries(planOf([a, b]), services, NOW);
    expect(out.silent.map((d) => d.environments[0])).toEqual(["staging", "prod"]);
    expect(out.newlySilent).toEqual([]);
    expect(calls.metrics.map((m) => m[2])).toEqual([2]);
    expect(calls.published).toEqual([]);
    const logged = JSON.parse(calls.logs[0]) as { watched: number; silent: { account: string }[]; newlySilent: number };
    expect(logged).toMatchObject({ watched: 2, newlySilent: 0 });
    expect(logged.silent.map((s) => s.account)).toEqual(["222222222222", "333333333333"]);
  });

  test("several fall silent in one run: one message, its subject counts them", async () => {
    const { services, calls } = fakeServices([fileOf(a, 4), fileOf(b, 4)]);
    const out = await watchDeliveries(planOf([a, b], 3), services, NOW);
    expect(out.newlySilent).toHaveLength(2);
    expect(calls.published.map((p) => p[1])).toEqual(["Flow log deliveries stopped: 2 members"]);
    expect(calls.published[0][2]).toContain("from these 2 deliveries:");
  });

  test("transit gateway records are a delivery of their own: the VPC's files do not answer for them", async () => {
    const tgw = delivery("prod", "333333333333", "ap-northeast-1", true);
    const { services } = fakeServices([fileOf(b, 0)]);
    const out = await watchDeliveries(planOf([b, tgw]), services, NOW);
    expect(out.silent).toEqual([tgw]);
  });

  test(`at 500 members: at most ${WATCH_CONCURRENCY} LIST requests in flight, one request a heard delivery`, async () => {
    const many = Array.from({ length: 500 }, (_, i) => delivery(`m${i}`, String(200000000000 + i)));
    const fake = fakeServices(many.map((d) => fileOf(d, 0)));
    const out = await watchDeliveries(planOf(many), fake.services, NOW);
    expect(out.requests).toBe(500);
    expect(fake.mostInFlight()).toBe(WATCH_CONCURRENCY);
    expect(out.silent).toEqual([]);
  });

  test("the metric is put even when nothing is watched (a watch that runs is never missing data)", async () => {
    const { services, calls } = fakeServices([]);
    await watchDeliveries(planOf([]), services, NOW);
    expect(calls.metrics.map((m) => m[2])).toEqual([0]);
  });
});

describe("the package as shipped", () => {
  const handlerFile = path.join(__dirname, "../../constructs/monitoring/delivery-watch-handler.ts");

  test("the handler imports nothing of this project: its compiled file is the whole function beside watch.json", () => {
    expect(fs.readFileSync(handlerFile, "utf8")).not.toMatch(/^import\s(?!type)/m);
    const js = handlerSource();
    expect([...js.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(["./watch.json"]);
    expect([...js.matchAll(/load\("([^"]+)"\)/g)].map((m) => m[1])).toEqual([
      "@aws-sdk/client-s3",
      "@aws-sdk/client-cloudwatch",
      "@aws-sdk/client-sns",
    ]);
  });

  test("the same files make the same bytes; the reader reads back each file, its fixed time and mode", () => {
    const files = [
      { name: "index.js", content: "exports.x = 1;\n" },
      { name: "watch.json", content: '{"a":1}\n' },
    ];
    const zip = zipArchive(files);
    expect(zipArchive(files).equals(zip)).toBe(true);
    const read = readZip(zip);
    expect(read.map((e) => [e.name, e.content.toString("utf8")])).toEqual(files.map((f) => [f.name, f.content]));
    expect(read.every((e) => e.unixMode === 0o100644 && e.dosTime === 0)).toBe(true);
    expect(zipArchive([{ ...files[0], content: "exports.x = 2;\n" }, files[1]]).equals(zip)).toBe(false);
  });

  test("unzipped and run as Lambda runs it, with the runtime's AWS SDK faked: it lists, puts the metric and names the silent", async () => {
    const a = delivery("staging", "222222222222");
    const b = delivery("prod", "333333333333");
    const plan = planOf([a, b], 6);
    const zip = zipArchive([
      { name: "index.js", content: handlerSource() },
      { name: "watch.json", content: JSON.stringify(plan) },
    ]);
    const files = new Map(readZip(zip).map((e) => [e.name, e.content.toString("utf8")]));
    const keys = [fileOf(a, 7), fileOf(b, 0)];
    const sent: { command: string; input: Record<string, unknown> }[] = [];
    const command = (kind: string) =>
      class {
        readonly kind = kind;
        constructor(readonly input: Record<string, unknown>) {}
      };
    const client = class {
      send(c: { kind: string; input: Record<string, unknown> }) {
        sent.push({ command: c.kind, input: c.input });
        if (c.kind === "ListObjectsV2") {
          expect(c.input).toMatchObject({ Bucket: BUCKET, MaxKeys: 1 });
          return Promise.resolve({ KeyCount: keys.filter((k) => k.startsWith(String(c.input.Prefix))).length });
        }
        return Promise.resolve({});
      }
    };
    const sdk: Record<string, unknown> = {
      "@aws-sdk/client-s3": { S3Client: client, ListObjectsV2Command: command("ListObjectsV2") },
      "@aws-sdk/client-cloudwatch": { CloudWatchClient: client, PutMetricDataCommand: command("PutMetricData") },
      "@aws-sdk/client-sns": { SNSClient: client, PublishCommand: command("Publish") },
    };
    const logs: string[] = [];
    const module = { exports: {} as { handler?: () => Promise<unknown> } };
    const load = (name: string) => {
      if (name === "./watch.json") return JSON.parse(files.get("watch.json")!);
      if (name in sdk) return sdk[name];
      throw new Error(`the package asked for ${name}, which Lambda's runtime does not give`);
    };
    class FixedDate extends Date {
      constructor(...args: unknown[]) {
        super(...((args.length ? args : [NOW.getTime()]) as [number]));
      }
    }
    const wrapped = vm.runInNewContext(`(function (exports, require, module) {${files.get("index.js")}\n})`, {
      console: { log: (line: string) => logs.push(line) },
      Date: FixedDate,
    }) as (e: unknown, r: unknown, m: unknown) => void;
    wrapped(module.exports, load, module);
    const result = await module.exports.handler!();
    expect(result).toEqual({ silent: 1, newlySilent: 1, requests: 1 + 7 + 1 });
    expect(sent.filter((s) => s.command === "ListObjectsV2")).toHaveLength(9);
    const metric = sent.find((s) => s.command === "PutMetricData")!.input as {
      Namespace: string;
      MetricData: { Value: number; Unit: string }[];
    };
    expect(metric.Namespace).toBe(plan.namespace);
    expect(metric.MetricData).toMatchObject([{ MetricName: "SilentDeliveries", Value: 1, Unit: "Count" }]);
    const published = sent.find((s) => s.command === "Publish")!.input;
    expect(published).toMatchObject({ TopicArn: plan.topicArn, Subject: expect.stringContaining("staging (account 222222222222") });
    expect(JSON.parse(logs[0])).toMatchObject({ watched: 2, newlySilent: 1 });
  });
});
