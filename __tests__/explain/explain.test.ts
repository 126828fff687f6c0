/**
 * Records explained: the classic cases of AWS's worked examples, read as records of the
 * default format, with the verdicts and sentences a reader must get (English and Japanese);
 * the forms records come in; bad input; and attribution to a rule when the rules are given.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import {
  explainRecords,
  ExplainedConversation,
  ExplainedRecord,
  inCidr,
  parseFormat,
  RuleSet,
  RulesJudge,
  type Explained,
} from "../../analysis/explain";
import { RecordFormat } from "../../constructs/records/record-format";
import { APP_OPTIONS } from "../../environments";
// The examples, whatever environments a team adds to the folder.
import { EXAMPLE_ENVIRONMENTS as environments } from "../support/examples";
import { validateEnvironments } from "../../constructs/config/validation/environment";
import { explainArguments } from "../../analysis/explain/arguments";
import { RecordExplanation } from "../../analysis/explain/explained-record";
import { tupleHash } from "../../analysis/explain/tuple-hash";
import { formatOfStack, withStackFormat } from "../../analysis/explain/main";
import { App } from "cdktf";
import { addEnvironmentStacks } from "../../constructs/stacks/app";
import { staging } from "../../environments/staging";
import { runExplainCommand } from "../support/explain-run";
import { describeOutputs, ruleSet as rulesOf } from "../support/rule-sets";

const DEFAULT = RecordFormat.DEFAULT;
/** The example environments' record formats, as scripts/explain.ts hands them to the command. */
const FORMATS = new Map(validateEnvironments(environments, APP_OPTIONS).map((e) => [e.name, e.flowLogs.format]));
const ENI = "eni-1235b8ca123456789";
/** A default-format record of the example interface (172.31.16.139) in one window. */
const rec = (src: string, dst: string, srcport: number, dstport: number, protocol: number, action: "ACCEPT" | "REJECT") =>
  `2 123456789010 ${ENI} ${src} ${dst} ${srcport} ${dstport} ${protocol} 4 336 1432917027 1432917142 ${action} OK`;
const INSTANCE = "172.31.16.139";
const HOME = "203.0.113.12";

const conversations = (out: Explained[]) => out.filter((e): e is ExplainedConversation => e.kind === "conversation");
const records = (out: Explained[]) => out.filter((e): e is ExplainedRecord => e.kind === "record");
const verdictOf = (lines: string[], language: "en" | "ja" = "en") => {
  const [c, ...rest] = conversations(explainRecords(lines, { format: DEFAULT, language }));
  expect(rest).toEqual([]);
  return c;
};

describe("the classic cases, from the records alone", () => {
  test("a home client's HTTP request rejected, no reply: refused on the way in, either layer or Block Public Access, and it says it cannot tell which", () => {
    const c = verdictOf([rec(HOME, INSTANCE, 49761, 80, 6, "REJECT")]);
    expect(c).toMatchObject({
      verdict: "REFUSED_INBOUND",
      direction: "inbound",
      service: "http",
      basis: "records",
      layers: ["security-group", "network-acl", "block-public-access"],
    });
    expect(c.client).toEqual({ address: HOME, port: 49761 });
    // The default format has no reject-reason, and the client is on the internet: Block Public Access is not ruled out.
    expect(c.sentence).toBe(
      "203.0.113.12:49761 → 172.31.16.139:80 (http): refused on the way in, no reply. The security group's inbound rules, the network ACL's inbound rules or VPC Block Public Access refused it (the peer's address is public and the record format has no reject-reason field to tell); records alone cannot tell which.",
    );
    expect(verdictOf([rec(HOME, INSTANCE, 49761, 80, 6, "REJECT")], "ja").sentence).toBe(
      "203.0.113.12:49761 → 172.31.16.139:80 (http): 受信時に拒否され、応答はありません。セキュリティグループのインバウンドルール、ネットワーク ACL のインバウンドルールか VPC ブロックパブリックアクセスが拒否しました (相手のアドレスがパブリックで、レコード形式にそれを見分ける reject-reason フィールドがありません)。レコードだけではどちらかは分かりません。",
    );
  });

  test("the same request from a private address, or in a format whose reject-reason rules Block Public Access out: the two rule layers", () => {
    const twoLayers =
      "refused on the way in, no reply. The security group's inbound rules or the network ACL's inbound rules refused it; records alone cannot tell which.";
    const [privatePeer] = conversations(
      explainRecords([rec("10.0.7.7", INSTANCE, 49761, 80, 6, "REJECT")], {
        format: DEFAULT,
        interfaceAddresses: new Map([[ENI, [INSTANCE]]]),
      }),
    );
    expect(privatePeer.sentence).toBe(`10.0.7.7:49761 → 172.31.16.139:80 (http): ${twoLayers}`);
    const v8 = RecordFormat.parse([...RecordFormat.DEFAULT.fields, "reject-reason"].join(" "));
    const [withReason] = conversations(explainRecords([`${rec(HOME, INSTANCE, 49761, 80, 6, "REJECT")} -`], { format: v8 }));
    expect(withReason).toMatchObject({ verdict: "REFUSED_INBOUND", layers: ["security-group", "network-acl"] });
    expect(withReason.sentence).toBe(`203.0.113.12:49761 → 172.31.16.139:80 (http): ${twoLayers}`);
  });

  test("an NTP request from the instance accepted, its reply rejected: the network ACL's inbound rules, naming the ports to allow", () => {
    const lines = [rec(INSTANCE, HOME, 35521, 123, 17, "ACCEPT"), rec(HOME, INSTANCE, 123, 35521, 17, "REJECT")];
    const c = verdictOf(lines);
    expect(c).toMatchObject({ verdict: "REPLY_REFUSED_BY_ACL_INBOUND", direction: "outbound", service: "ntp", lines: [1, 2] });
    expect(c.sentence).toContain(
      "so the network ACL's inbound rules refused it: they must allow UDP from 203.0.113.12:123 to ports 1024-65535",
    );
    expect(c.layers).toEqual(["network-acl", "block-public-access"]);
    expect(c.sentence).toContain("VPC Block Public Access may also have blocked the reply");
    expect(verdictOf(lines, "ja").sentence).toContain(
      "拒否したのはネットワーク ACL のインバウンドルールです: 203.0.113.12:123 からポート 1024-65535",
    );
  });

  test("an HTTP request accepted whose reply is rejected on the way out: the ACL's outbound rules refuse the ephemeral ports", () => {
    const c = verdictOf([rec(HOME, INSTANCE, 49761, 80, 6, "ACCEPT"), rec(INSTANCE, HOME, 80, 49761, 6, "REJECT")]);
    expect(c.verdict).toBe("REPLY_REFUSED_BY_ACL_OUTBOUND");
    expect(c.sentence).toContain("they must allow TCP to 203.0.113.12 on ports 1024-65535");
  });

  test("an HTTP exchange accepted both ways, in either order of the records: the connection worked", () => {
    const lines = [rec(INSTANCE, HOME, 80, 49761, 6, "ACCEPT"), rec(HOME, INSTANCE, 49761, 80, 6, "ACCEPT")];
    for (const order of [lines, [...lines].reverse()]) {
      const c = verdictOf(order);
      expect(c).toMatchObject({ verdict: "CONNECTED", direction: "inbound", server: { address: INSTANCE, port: 80 } });
    }
    expect(verdictOf(lines, "ja").sentence).toBe(
      "203.0.113.12:49761 → 172.31.16.139:80 (http): 要求も応答も許可されました。接続は成功しています。",
    );
  });

  test("NTP accepted both ways", () => {
    const c = verdictOf([rec(INSTANCE, HOME, 35521, 123, 17, "ACCEPT"), rec(HOME, INSTANCE, 123, 35521, 17, "ACCEPT")]);
    expect(c).toMatchObject({ verdict: "CONNECTED", direction: "outbound", service: "ntp", client: { address: INSTANCE, port: 35521 } });
  });

  test("SSH from the internet, rejected: the record names the service, the conversation the way", () => {
    const out = explainRecords([rec("198.51.100.7", INSTANCE, 52100, 22, 6, "REJECT")], { format: DEFAULT });
    expect(records(out)[0]).toMatchObject({
      direction: "inbound",
      service: "ssh",
      protocol: "TCP",
      interfaceAddress: INSTANCE,
      action: "REJECT",
    });
    expect(records(out)[0].sentence).toBe(
      "2015-05-29 16:30:27–16:32:22 UTC eni-1235b8ca123456789 inbound: 198.51.100.7:52100 → 172.31.16.139:22 (ssh) TCP, 4 packets, 336 bytes, REJECTED.",
    );
    expect(conversations(out)[0].verdict).toBe("REFUSED_INBOUND");
  });

  test("an accepted request with no reply in the records: says what is missing and why it can be", () => {
    const c = verdictOf([rec(HOME, INSTANCE, 49761, 443, 6, "ACCEPT")]);
    expect(c.verdict).toBe("REPLY_NOT_SEEN");
    expect(c.sentence).toContain("another aggregation window, another flow log");
  });

  test("TCP flags: a record says the flags it saw; a reset reply is the host's refusal, not the network's", () => {
    const format = parseFormat(
      "version interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status tcp-flags",
    );
    const line = (src: string, dst: string, sp: number, dp: number, flags: number) =>
      `2 ${ENI} ${src} ${dst} ${sp} ${dp} 6 1 40 1432917027 1432917142 ACCEPT OK ${flags}`;
    const out = explainRecords([line(HOME, INSTANCE, 49761, 8080, 2), line(INSTANCE, HOME, 8080, 49761, 20)], { format });
    expect(records(out)[0].notes).toEqual(["TCP flags seen in the window: SYN."]);
    expect(conversations(out)[0]).toMatchObject({ verdict: "HOST_RESET", server: { port: 8080 } });
  });

  test("a NAT gateway's interface with pkt-* fields: the real peer behind it, and the traffic path", () => {
    const format = parseFormat(
      "${version} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${pkt-srcaddr} ${pkt-dstaddr} ${flow-direction} ${traffic-path}",
    );
    const out = explainRecords(
      ["5 eni-0nat 10.0.1.5 10.0.0.9 41000 443 6 10 840 1432917027 1432917142 ACCEPT OK 10.0.1.5 93.184.216.34 ingress -"],
      { format },
    );
    const r = records(out)[0];
    expect(r).toMatchObject({ direction: "inbound", interfaceAddress: "10.0.0.9", service: "https" });
    expect(r.notes).toContain(
      "The packets' own addresses are 10.0.1.5 → 93.184.216.34: a NAT gateway or another middlebox is between them.",
    );
    const egress = explainRecords(
      ["5 eni-0nat 10.0.0.9 93.184.216.34 41000 443 6 10 840 1432917027 1432917142 ACCEPT OK 10.0.1.5 93.184.216.34 egress 8"],
      { format },
    );
    expect(records(egress)[0]).toMatchObject({
      direction: "outbound",
      notes: [
        "The packets' own addresses are 10.0.1.5 → 93.184.216.34: a NAT gateway or another middlebox is between them.",
        "Leaves by: an internet gateway (Nitro).",
      ],
    });
  });

  test("NODATA and SKIPDATA say what they mean, and form no conversation", () => {
    const out = explainRecords(
      [
        `2 123456789010 ${ENI} - - - - - - - 1431280876 1431280934 - NODATA`,
        `2 123456789010 ${ENI} - - - - - - - 1431280876 1431280934 - SKIPDATA`,
      ],
      { format: DEFAULT, language: "ja", timeZone: "Asia/Tokyo" },
    );
    expect(out.map((e) => e.kind)).toEqual(["record", "record"]);
    expect((out[0] as ExplainedRecord).sentence).toBe(
      `2015-05-11 03:01:16–03:02:14 JST ${ENI}: NODATA。この集約期間にインターフェイスの通信はありません。`,
    );
    expect((out[1] as ExplainedRecord).sentence).toContain("SKIPDATA。この集約期間のレコードは欠落しています");
  });
});

describe("conversations found by a hash of their ends", () => {
  test("two conversations whose hashes collide stay two: equal hashes are told apart by interface, protocol, addresses and ports", () => {
    // A collision of the 32-bit hash, found by brute force over clients 10.x.y.z:40000 of one
    // server (about 500,000 tries; a changed hash needs a new pair, found the same way).
    const [a, b] = ["10.0.40.69", "10.7.147.60"];
    expect(tupleHash(ENI, 6, a, 40000, INSTANCE, 443)).toBe(tupleHash(ENI, 6, b, 40000, INSTANCE, 443));
    // a's request accepted and answered; b's rejected, no reply: two conversations, two verdicts.
    const out = explainRecords(
      [rec(a, INSTANCE, 40000, 443, 6, "ACCEPT"), rec(b, INSTANCE, 40000, 443, 6, "REJECT"), rec(INSTANCE, a, 443, 40000, 6, "ACCEPT")],
      { format: DEFAULT },
    );
    const conversations = out.filter((e): e is ExplainedConversation => e.kind === "conversation");
    expect(conversations.map((c) => [c.client.address, c.verdict, c.records]).sort()).toEqual(
      [
        [a, "CONNECTED", 2],
        [b, "REFUSED_INBOUND", 1],
      ].sort(),
    );
  });
});

describe("bad input: named, counted, and the reading goes on", () => {
  test("a wrong field count and a port that is not a number are problems naming the line; the next record is read", () => {
    const out = explainRecords(
      [
        "2 123456789010 eni-1 1.2.3.4",
        rec(HOME, INSTANCE, 1, 80, 6, "REJECT").replace(" 1 80 ", " x 80 "),
        rec(HOME, INSTANCE, 49761, 80, 6, "REJECT"),
      ],
      {
        format: DEFAULT,
      },
    );
    expect(out.filter((e) => e.kind === "problem")).toEqual([
      {
        kind: "problem",
        line: 1,
        message:
          "4 fields where the format has 14 (version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status)",
      },
      { kind: "problem", line: 2, message: 'srcport is "x", not a number' },
    ]);
    expect(records(out).map((r) => r.line)).toEqual([3]);
  });

  test("values apart by a tab or a run of blanks, a line ending in CR, a number of 16 digits and `-` read as the same record", () => {
    const plain = rec(HOME, INSTANCE, 49761, 80, 6, "REJECT");
    const lines = [
      plain,
      plain.replace(/ /g, "\t"),
      `  ${plain.replace(/ /g, "   ")}  `,
      `${plain}\r`,
      plain.replace(" 336 ", " 1234567890123456 "),
    ];
    const read = records(explainRecords(lines, { format: DEFAULT }));
    expect(read.map((r) => r.line)).toEqual([1, 2, 3, 4, 5]);
    for (const r of read.slice(1, 4)) expect([r.fields, r.sentence]).toEqual([read[0].fields, read[0].sentence]);
    expect(read[4].fields.bytes).toBe("1234567890123456");
    expect(JSON.parse((read[4] as RecordExplanation).jsonText()).fields.bytes).toBe(1234567890123456);
    const dash = records(explainRecords([plain.replace(" 4 336 ", " - - ")], { format: DEFAULT }))[0] as RecordExplanation;
    expect(JSON.parse(dash.jsonText()).fields).toMatchObject({ packets: null, bytes: null, srcport: 49761 });
  });

  test("the quick reading of plain lines (a later chunk of bare records) reads and refuses as the careful one", async () => {
    const plain = rec(HOME, INSTANCE, 49761, 80, 6, "REJECT");
    const odd = [
      plain.replace(/ /g, "  "),
      `${plain} `,
      ` ${plain}`,
      `${plain} OK`,
      plain.replace(" 336 ", " 1234567890123456 "),
      plain.replace(" 4 336 ", " - - "),
      plain.replace(" 49761 ", " 4976x "),
      plain.replace(" 49761 ", " -49761 "),
      "2 123456789010 eni-1",
    ];
    // Both chunks are plain bare records, read the quick way (the odd lines in the second).
    const chunks = [`${plain}\n`, odd.join("\n") + "\n"];
    const command = (await run([], chunks)).stdout.split("\n").filter((l) => /^line \d+: /.test(l));
    const careful = explainRecords([plain, ...odd], { format: DEFAULT }).flatMap((e) =>
      e.kind === "record" ? [`line ${e.line}: ${e.sentence}`] : e.kind === "problem" ? [`line ${e.line}: not a record: ${e.message}`] : [],
    );
    expect(command).toEqual(careful);
    expect(command.filter((l) => l.includes("not a record"))).toHaveLength(4);
  });

  test("an unknown or repeated field name in a format, or an unknown time zone, is refused with what is valid", () => {
    expect(() => parseFormat("version srcaddr srcaddr")).toThrow(
      /^field "srcaddr" named twice in the record format; valid fields are version, account-id, .*, each once$/,
    );
    expect(() => parseFormat("version srcaddr dst-addr")).toThrow(
      /unknown flow log field "dst-addr" in the record format; valid fields are version, account-id, /,
    );
    expect(() => explainRecords([], { format: DEFAULT, timeZone: "Mars/Olympus" })).toThrow('unknown time zone "Mars/Olympus"');
  });
});

/** Runs the command on files or text; returns stdout, stderr and the counts. */
const run = (argv: string[], stdin: string | Buffer | string[] = "") => runExplainCommand(explainArguments(argv, FORMATS), stdin);

describe("npm run explain: the forms records come in", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-explain-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const pair = [rec(INSTANCE, HOME, 35521, 123, 17, "ACCEPT"), rec(HOME, INSTANCE, 123, 35521, 17, "REJECT")];

  test("bare lines on standard input", async () => {
    const { stdout, stderr, counts } = await run([], pair.join("\n"));
    expect(stdout).toContain("  [REPLY_REFUSED_BY_ACL_INBOUND] 172.31.16.139:35521 → 203.0.113.12:123 (ntp)");
    expect(stdout).toMatch(/\(lines 1, 2\)\n$/);
    expect(counts).toEqual({ records: 2, conversations: 1, problems: 0, files: 0, skipped: 0 });
    expect(stderr).toBe("2 records, 1 conversation, 0 problems\n");
  });

  test("CloudWatch console or export lines, a timestamp before each record", async () => {
    const text = pair.map((l, i) => `${i === 0 ? "2015-05-29T16:30:27.000Z" : "1432917027000"} ${l}`).join("\n");
    const { stdout } = await run([], text);
    expect(stdout).toContain("[REPLY_REFUSED_BY_ACL_INBOUND]");
  });

  test("the JSON of aws logs filter-log-events", async () => {
    const json = JSON.stringify(
      {
        events: pair.map((message, i) => ({ logStreamName: ENI, timestamp: 1432917027000 + i, message, ingestionTime: 1 })),
        searchedLogStreams: [],
      },
      null,
      4,
    );
    const file = path.join(dir, "events.json");
    fs.writeFileSync(file, json);
    const { stdout, counts } = await run(["--json", file]);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Explained);
    expect(lines.map((e) => e.kind)).toEqual(["record", "record", "conversation"]);
    expect(lines[2]).toMatchObject({ verdict: "REPLY_REFUSED_BY_ACL_INBOUND", lines: expect.any(Array) });
    expect(counts.records).toBe(2);
  });

  test("an S3 .log.gz file: its header line names the fields, whatever --format says", async () => {
    const header = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status";
    const file = path.join(dir, "123456789010_vpcflowlogs_ap-northeast-1_fl-1_20150529T1630Z_abcd.log.gz");
    fs.writeFileSync(file, zlib.gzipSync([header, ...pair].join("\n") + "\n"));
    const { stdout, counts } = await run(["--format", "version srcaddr", file]);
    expect(counts).toEqual({ records: 2, conversations: 1, problems: 0, files: 0, skipped: 0 });
    expect(stdout).toContain(`${file}:2: 2015-05-29 16:30:27–16:32:22 UTC`);
  });

  test("a truncated gzip: an error naming the file, the records before it kept, the next file read", async () => {
    const whole = zlib.gzipSync(pair.join("\n") + "\n" + pair.join("\n").repeat(200));
    const broken = path.join(dir, "broken.log.gz");
    fs.writeFileSync(broken, whole.subarray(0, whole.length - 20));
    const good = path.join(dir, "good.log");
    fs.writeFileSync(good, pair.join("\n"));
    const { stdout, counts, stderr } = await run([broken, good]);
    expect(stdout).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: stopped after line \\d+: unexpected end of file`));
    expect(stdout).toContain(`${good}:2:`);
    expect(counts.files).toBe(1);
    expect(stderr).toMatch(/problems \(\d+ lines not records, 1 file that could not be read to the end\)/);
  });

  test("--env reads the environment's own format; bad arguments are refused with what is valid", () => {
    expect(explainArguments(["--env", "staging"], FORMATS).format.fields).toContain("tcp-flags");
    expect(() => explainArguments(["--env", "qa"], FORMATS)).toThrow('unknown environment "qa"; the environments are dev, staging, prod');
    expect(() => explainArguments(["--lang", "fr"])).toThrow("--lang fr: expected en or ja");
    expect(() => explainArguments(["--security-groups", "x.json"])).toThrow(/go together/);
  });
});

/** The example interface (172.31.16.139 in subnet-0a), as describe-network-interfaces prints it. */
const WEB_INTERFACE = {
  NetworkInterfaceId: ENI,
  SubnetId: "subnet-0a",
  Groups: [{ GroupId: "sg-0web" }],
  PrivateIpAddresses: [{ PrivateIpAddress: INSTANCE }],
};

/** The describe outputs of the example interface with group sg-0web's rules, as files for the command's flags. */
function ruleFiles(dir: string, sg: { inbound: unknown[]; outbound: unknown[] }, aclEntries: unknown[]) {
  const json = describeOutputs(
    [{ GroupId: "sg-0web", GroupName: "web", IpPermissions: sg.inbound, IpPermissionsEgress: sg.outbound }],
    aclEntries,
    [WEB_INTERFACE],
  );
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  return [
    "--security-groups",
    write("sg.json", json.securityGroups),
    "--network-acls",
    write("acl.json", json.networkAcls),
    "--network-interfaces",
    write("eni.json", json.networkInterfaces),
  ];
}

/** The rules of the example interface (172.31.16.139 in subnet-0a) unless others are given. */
const ruleSet = (groups: unknown[], aclEntries: unknown[], interfaces: unknown[] = [WEB_INTERFACE]) =>
  rulesOf(groups, aclEntries, interfaces);

/** Verdicts of records explained with a rule set. */
const judgedWith = (rules: RuleSet, lines: string[]) =>
  conversations(
    explainRecords(lines, { format: DEFAULT, rules: new RulesJudge(rules), interfaceAddresses: rules.interfaceAddresses() }),
  ).map((c) => c.verdict);

const ALL_OUT = { IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
const acl = (n: number, egress: boolean, action: "allow" | "deny", extra: Record<string, unknown> = {}) => ({
  RuleNumber: n,
  Protocol: "-1",
  RuleAction: action,
  Egress: egress,
  CidrBlock: "0.0.0.0/0",
  ...extra,
});
const DEFAULT_DENY = [acl(32767, false, "deny"), acl(32767, true, "deny")];

describe("exact attribution when the rules are given", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-rules-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("no inbound rule for HTTP: the security group, with the missing rule named", async () => {
    const files = ruleFiles(dir, { inbound: [], outbound: [ALL_OUT] }, [
      acl(100, false, "allow"),
      acl(100, true, "allow"),
      ...DEFAULT_DENY,
    ]);
    const { stdout } = await run(["--json", ...files], rec(HOME, INSTANCE, 49761, 80, 6, "REJECT"));
    const c = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .find((e) => e.kind === "conversation");
    expect(c).toMatchObject({ verdict: "REFUSED_BY_SECURITY_GROUP", basis: "rules" });
    expect(c.sentence).toBe(
      "203.0.113.12:49761 → 172.31.16.139:80 (http): refused by the security group. No inbound rule of sg-0web allows it (security groups only allow; what no rule allows is refused). VPC Block Public Access may block it as well (the peer's address is public and the record format has no reject-reason field to tell).",
    );
  });

  test("an ACL that denies all inbound: the NTP reply refused by the final * rule, named", async () => {
    const files = ruleFiles(dir, { inbound: [], outbound: [ALL_OUT] }, [acl(100, true, "allow"), ...DEFAULT_DENY]);
    const { stdout } = await run(
      files,
      [rec(INSTANCE, HOME, 35521, 123, 17, "ACCEPT"), rec(HOME, INSTANCE, 123, 35521, 17, "REJECT")].join("\n"),
    );
    expect(stdout).toContain("[REPLY_REFUSED_BY_ACL_INBOUND]");
    expect(stdout).toContain("Network ACL acl-0app, inbound: rule * matched first and denies it.");
  });

  test("a numbered deny before an allow decides: first match wins", async () => {
    const files = ruleFiles(
      dir,
      { inbound: [{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }], outbound: [ALL_OUT] },
      [
        acl(90, false, "deny", { Protocol: "6", CidrBlock: "198.51.100.0/24", PortRange: { From: 22, To: 22 } }),
        acl(100, false, "allow"),
        acl(100, true, "allow"),
        ...DEFAULT_DENY,
      ],
    );
    const { stdout } = await run(files, rec("198.51.100.7", INSTANCE, 52100, 22, 6, "REJECT"));
    expect(stdout).toContain(
      "[REFUSED_BY_NETWORK_ACL] 198.51.100.7:52100 → 172.31.16.139:22 (ssh): refused by the network ACL. Network ACL acl-0app, inbound: rule 90 matched first and denies it.",
    );
  });

  test("a rule the files cannot resolve (a prefix list) claims nothing beyond the records", async () => {
    const files = ruleFiles(
      dir,
      { inbound: [{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, PrefixListIds: [{ PrefixListId: "pl-0abc" }] }], outbound: [ALL_OUT] },
      [acl(100, false, "allow"), acl(100, true, "allow"), ...DEFAULT_DENY],
    );
    const { stdout } = await run(files, rec(HOME, INSTANCE, 49761, 80, 6, "REJECT"));
    expect(stdout).toContain("[REFUSED_INBOUND]");
  });

  test("bad or partial rule files: an error naming the file and the path, never a crash", () => {
    const sg = path.join(dir, "sg.json");
    fs.writeFileSync(
      sg,
      JSON.stringify({
        SecurityGroups: [{ GroupId: "sg-1", IpPermissions: [{ IpProtocol: "tcp", FromPort: "80" }], IpPermissionsEgress: [] }],
      }),
    );
    const acls = path.join(dir, "acl.json");
    fs.writeFileSync(acls, "{ not json");
    const enis = path.join(dir, "eni.json");
    fs.writeFileSync(enis, JSON.stringify({ NetworkInterfaces: [] }));
    expect(() => explainArguments(["--security-groups", sg, "--network-acls", acls, "--network-interfaces", enis])).toThrow(
      `${sg}: SecurityGroups[0].IpPermissions[0].FromPort: expected a number`,
    );
    fs.writeFileSync(sg, JSON.stringify({ SecurityGroups: [] }));
    expect(() => explainArguments(["--security-groups", sg, "--network-acls", acls, "--network-interfaces", enis])).toThrow(
      `${acls}: (file): not JSON`,
    );
  });

  test("a rule that allows a referenced group allows its members' addresses, and no other", () => {
    const rules = ruleSet(
      [
        {
          GroupId: "sg-0db",
          GroupName: "db",
          IpPermissions: [{ IpProtocol: "tcp", FromPort: 5432, ToPort: 5432, UserIdGroupPairs: [{ GroupId: "sg-0app" }] }],
          IpPermissionsEgress: [ALL_OUT],
        },
        { GroupId: "sg-0app", GroupName: "app", IpPermissions: [], IpPermissionsEgress: [ALL_OUT] },
      ],
      [acl(100, false, "allow"), acl(100, true, "allow")],
      [
        { ...WEB_INTERFACE, Groups: [{ GroupId: "sg-0db" }] },
        {
          NetworkInterfaceId: "eni-0app",
          SubnetId: "subnet-0a",
          Groups: [{ GroupId: "sg-0app" }],
          PrivateIpAddresses: [{ PrivateIpAddress: "172.31.20.7" }],
        },
      ],
    );
    const judge = (peer: string) => judgedWith(rules, [rec(peer, INSTANCE, 40000, 5432, 6, "REJECT")])[0];
    // A member of sg-0app is allowed by the rule and the ACL allows all: the rules given let it through.
    expect(judge("172.31.20.7")).toBe("REFUSED_THOUGH_RULES_ALLOW");
    expect(judge("172.31.99.9")).toBe("REFUSED_BY_SECURITY_GROUP");
  });

  test("CIDR tests of both families", () => {
    expect([inCidr("10.1.2.3", "10.1.0.0/16"), inCidr("10.2.0.1", "10.1.0.0/16"), inCidr("10.1.2.3", "0.0.0.0/0")]).toEqual([
      true,
      false,
      true,
    ]);
    expect([inCidr("2001:db8::1", "2001:db8::/32"), inCidr("2001:db9::1", "2001:db8::/32"), inCidr("10.0.0.1", "::/0")]).toEqual([
      true,
      false,
      false,
    ]);
  });

  test("the library takes the same rules: RuleSet and RulesJudge", () => {
    const rules = ruleSet(
      [{ GroupId: "sg-0web", IpPermissions: [], IpPermissionsEgress: [ALL_OUT] }],
      [acl(100, false, "allow"), acl(100, true, "allow")],
    );
    expect(judgedWith(rules, [rec(HOME, INSTANCE, 49761, 80, 6, "REJECT")])).toEqual(["REFUSED_BY_SECURITY_GROUP"]);
  });
});

describe("npm run explain: narrowed while the records stream", () => {
  // Three conversations: the instance's NTP request and refused reply, a web client's refused
  // request, and another interface's accepted HTTPS, at three times.
  const lines = [
    rec(INSTANCE, HOME, 35521, 123, 17, "ACCEPT"),
    rec(HOME, INSTANCE, 123, 35521, 17, "REJECT"),
    // An hour later, and two hours later (the first two are at 2015-05-29 16:30:27 UTC).
    rec("198.51.100.7", INSTANCE, 40001, 80, 6, "REJECT").replace(" 1432917027 1432917142 ", " 1432920627 1432920742 "),
    rec("10.0.9.9", "192.0.2.1", 50001, 443, 6, "ACCEPT")
      .replace(ENI, "eni-0ffffffffffffffff")
      .replace(" 1432917027 1432917142 ", " 1432924227 1432924342 "),
  ].join("\n");

  test.each([
    [["--address", HOME], 2, 2],
    [["--address", "198.51.100.0/24"], 1, 3],
    [["--address", "10.0.0.0/16"], 1, 3],
    [["--address", "2001:db8::/32"], 0, 4],
    [["--interface", "eni-0ffffffffffffffff"], 1, 3],
    [["--action", "reject"], 2, 2],
    [["--since", "2015-05-29T17:00:00Z"], 2, 2],
    [["--until", "1432918000"], 2, 2],
    [["--since", "2015-05-29", "--until", "2015-05-29T17:45", "--action", "REJECT"], 2, 2],
    [["--since", "2015-05-29T17:00:00Z", "--until", "2015-05-29T17:45", "--action", "REJECT"], 1, 3],
  ])("%j keeps %i records, leaves out %i, says so", async (argv, kept, skipped) => {
    const { stderr, counts } = await run(argv, lines);
    expect([counts.records, counts.skipped]).toEqual([kept, skipped]);
    expect(stderr).toContain(`; ${skipped} records left out by the filter`);
  });

  test("a request and its reply both match an address: the conversation is judged whole", async () => {
    const { stdout } = await run(["--address", INSTANCE, "--until", "1432918000"], lines);
    expect(stdout).toContain("[REPLY_REFUSED_BY_ACL_INBOUND]");
  });

  test.each([
    [["--address", "10.0.0.1/8"], /--address 10\.0\.0\.1\/8: host bits are set/],
    [["--address", "somewhere"], /--address somewhere: expected an IPv4 or IPv6 address/],
    [["--address", "10.0.0.0/33"], /--address 10\.0\.0\.0\/33: expected an IPv4 or IPv6 address, or a block/],
    [["--since", "yesterday"], /--since yesterday: expected a date/],
    [["--action", "DROP"], /--action DROP: expected ACCEPT or REJECT/],
  ])("%j is refused before anything is read", (argv, message) => {
    expect(() => explainArguments(argv)).toThrow(message);
  });
});

describe("the shipped command's --stack: the record format of a synthesized stack", () => {
  let outdir: string;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-explain-stack-"));
    const app = new App({ outdir });
    addEnvironmentStacks(app, environments, APP_OPTIONS);
    app.synth();
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("staging's custom format and dev's default, read back from their cdk.tf.json", () => {
    expect(formatOfStack(path.join(outdir, "stacks", "staging")).fields).toEqual(staging.flowLogs.logFormat);
    expect(formatOfStack(path.join(outdir, "stacks", "dev"))).toBe(RecordFormat.DEFAULT);
    expect(withStackFormat(["--stack", path.join(outdir, "stacks", "staging"), "--json", "f.log"])).toEqual([
      "--format",
      staging.flowLogs.logFormat!.join(" "),
      "--json",
      "f.log",
    ]);
  });

  test("a folder that is no stack, or a stack without a VPC's flow log, is refused with why", () => {
    expect(() => formatOfStack(outdir)).toThrow(/--stack .*: no synthesized stack there/);
    expect(() => formatOfStack(path.join(outdir, "stacks", "state-bootstrap"))).toThrow(/has no flow log of a VPC, subnet or interface/);
  });
});
