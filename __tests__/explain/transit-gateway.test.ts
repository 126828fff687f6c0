/** Transit gateway records explained: each record as a sentence, each loss cause with what to check, the summary's ranking of losses. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { explainArguments } from "../../analysis/explain/arguments";
import { explainRecords, type Explained } from "../../analysis/explain/explain";
import type { ExplainedTransitGatewayRecord } from "../../analysis/explain/transit-gateway";
import { RecordFormat } from "../../constructs/records/record-format";
import { LOSS_CAUSES, TransitGatewayFormat } from "../../constructs/records/transit-gateway-format";
import { runExplainCommand } from "../support/explain-run";
import { ATTACH_A, ATTACH_B, lossRecord, T0, tgwHeader, tgwRecord, VPC_A, VPC_B } from "../support/transit-gateway-records";

const tgwOf = (out: Explained[]) => out.filter((e): e is ExplainedTransitGatewayRecord => e.kind === "transit-gateway-record");
const explainTgw = (
  lines: string[],
  format: RecordFormat | TransitGatewayFormat = TransitGatewayFormat.DEFAULT,
  language: "en" | "ja" = "en",
) => explainRecords(lines, { format, language });
const run = (argv: string[], stdin = "") => runExplainCommand(explainArguments(argv), stdin);

describe("a transit gateway record as a sentence", () => {
  test("the attachments, VPCs, subnets and accounts on either side, the service, packets, bytes and direction", () => {
    const [e] = tgwOf(explainTgw([tgwRecord()]));
    expect(e.sentence).toBe(
      "2014-12-14 04:06:50–04:07:50 UTC tgw-attach-0aaaaaaaaaaaaaaa1 ingress: " +
        "10.0.1.5:49152 in tgw-attach-0aaaaaaaaaaaaaaa1 (VPC vpc-0aaaaaaaaaaaaaaa1, subnet subnet-0aaaaaaaaaaaaaaa1, account 123456789012) → " +
        "10.1.2.7:443 (https) in tgw-attach-0bbbbbbbbbbbbbbb2 (VPC vpc-0bbbbbbbbbbbbbbb2, subnet subnet-0bbbbbbbbbbbbbbb2, account 210987654321) " +
        "TCP, 20 packets, 4249 bytes.",
    );
    expect(e.notes).toEqual([]);
    expect(e.losses).toEqual([]);
    expect([e.attachment, e.direction, e.from.attachment, e.to.attachment, e.from.vpc, e.to.vpc]).toEqual([
      ATTACH_A,
      "ingress",
      ATTACH_A,
      ATTACH_B,
      VPC_A,
      VPC_B,
    ]);
    expect(e.fields["packets-lost-no-route"]).toBe(0);
    expect(e.fields["pkt-src-aws-service"]).toBeNull();
  });

  test("egress at an attachment: the traffic came in by the pair attachment and leaves by this one", () => {
    const [e] = tgwOf(
      explainTgw([tgwRecord({ "flow-direction": "egress", "tgw-attachment-id": ATTACH_B, "tgw-pair-attachment-id": ATTACH_A })]),
    );
    expect([e.attachment, e.direction, e.from.attachment, e.to.attachment]).toEqual([ATTACH_B, "egress", ATTACH_A, ATTACH_B]);
    expect(e.sentence).toMatch(
      /^\S+ \S+ UTC tgw-attach-0bbbbbbbbbbbbbbb2 egress: 10\.0\.1\.5:49152 in tgw-attach-0aaaaaaaaaaaaaaa1 .* → 10\.1\.2\.7:443 \(https\) in tgw-attach-0bbbbbbbbbbbbbbb2 /,
    );
    // Without a direction, no attachment is put on a side it may not be on.
    const [bare] = tgwOf(explainTgw([tgwRecord({ "flow-direction": "-" })]));
    expect([bare.direction, bare.from.attachment, bare.to.attachment]).toEqual([undefined, undefined, undefined]);
  });

  test.each([
    [
      "no-route",
      /^5 packets lost, no route: the transit gateway route table associated with tgw-attach-0aaaaaaaaaaaaaaa1 has no route to 172\.16\.8\.9\. Check that table: add a static route, or propagate/,
    ],
    [
      "blackhole",
      /^5 packets lost to a blackhole route: a blackhole route in the transit gateway route table associated with tgw-attach-0aaaaaaaaaaaaaaa1 matched 172\.16\.8\.9\. Remove it/,
    ],
    [
      "mtu-exceeded",
      /^5 packets lost, larger than the MTU: a transit gateway passes at most 8500 bytes between VPCs, Direct Connect and peering attachments, and 1500 over a VPN\. It sends no ICMP "fragmentation needed".* lower the MTU of the sender behind tgw-attach-0aaaaaaaaaaaaaaa1/,
    ],
    [
      "ttl-expired",
      /^5 packets lost, time to live expired at the transit gateway: a routing loop is likely\. Follow the routes to 10\.1\.2\.7 from tgw-attach-0aaaaaaaaaaaaaaa1/,
    ],
  ] as const)("%s: the cause explained and what to check", (cause, note) => {
    const [e] = tgwOf(explainTgw([lossRecord(cause, 5)]));
    expect(e.losses).toEqual([{ cause, packets: 5 }]);
    expect(e.notes).toHaveLength(1);
    expect(e.notes[0]).toMatch(note);
  });

  test("a record that lost packets for two causes says both, in AWS's order of the counters", () => {
    const [e] = tgwOf(explainTgw([tgwRecord({ "packets-lost-ttl-expired": 2, "packets-lost-no-route": 1 })]));
    expect(e.losses).toEqual([
      { cause: "no-route", packets: 1 },
      { cause: "ttl-expired", packets: 2 },
    ]);
    expect(e.notes.map((n) => n.split(",")[0])).toEqual(["1 packet lost", "2 packets lost"]);
  });

  test("in Japanese, each cause and the record", () => {
    const out = tgwOf(
      explainTgw(
        LOSS_CAUSES.map((c) => lossRecord(c, 3)),
        TransitGatewayFormat.DEFAULT,
        "ja",
      ),
    );
    expect(out[0].sentence).toMatch(
      / 受信: 10\.0\.1\.5:51000|受信: 10\.0\.1\.5:49152 \[tgw-attach-0aaaaaaaaaaaaaaa1\] \(VPC vpc-0aaaaaaaaaaaaaaa1, サブネット .*\) → 172\.16\.8\.9:443 \(https\) TCP、20 パケット、4249 バイト。$/,
    );
    expect(out.map((e) => e.notes[0].slice(0, e.notes[0].indexOf(":")))).toEqual([
      "3 パケットを破棄 (経路なし)",
      "3 パケットを破棄 (ブラックホール経路)",
      "3 パケットを破棄 (MTU 超過)",
      "3 パケットを破棄 (TTL 切れ)",
    ]);
  });

  test("NODATA and SKIPDATA say so; a record that is not one of the format is a problem naming what is wrong", () => {
    const nodata = tgwRecord({ "log-status": "NODATA", packets: "-", bytes: "-", srcaddr: "-", dstaddr: "-" });
    const skip = tgwRecord({ "log-status": "SKIPDATA" });
    const short = tgwRecord().split(" ").slice(0, 30).join(" ");
    const badCounter = tgwRecord({ "packets-lost-blackhole": "many" });
    const out = explainTgw([nodata, skip, short, badCounter]);
    const [a, b] = tgwOf(out);
    expect(a.sentence).toBe("2014-12-14 04:06:50–04:07:50 UTC tgw-attach-0aaaaaaaaaaaaaaa1: NODATA, no traffic through it in this window.");
    expect(b.sentence).toMatch(/: SKIPDATA, records of this window were skipped .*traffic is missing, not absent\.$/);
    expect(out.filter((e) => e.kind === "problem").map((p) => (p as { message: string }).message)).toEqual([
      "30 fields where the transit gateway format has 36 (version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-account-id tgw-dst-vpc-account-id tgw-src-vpc-id tgw-dst-vpc-id tgw-src-subnet-id tgw-dst-subnet-id tgw-src-eni tgw-dst-eni tgw-src-az-id tgw-dst-az-id tgw-pair-attachment-id srcaddr dstaddr srcport dstport protocol packets bytes start end log-status type packets-lost-no-route packets-lost-blackhole packets-lost-mtu-exceeded packets-lost-ttl-expired tcp-flags region flow-direction pkt-src-aws-service pkt-dst-aws-service)",
      'packets-lost-blackhole = "many": expected a number or -',
    ]);
  });

  test("among VPC records (a stream of both), each is read in its own format and the VPC's conversations are still judged", () => {
    const vpc = [
      `2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 ${T0} ${T0 + 60} ACCEPT OK`,
      `2 123456789010 eni-1235b8ca123456789 172.31.16.21 172.31.16.139 22 20641 6 20 4249 ${T0} ${T0 + 60} ACCEPT OK`,
    ];
    const out = explainRecords([vpc[0], lossRecord("blackhole", 7), vpc[1], tgwRecord()], { format: RecordFormat.DEFAULT });
    expect(out.map((e) => e.kind)).toEqual(["record", "transit-gateway-record", "record", "transit-gateway-record", "conversation"]);
    // A line of 36 values whose resource type is not a transit gateway's stays a problem of the VPC's format.
    const odd = explainRecords([tgwRecord({ "resource-type": "Vpc" })], { format: RecordFormat.DEFAULT });
    expect(odd.map((e) => e.kind)).toEqual(["problem"]);
  });
});

describe("npm run explain on transit gateway records", () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "tgw-explain-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("an S3 file's header selects a custom transit gateway format, gzip or not", async () => {
    const format = TransitGatewayFormat.parse(
      "tgw-attachment-id tgw-pair-attachment-id srcaddr dstaddr packets start end packets-lost-mtu-exceeded flow-direction",
    );
    const lines = [
      tgwHeader(format),
      format.fields
        .map((f) => ({ "packets-lost-mtu-exceeded": "9" })[f as string] ?? tgwRecord({}, TransitGatewayFormat.custom([f])))
        .join(" "),
    ];
    const file = path.join(dir, "tgw.log.gz");
    fs.writeFileSync(file, zlib.gzipSync(lines.join("\n") + "\n"));
    const { stdout, stderr } = await run([file]);
    expect(stdout).toMatch(
      /^.*tgw\.log\.gz:2: .* tgw-attach-0aaaaaaaaaaaaaaa1 ingress: 10\.0\.1\.5 in tgw-attach-0aaaaaaaaaaaaaaa1 → 10\.1\.2\.7 in tgw-attach-0bbbbbbbbbbbbbbb2, 20 packets, \? bytes\.\n {4}9 packets lost, larger than the MTU/,
    );
    expect(stderr).toBe("1 record, 0 conversations, 0 problems\n");
  });

  test("--format with transit gateway fields reads records of that format; --json gives each record's fields and losses", async () => {
    const format = TransitGatewayFormat.parse("tgw-attachment-id srcaddr dstaddr packets-lost-no-route start end");
    const line = format.fields
      .map((f) => ({ "packets-lost-no-route": "4", dstaddr: "172.16.8.9" })[f as string] ?? tgwRecord({}, TransitGatewayFormat.custom([f])))
      .join(" ");
    const { stdout } = await run(["--json", "--format", format.fields.join(" ")], line + "\n");
    const e = JSON.parse(stdout.trim()) as ExplainedTransitGatewayRecord;
    expect(e.kind).toBe("transit-gateway-record");
    expect(e.fields).toEqual({
      "tgw-attachment-id": ATTACH_A,
      srcaddr: "10.0.1.5",
      dstaddr: "172.16.8.9",
      "packets-lost-no-route": 4,
      start: T0,
      end: T0 + 60,
    });
    expect(e.losses).toEqual([{ cause: "no-route", packets: 4 }]);
    expect(e.notes[0]).toMatch(/^4 packets lost, no route: .* associated with tgw-attach-0aaaaaaaaaaaaaaa1 has no route to 172\.16\.8\.9/);
  });

  test("--stack reads the transit gateway format of a synthesized stack beside the VPC's", async () => {
    const stackDir = path.join(dir, "stack");
    fs.mkdirSync(stackDir);
    const tgwFormat = TransitGatewayFormat.parse(
      "version resource-type tgw-attachment-id srcaddr dstaddr packets-lost-blackhole start end",
    );
    fs.writeFileSync(
      path.join(stackDir, "cdk.tf.json"),
      JSON.stringify({
        resource: {
          aws_flow_log: {
            vpc: { vpc_id: "vpc-1" },
            tgw: { transit_gateway_id: "tgw-1", log_format: tgwFormat.terraformFormatString },
          },
        },
      }),
    );
    const line = tgwFormat.fields
      .map((f) => ({ "packets-lost-blackhole": "2" })[f as string] ?? tgwRecord({}, TransitGatewayFormat.custom([f])))
      .join(" ");
    const { stdout } = await run(["--stack", stackDir], line + "\n");
    expect(stdout).toMatch(
      /^line 1: .* tgw-attach-0aaaaaaaaaaaaaaa1: 10\.0\.1\.5 → 10\.1\.2\.7, \? packets, \? bytes\.\n {4}2 packets lost to a blackhole route/,
    );
  });

  test("the filters: --address and --interface (an attachment on either side), --since and --until, --action REJECT (dropped packets)", async () => {
    const input = [
      tgwRecord(),
      lossRecord("no-route", 3),
      tgwRecord({
        "tgw-attachment-id": "tgw-attach-0ccccccccccccccc3",
        "tgw-pair-attachment-id": "tgw-attach-0ddddddddddddddd4",
        srcaddr: "10.9.0.1",
        start: T0 + 3600,
        end: T0 + 3660,
      }),
    ].join("\n");
    const lines = async (argv: string[]) =>
      (await run(argv, input)).stdout
        .split("\n")
        .filter((l) => l.startsWith("line "))
        .map((l) => l.split(":")[0]);
    expect(await lines(["--address", "172.16.0.0/12"])).toEqual(["line 2"]);
    expect(await lines(["--interface", ATTACH_B])).toEqual(["line 1"]);
    expect(await lines(["--interface", "tgw-attach-0ddddddddddddddd4"])).toEqual(["line 3"]);
    expect(await lines(["--since", String(T0 + 1800)])).toEqual(["line 3"]);
    expect(await lines(["--until", String(T0 + 1800)])).toEqual(["line 1", "line 2"]);
    expect(await lines(["--action", "REJECT"])).toEqual(["line 2"]);
    expect(await lines(["--action", "ACCEPT"])).toEqual(["line 1", "line 3"]);
  });

  test("--summary ranks the losses by attachment pair and cause, most packets first, in text, JSON and Japanese", async () => {
    const input = [
      lossRecord("mtu-exceeded", 4),
      lossRecord("no-route", 5),
      lossRecord("mtu-exceeded", 3, { start: T0 + 600, end: T0 + 660 }),
      lossRecord("blackhole", 1, { "tgw-attachment-id": ATTACH_B, "tgw-src-vpc-id": VPC_B }),
      tgwRecord(),
    ].join("\n");
    const text = await run(["--summary"], input);
    expect(text.stdout).toBe(
      [
        "5 records, 0 conversations.",
        "Packets the transit gateway dropped, by attachment pair and cause, most first:",
        "  1. tgw-attach-0aaaaaaaaaaaaaaa1 (vpc-0aaaaaaaaaaaaaaa1) → tgw-attach-0bbbbbbbbbbbbbbb2 (vpc-0bbbbbbbbbbbbbbb2): larger than the MTU, 7 packets in 2 records, 2014-12-14 04:06:50–04:17:50 UTC",
        "  2. tgw-attach-0aaaaaaaaaaaaaaa1 (vpc-0aaaaaaaaaaaaaaa1) → 172.16.8.9: no route, 5 packets in 1 record, 2014-12-14 04:06:50–04:07:50 UTC",
        "  3. tgw-attach-0bbbbbbbbbbbbbbb2 (vpc-0bbbbbbbbbbbbbbb2) → 172.16.8.9: blackhole route, 1 packet in 1 record, 2014-12-14 04:06:50–04:07:50 UTC",
        "",
      ].join("\n"),
    );
    const json = JSON.parse((await run(["--summary", "--json"], input)).stdout) as {
      transitGatewayRecords: number;
      transitGatewayLosses: { from: string; to: string; cause: string; packets: number; records: number; first: number; last: number }[];
    };
    expect(json.transitGatewayRecords).toBe(5);
    expect(json.transitGatewayLosses.map((g) => [g.from, g.to, g.cause, g.packets, g.records, g.last - g.first])).toEqual([
      [ATTACH_A, ATTACH_B, "mtu-exceeded", 7, 2, 660],
      [ATTACH_A, "172.16.8.9", "no-route", 5, 1, 60],
      [ATTACH_B, "172.16.8.9", "blackhole", 1, 1, 60],
    ]);
    const ja = await run(["--summary", "--lang", "ja"], input);
    expect(ja.stdout.split("\n")[2]).toBe(
      "  1. tgw-attach-0aaaaaaaaaaaaaaa1 (vpc-0aaaaaaaaaaaaaaa1) → tgw-attach-0bbbbbbbbbbbbbbb2 (vpc-0bbbbbbbbbbbbbbb2): MTU 超過、2 レコードで 7 パケット、2014-12-14 04:06:50–04:17:50 UTC",
    );
    // No loss: said so, and the VPC's conversation lines stay when VPC records came too.
    const none = await run(["--summary"], tgwRecord() + "\n");
    expect(none.stdout).toBe("1 record, 0 conversations.\nThe transit gateway records show no dropped packet.\n");
  });

  test("an Athena result of the transit gateway table's columns is read as its records", async () => {
    const header = '"tgw_attachment_id","srcaddr","dstaddr","packets_lost_ttl_expired","start","end"';
    const row = `"${ATTACH_A}","10.0.1.5","10.1.2.7","6","${T0}","${T0 + 60}"`;
    const { stdout } = await run([], `${header}\n${row}\n`);
    expect(stdout).toMatch(/^line 2: .*\n {4}6 packets lost, time to live expired at the transit gateway: a routing loop is likely/);
  });
});
