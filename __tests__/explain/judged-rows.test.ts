/**
 * `explain` over the results of the verdict queries (Athena's CSV, and the JSON of
 * `get-query-results`): each row said as a conversation is said, with its counts, in English and
 * Japanese; a row that is not one is a problem of its own, named by its row. The rows of real
 * query results are held to the explainer's own sentences in engines/athena-verdicts.test.ts.
 */
import { explainArguments, type ExplainedJudgedRow } from "../../analysis/explain";
import { runExplainCommand } from "../support/explain-run";
import { athenaCsv } from "../support/athena-csv";

const csv = athenaCsv;

const REFUSED_HEADER = [
  "interface_id",
  "client",
  "server",
  "server_port",
  "protocol",
  "verdict",
  "layers",
  "conversations",
  "records",
  "bytes",
  "first_seen",
  "last_seen",
];
const refused = csv([
  REFUSED_HEADER,
  [
    "eni-0a1b2c3d4e5f60718",
    "203.0.113.12",
    "10.0.1.5",
    "22",
    "6",
    "REFUSED_INBOUND",
    "security-group,network-acl",
    "12",
    "40",
    "2400",
    "2026-12-05 10:00:00.000 UTC",
    "2026-12-05 11:30:00.000 UTC",
  ],
  [
    "eni-0a1b2c3d4e5f60718",
    "10.0.1.5",
    "198.51.100.4",
    "443",
    "6",
    "REPLY_REFUSED_BY_ACL_INBOUND",
    "network-acl",
    "1",
    "2",
    "120",
    null,
    null,
  ],
]);

describe("explain over a verdict query's result", () => {
  test("each row in the conversation's sentence, then its counts, time and interface; standard error counts rows, not records", async () => {
    const { stdout, stderr, counts } = await runExplainCommand(explainArguments([]), refused);
    expect(stdout.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(
        /^ {2}\[REFUSED_INBOUND\] 203\.0\.113\.12 → 10\.0\.1\.5:22 \(ssh\): refused on the way in, no reply\. .* \(12 conversations, 40 records, 2,400 bytes; from 2026-12-05 10:00:00\.000 UTC to 2026-12-05 11:30:00\.000 UTC; on eni-0a1b2c3d4e5f60718\)$/,
      ),
      expect.stringMatching(
        /^ {2}\[REPLY_REFUSED_BY_ACL_INBOUND\] 10\.0\.1\.5 → 198\.51\.100\.4:443 \(https\): the request went out and was accepted, the reply was rejected on the way in\. .*network ACL's inbound rules.* \(1 conversation, 2 records, 120 bytes; on eni-0a1b2c3d4e5f60718\)$/,
      ),
    ]);
    expect(stderr).toBe("2 rows of a verdict query's result, 0 problems\n");
    expect(counts.problems).toBe(0);
  });

  test("in Japanese, and as JSON with the row's fields and its layers", async () => {
    const ja = await runExplainCommand(explainArguments(["--lang", "ja"]), refused);
    expect(ja.stdout).toContain("受信時に拒否され、応答はありません");
    expect(ja.stdout).toContain(
      "(12 会話、40 レコード、2,400 バイト、2026-12-05 10:00:00.000 UTC から 2026-12-05 11:30:00.000 UTC、eni-0a1b2c3d4e5f60718)",
    );
    const json = await runExplainCommand(explainArguments(["--json"]), refused);
    const [first] = json.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as ExplainedJudgedRow);
    expect({ ...first, sentence: undefined }).toEqual({
      kind: "judged",
      line: 1,
      interfaceId: "eni-0a1b2c3d4e5f60718",
      client: "203.0.113.12",
      server: "10.0.1.5",
      serverPort: 22,
      protocol: 6,
      verdict: "REFUSED_INBOUND",
      layers: ["security-group", "network-acl"],
      conversations: 12,
      records: 40,
      bytes: 2400,
      firstSeen: "2026-12-05 10:00:00.000 UTC",
      lastSeen: "2026-12-05 11:30:00.000 UTC",
      sentence: undefined,
    });
  });

  test("verdicts by account (get-query-results JSON): a row without ends says who and the verdict's layer, connected ones too", async () => {
    const names = ["aws_account", "verdict", "conversations", "records", "bytes"];
    const rows = [names, ["222222222222", "CONNECTED", "900", "2000", "99999"], ["222222222222", "REFUSED", "3", "3", "180"]];
    const doc = JSON.stringify({
      ResultSet: {
        Rows: rows.map((r) => ({ Data: r.map((v) => ({ VarCharValue: v })) })),
        ResultSetMetadata: { ColumnInfo: names.map((Name) => ({ Name })) },
      },
    });
    const { stdout, stderr } = await runExplainCommand(explainArguments([]), doc);
    expect(stdout).toBe(
      "  [CONNECTED] 222222222222: connected (900 conversations, 2,000 records, 99,999 bytes; account 222222222222)\n" +
        "  [REFUSED] 222222222222: security group or network ACL (3 conversations, 3 records, 180 bytes; account 222222222222)\n",
    );
    expect(stderr).toBe("2 rows of a verdict query's result, 0 problems\n");
  });

  test("--summary leaves the rows as they are: they are counted already", async () => {
    const { stdout } = await runExplainCommand(explainArguments(["--summary"]), refused);
    expect(stdout).toContain("[REFUSED_INBOUND] 203.0.113.12 → 10.0.1.5:22 (ssh)");
  });

  test("a row whose verdict is not one records alone give, or whose count is not a number, is a problem named by its row; the others are said", async () => {
    const bad = csv([
      REFUSED_HEADER,
      ["eni-1", "203.0.113.12", "10.0.1.5", "22", "6", "REFUSED_BY_SECURITY_GROUP", "", "1", "1", "60", null, null],
      ["eni-1", "203.0.113.12", "10.0.1.5", "22", "6", "REFUSED", "firewall", "1", "1", "60", null, null],
      ["eni-1", "203.0.113.12", "10.0.1.5", "22", "6", "REFUSED", "", "many", "1", "60", null, null],
      ["eni-1", "203.0.113.12", "10.0.1.5", "22", "6", "MIXED", "", "1", "1", "60", null, null],
    ]);
    const { stdout, stderr, counts } = await runExplainCommand(explainArguments([]), bad);
    const lines = stdout.split("\n").filter(Boolean);
    expect(lines.slice(0, 3)).toEqual([
      expect.stringMatching(
        /^line 1: not a row of a verdict query's result: verdict "REFUSED_BY_SECURITY_GROUP" is not one records alone give \(CONNECTED, /,
      ),
      'line 2: not a row of a verdict query\'s result: layers "firewall" name no layer (security-group, network-acl, block-public-access)',
      'line 3: not a row of a verdict query\'s result: conversations "many" is not a count',
    ]);
    expect(lines[3]).toMatch(/^ {2}\[MIXED\] /);
    expect(counts.problems).toBe(3);
    expect(stderr).toBe("1 row of a verdict query's result, 3 problems (3 lines not rows of the result)\n");
  });

  test("column names are read as Athena may case them; a result with a verdict but no conversations is records, not a verdict query's", async () => {
    const cased = csv([
      [" Verdict ", "CONVERSATIONS", "Records", "interface_id"],
      ["REFUSED", "2", "3", "eni-1"],
    ]);
    const { stdout } = await runExplainCommand(explainArguments(["--json"]), cased);
    expect(JSON.parse(stdout.trim())).toMatchObject({
      kind: "judged",
      verdict: "REFUSED",
      conversations: 2,
      records: 3,
      bytes: 0,
      interfaceId: "eni-1",
    });
    const records = csv([
      ["srcaddr", "dstaddr", "verdict"],
      ["10.0.1.5", "10.0.2.9", "REFUSED"],
    ]);
    const asRecords = await runExplainCommand(explainArguments(["--json"]), records);
    expect(
      asRecords.stdout
        .trim()
        .split("\n")
        .map((l) => (JSON.parse(l) as { kind: string }).kind),
    ).toEqual(["record"]);
  });

  test("a count, a port or a protocol that is not all digits is a problem, the value cut to 40 characters", async () => {
    const row = (conversations: string, port: string, protocol: string) => [
      "eni-1",
      "203.0.113.12",
      "10.0.1.5",
      port,
      protocol,
      "REFUSED_INBOUND",
      "",
      conversations,
      "1",
      "60",
      null,
      null,
    ];
    const long = "9".repeat(30) + "x".repeat(30);
    const { stdout } = await runExplainCommand(
      explainArguments([]),
      csv([
        REFUSED_HEADER,
        row("12abc", "22", "6"),
        row("a12", "22", "6"),
        row(long, "22", "6"),
        row("1", "22x", "6"),
        row("1", "x22", "6"),
        row("1", "22", "tcp"),
      ]),
    );
    expect(stdout.split("\n").filter(Boolean)).toEqual([
      'line 1: not a row of a verdict query\'s result: conversations "12abc" is not a count',
      'line 2: not a row of a verdict query\'s result: conversations "a12" is not a count',
      `line 3: not a row of a verdict query's result: conversations "${long.slice(0, 40)}" is not a count`,
      'line 4: not a row of a verdict query\'s result: server_port "22x" is not a number',
      'line 5: not a row of a verdict query\'s result: server_port "x22" is not a number',
      'line 6: not a row of a verdict query\'s result: protocol "tcp" is not a number',
    ]);
  });

  test("ICMP and ICMPv6 have no ports: the server without one, the protocol for the service, an ACL rule by type and code; another protocol by its number", async () => {
    const row = (protocol: string, verdict: string, layers: string) => [
      "eni-1",
      "10.0.1.5",
      "203.0.113.50",
      "0",
      protocol,
      verdict,
      layers,
      "1",
      "2",
      "168",
      null,
      null,
    ];
    const { stdout } = await runExplainCommand(
      explainArguments(["--json"]),
      csv([
        REFUSED_HEADER,
        row("1", "REPLY_REFUSED_BY_ACL_INBOUND", "network-acl"),
        row("58", "REPLY_REFUSED_BY_ACL_INBOUND", "network-acl"),
        row("99", "REFUSED_OUTBOUND", "security-group,network-acl"),
      ]),
    );
    const [icmp, icmp6, other] = stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as ExplainedJudgedRow).sentence);
    expect(icmp).toMatch(
      /^10\.0\.1\.5 → 203\.0\.113\.50 \(ICMP\): .*they must allow ICMP from 203\.0\.113\.50 \(ICMP has no ports; an ACL's ICMP rule is by type and code\)/,
    );
    expect(icmp6).toMatch(/^10\.0\.1\.5 → 203\.0\.113\.50 \(ICMPv6\): .*ICMPv6 has no ports/);
    expect(other).toMatch(/^10\.0\.1\.5 → 203\.0\.113\.50 \(protocol 99\): refused on the way out\./);
    expect(other).not.toMatch(/:0\b/);
  });

  test("the layers a row gives are its words: VPC Block Public Access where the row keeps it open, the default layers where the row gives none", async () => {
    const row = (layers: string | null) => [
      "eni-1",
      "203.0.113.12",
      "10.0.1.5",
      "22",
      "6",
      "REFUSED_INBOUND",
      layers,
      "1",
      "1",
      "60",
      null,
      null,
    ];
    const { stdout } = await runExplainCommand(
      explainArguments(["--json"]),
      csv([REFUSED_HEADER, row("security-group, network-acl, block-public-access"), row(null), row("")]),
    );
    const [open, none, empty] = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as ExplainedJudgedRow);
    expect(open.layers).toEqual(["security-group", "network-acl", "block-public-access"]);
    expect(open.sentence).toContain("or VPC Block Public Access refused it");
    for (const r of [none, empty]) {
      expect(r.layers).toEqual(["security-group", "network-acl"]);
      expect(r.sentence).not.toContain("Block Public Access");
    }
  });

  test("a row without an interface or times says none of them; verdicts by interface name the interface as who", async () => {
    const names = ["client", "server", "server_port", "protocol", "verdict", "conversations", "records", "bytes"];
    const { stdout } = await runExplainCommand(
      explainArguments([]),
      csv([names, ["203.0.113.12", "10.0.1.5", "443", "6", "CONNECTED", "1", "2", "120"]]),
    );
    expect(stdout).toBe(
      "  [CONNECTED] 203.0.113.12 → 10.0.1.5:443 (https): request and reply both accepted; the connection worked. (1 conversation, 2 records, 120 bytes)\n",
    );
    const byInterface = await runExplainCommand(
      explainArguments([]),
      csv([
        ["interface_id", "verdict", "conversations", "records", "bytes"],
        ["eni-7", "HOST_RESET", "4", "8", "400"],
      ]),
    );
    expect(byInterface.stdout).toBe("  [HOST_RESET] eni-7: the host reset it (4 conversations, 8 records, 400 bytes; on eni-7)\n");
  });
});
