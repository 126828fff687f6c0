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
import { KEPT, TOP } from "../../analysis/report/aggregate";
import { aggregateOf, CLASSIC, ENI, line, reportOracle as oracle } from "../support/report-records";
import { ruleSet } from "../support/rule-sets";
import { RecordFormat } from "../../constructs/records/record-format";

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

  test("generated records, in any order, of every protocol, with records without data: every figure equals the oracle's", () => {
    const addr = fc.constantFrom("10.0.1.5", "10.0.2.9", "203.0.113.7", "198.51.100.4", "192.0.2.44");
    const port = fc.constantFrom(0, 22, 53, 123, 443, 8443, 41000, 50001);
    const rec = fc
      .record({
        eni: fc.constantFrom(ENI, "eni-0fffffffffffffff0"),
        src: addr,
        dst: addr,
        sp: port,
        dp: port,
        // ICMP and ICMPv6 records carry no ports; GRE neither.
        p: fc.constantFrom(1, 6, 17, 47, 58),
        // Few sizes, so that ties are ranked by flows, then by name or port.
        bytes: fc.constantFrom(40, 1500, 9000, 64_000),
        minute: fc.integer({ min: 0, max: 40 }),
        action: fc.constantFrom("ACCEPT", "REJECT"),
        status: fc.constantFrom("OK", "OK", "OK", "NODATA", "SKIPDATA"),
      })
      .filter((r) => r.src !== r.dst);
    fc.assert(
      fc.property(fc.array(rec, { minLength: 1, maxLength: 60 }), fc.boolean(), (rs, reversed) => {
        const lines = rs.map((r) => {
          const start = 1418530000 + r.minute * 60;
          const noPorts = [1, 47, 58].includes(r.p);
          return r.status === "OK"
            ? line(r.eni, r.src, r.dst, noPorts ? 0 : r.sp, noPorts ? 0 : r.dp, r.p, r.bytes, start, r.action)
            : `2 123456789010 ${r.eni} - - - - - - - ${start} ${start + 60} - ${r.status}`;
        });
        // The explainer reads records in any order; the report's figures do not depend on it.
        const input = reversed ? [...lines].reverse() : lines;
        const data = aggregateOf(input);
        const o = oracle(input);
        expect(data.records).toBe(o.records);
        expect(data.topTalkers).toEqual(o.topTalkers);
        expect(data.overTime).toEqual(o.overTime);
        expect(data.verdicts).toEqual(o.verdicts);
        expect(data.topPorts).toEqual(o.topPorts);
        expect(data.conversations).toBe(o.conversations);
        expect(data.approximate).toEqual({});
      }),
      { numRuns: 100 },
    );
  });

  test("past the bound of pairs, ports and refused groups: the heaviest are kept, and the page is told by how much figures may be low", () => {
    const heavy = line(ENI, "10.0.1.5", "192.0.2.44", 41000, 443, 6, 900_000_000, 1418530000, "ACCEPT");
    // Light pairs, each its own client, port and refused group: more than twice each bound.
    const light = Array.from({ length: 2 * KEPT + 500 }, (_, i) =>
      line(ENI, `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, "172.31.16.139", 40000, 1024 + i, 6, 40, 1418530000 + i, "REJECT"),
    );
    const data = aggregateOf([...light.slice(0, 100), heavy, ...light.slice(100)]);
    expect(data.topTalkers[0]).toEqual({ source: "10.0.1.5", destination: "192.0.2.44", bytes: 900_000_000, flows: 1 });
    expect(data.topPorts[0]).toEqual({ port: 443, protocol: 6, service: "https", bytes: 900_000_000, flows: 1 });
    // 20,501 entries: one pruning, at the 20,001st, down to 10,000; each light pair and port weighs 40 bytes, each group 1 record.
    expect(data.approximate).toEqual({
      talkers: { dropped: KEPT, bound: 40 * KEPT },
      ports: { dropped: KEPT, bound: 40 * KEPT },
      refused: { dropped: KEPT, bound: KEPT },
    });
    expect(data.records).toBe(light.length + 1);
    expect([data.topTalkers.length, data.topPorts.length]).toEqual([TOP, TOP]);
  });
});

test("one port over TCP and UDP at the same bytes and flows: TCP first; a format without addresses, times or ports shows none of them", () => {
  const dns = [
    line(ENI, "10.0.1.5", "10.0.0.2", 41000, 53, 17, 500, 1418530000, "ACCEPT"),
    line(ENI, "10.0.1.5", "10.0.0.2", 41001, 53, 6, 500, 1418530000, "ACCEPT"),
  ];
  for (const lines of [dns, [...dns].reverse()]) {
    expect(aggregateOf(lines).topPorts.map((p) => [p.port, p.protocol])).toEqual([
      [53, 6],
      [53, 17],
    ]);
  }
  const format = RecordFormat.parse("${version} ${interface-id} ${bytes} ${action} ${log-status}");
  const data = aggregateOf(["5 eni-0a 900 ACCEPT OK", "5 eni-0a 40 REJECT OK"], undefined, format);
  expect(data.records).toBe(2);
  expect([data.topTalkers, data.overTime, data.topPorts]).toEqual([[], [], []]);
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
