/**
 * The report's numbers against an oracle computed here, apart from the code under test, over
 * generated records (fast-check) and the explain tests' classic cases plus one large transfer:
 * top talkers, flows per 5 minutes, verdicts per interface, ports, refused groups.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { reportArguments, runReport } from "../../analysis/report/command";
import { bytesText, chartSpecs } from "../../analysis/report/charts";
import { escapeHtml } from "../../analysis/report/page";
import { REPORT_WORDS } from "../../analysis/report/words";
import { aggregateOf, CLASSIC, reportOracle as oracle } from "../support/report-records";
import { ruleSet } from "../support/rule-sets";

const ENI = "eni-1235b8ca123456789";
const line = (eni: string, src: string, dst: string, sp: number, dp: number, p: number, bytes: number, start: number, action: string) =>
  `2 123456789010 ${eni} ${src} ${dst} ${sp} ${dp} ${p} 1 ${bytes} ${start} ${start + 60} ${action} OK`;

describe("the report's numbers", () => {
  test("the classic cases and a large transfer: the top bar is the transfer's pair, every table equals the oracle", () => {
    const data = aggregateOf(CLASSIC);
    const o = oracle(CLASSIC);
    expect(data.topTalkers[0]).toMatchObject({ source: "10.0.1.5", destination: "192.0.2.44", bytes: 750_000_000 });
    expect(data.topTalkers).toEqual(o.topTalkers);
    expect(data.overTime).toEqual(o.overTime);
    expect(data.verdicts).toEqual(o.verdicts);
    expect(data.conversations).toBe(o.conversations);
    // Ports: the server's port of each record, the transfer's 443 first.
    expect(data.topPorts[0]).toMatchObject({ port: 443, protocol: 6, service: "https", bytes: 752_000_000 + 14_000, flows: 4 });
    // Refused: by records, then bytes: the NTP reply refused (2 records, 152 bytes), the SSH scan (2 conversations, 88 bytes), the HTTP request.
    expect(data.refused.map((g) => [g.client, g.server.port, g.conversations, g.records, g.bytes])).toEqual([
      ["172.31.16.139", 123, 1, 2, 152],
      ["198.51.100.7", 22, 2, 2, 88],
      ["203.0.113.12", 80, 1, 1, 4249],
    ]);
    expect(data.refused.map((g) => g.verdict).sort()).toEqual(["REFUSED_INBOUND", "REFUSED_INBOUND", "REPLY_REFUSED_BY_ACL_INBOUND"]);
    expect(data.refused.every((g) => g.sentence.startsWith(`${g.client}:`))).toBe(true);
    expect(data.approximate).toEqual({});
  });

  test("generated records: top talkers, bins and verdicts equal the oracle's", () => {
    const addr = fc.constantFrom("10.0.1.5", "10.0.2.9", "203.0.113.7", "198.51.100.4", "192.0.2.44");
    const rec = fc
      .record({
        eni: fc.constantFrom(ENI, "eni-0fffffffffffffff0"),
        src: addr,
        dst: addr,
        sp: fc.constantFrom(22, 443, 41000, 50001),
        dp: fc.constantFrom(22, 443, 41000, 50001),
        p: fc.constantFrom(6, 17),
        bytes: fc.integer({ min: 40, max: 100_000 }),
        minute: fc.integer({ min: 0, max: 40 }),
        action: fc.constantFrom("ACCEPT", "REJECT"),
      })
      .filter((r) => r.src !== r.dst);
    fc.assert(
      fc.property(fc.array(rec, { minLength: 1, maxLength: 60 }), (rs) => {
        const lines = rs
          .sort((a, b) => a.minute - b.minute)
          .map((r) => line(r.eni, r.src, r.dst, r.sp, r.dp, r.p, r.bytes, 1418530000 + r.minute * 60, r.action));
        const data = aggregateOf(lines);
        const o = oracle(lines);
        expect(data.topTalkers).toEqual(o.topTalkers);
        expect(data.overTime).toEqual(o.overTime);
        expect(data.verdicts).toEqual(o.verdicts);
      }),
      { numRuns: 100 },
    );
  });
});

test("with the rules, a refused group's sentence names the layer and the rule that decided", () => {
  // The example interface's group allows no inbound SSH or HTTP; its ACL allows everything.
  const rules = ruleSet(
    [
      {
        GroupId: "sg-0web",
        GroupName: "web",
        IpPermissions: [],
        IpPermissionsEgress: [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }],
      },
    ],
    [
      { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: false, CidrBlock: "0.0.0.0/0" },
      { RuleNumber: 100, Protocol: "-1", RuleAction: "allow", Egress: true, CidrBlock: "0.0.0.0/0" },
    ],
    [
      {
        NetworkInterfaceId: "eni-1235b8ca123456789",
        SubnetId: "subnet-0a",
        Groups: [{ GroupId: "sg-0web" }],
        PrivateIpAddresses: [{ PrivateIpAddress: "172.31.16.139" }],
      },
    ],
  );
  const ssh = aggregateOf(CLASSIC, rules).refused.find((g) => g.server.port === 22)!;
  // The client is on the internet and the default format has no reject-reason: Block Public Access may have refused it as well.
  expect(ssh).toMatchObject({ verdict: "REFUSED_BY_SECURITY_GROUP", layer: "security group or VPC Block Public Access" });
  expect(ssh.sentence).toContain("No inbound rule of sg-0web allows it");
});

describe("the report's command line", () => {
  test("--out is required; the explain command's own outputs are refused; the rest is the explainer's", () => {
    expect(() => reportArguments(["flow.log"])).toThrow(/--out <report\.html> is required/);
    expect(() => reportArguments(["--json", "--out", "r.html"])).toThrow(/--json is the explain command's/);
    expect(reportArguments(["--lang", "ja", "--tz", "Asia/Tokyo", "a.log", "--out", "r.html"])).toMatchObject({
      out: "r.html",
      explain: { language: "ja", timeZone: "Asia/Tokyo", files: ["a.log"] },
    });
  });

  test("text on the page is escaped", () => {
    expect(escapeHtml(`<script>"x" & 'y'</script>`)).toBe("&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;");
  });
});

describe("the report never writes over what it reads", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-report-out-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("--out naming an input file is refused, and the records are kept", async () => {
    const records = path.join(dir, "flow.log");
    fs.writeFileSync(records, CLASSIC.join("\n") + "\n");
    await expect(runReport(reportArguments([records, "--out", records]))).rejects.toThrow(/--out .* is an input of this run/);
    expect(fs.readFileSync(records, "utf8")).toBe(CLASSIC.join("\n") + "\n");
  });

  test("--out naming a file of an input folder is refused, whatever the path", async () => {
    fs.mkdirSync(path.join(dir, "synced"));
    const inside = path.join(dir, "synced", "page.html");
    fs.writeFileSync(path.join(dir, "synced", "a.log"), CLASSIC.join("\n") + "\n");
    fs.writeFileSync(inside, "an earlier page");
    await expect(
      runReport(reportArguments([path.join(dir, "synced"), "--out", path.join(dir, "synced", "..", "synced", "page.html")])),
    ).rejects.toThrow(/is an input of this run/);
    expect(fs.readFileSync(inside, "utf8")).toBe("an earlier page");
  });
});

describe("bytes people read, and charts where the small bars still show", () => {
  test("bytes in the unit of their size, three figures", () => {
    expect([152, 4249, 820_000_000, 1_500_000_000_000].map((b) => bytesText(b))).toEqual(["152 B", "4.25 kB", "820 MB", "1.5 TB"]);
    expect(bytesText(820_000_000, "ja-JP")).toBe("820 MB");
  });

  test("an 820 MB backup beside 9 MB talkers: the axis in MB, logarithmic, and says so", () => {
    const lines = [
      line(ENI, "10.0.1.5", "192.0.2.44", 41000, 443, 6, 820_000_000, 1418530000, "ACCEPT"),
      ...[2, 3, 4].map((i) => line(ENI, `10.0.1.${i}`, "198.51.100.9", 41000 + i, 443, 6, 9_000_000, 1418530000, "ACCEPT")),
    ];
    const words = REPORT_WORDS.en;
    const specs = chartSpecs(aggregateOf(lines), words, (s) => String(s));
    const talkers = specs.find((s) => s.id === "top-talkers")!.spec as unknown as {
      data: { values: { bytes: number }[] };
      encoding: { x: { title: string; scale?: { type: string } } };
    };
    expect(talkers.encoding.x).toMatchObject({ title: "Bytes (MB), log scale: one bar dwarfs the rest", scale: { type: "symlog" } });
    expect(talkers.data.values.map((v) => v.bytes).sort((a, b) => b - a)).toEqual([820, 9, 9, 9]);
    // Bars of one size: a linear axis.
    const even = chartSpecs(aggregateOf(lines.slice(1)), words, (s) => String(s)).find((s) => s.id === "top-talkers")!.spec as unknown as {
      encoding: { x: { title: string; scale?: unknown } };
    };
    expect(even.encoding.x.title).toBe("Bytes (MB)");
    expect(even.encoding.x.scale).toBeUndefined();
  });
});
