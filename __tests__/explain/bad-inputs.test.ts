/**
 * The first day's mistakes with explain and report, each refused with a message: a window that
 * cannot hold a record, a day the calendar lacks, a time read as a file, input with no record
 * or with records nothing can be judged from, a file that is not flow logs, values of megabytes
 * quoted whole, a format written with commas or underscores. No message said "no conversation was
 * refused" where nothing was judged, and no run that judged nothing exits 0.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { explainArguments } from "../../analysis/explain/arguments";
import { reportArguments, runReport } from "../../analysis/report/command";
import { runExplainCommand } from "../support/explain-run";

const RECORD = "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 49761 80 6 20 4249 1418530010 1418530070 REJECT OK";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-bad-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
};

describe("a command line refused before anything is read (exit 2)", () => {
  test.each([
    [["--since", "2026-12-02", "--until", "2026-12-01"], /^--since 2026-12-02 is after --until 2026-12-01: no record could be shown/],
    [["--since", "2026-02-30"], /^--since 2026-02-30: 2026-02 has days 1 to 28, not 30$/],
    [["--until", "2026-13-01"], /month 13 is not a month/],
    [["--since", "2026-11-28T25:00"], /25:00 is not a time of day/],
    [["--since", "2014-12-14", "09:00"], /^09:00 is not a file: a date and time is one word \(--since 2014-12-14T09:00\) or quoted/],
    [["--format", "version,account-id,interface-id"], /fields are separated by spaces, not commas/],
    [["--format", "version account_id interface-id"], /"account_id" \(did you mean account-id\?\)/],
    [["--adress", "10.0.0.1"], /did you mean --address\?/],
  ])("%j", (argv, message) => {
    expect(() => explainArguments(argv)).toThrow(message);
  });

  test("a date and time quoted as one word, with a space, is read", () => {
    expect(() => explainArguments(["--since", "2014-12-14 09:00", "--until", "2014-12-14T09:30+09:00"])).toThrow(/is after --until/);
    expect(() => explainArguments(["--since", "2014-12-14 09:00", "--until", "2014-12-14T18:30+09:00"])).not.toThrow();
  });

  test("a value of megabytes is quoted cut, not whole", () => {
    const huge = "x".repeat(10_000_000);
    for (const argv of [
      ["--address", huge],
      ["--format", huge],
      ["--lang", huge],
      ["--since", huge],
      ["--action", huge],
    ]) {
      let message = "";
      try {
        explainArguments(argv);
      } catch (e) {
        message = (e as Error).message;
      }
      expect([argv[0], message.length > 0, message.length < 2000]).toEqual([argv[0], true, true]);
      if (argv[0] !== "--format") expect(message).toContain("(10,000,000 characters)");
    }
  });
});

describe("input that holds nothing to judge is a problem (exit 1), printed on standard error", () => {
  test("empty standard input, an empty file, an empty folder", async () => {
    const stdin = await runExplainCommand(explainArguments([]), "");
    expect(stdin.counts.problems).toBe(1);
    expect(stdin.stderr).toMatch(/^no flow-log record in standard input: nothing was judged$/m);
    const empty = await runExplainCommand(explainArguments([file("flow.log", "")]));
    expect(empty.stderr).toMatch(/no flow-log record in .*flow\.log: nothing was judged/);
    fs.mkdirSync(path.join(dir, "synced"));
    const folder = await runExplainCommand(explainArguments([path.join(dir, "synced")]));
    expect(folder.counts.problems).toBe(1);
    expect(folder.stderr).toMatch(/nothing to read: .*synced holds no file/);
    expect(folder.stdout).not.toContain("No conversation was refused");
  });

  test("records whose format has no addresses: none judged, and why", async () => {
    const lines = ["2 eni-1 6 REJECT OK", "2 eni-1 17 ACCEPT OK"].join("\n");
    const { stderr, counts } = await runExplainCommand(
      explainArguments(["--summary", "--format", "version interface-id protocol action log-status"]),
      lines,
    );
    expect(counts.problems).toBe(1);
    expect(stderr).toContain("2 records could not be judged: their format has no srcaddr, dstaddr, which a conversation needs");
  });

  test("a file that is not flow logs: a run of unreadable lines, then it is left, not read line by line", async () => {
    const readme = file("README.md", Array.from({ length: 1289 }, (_, i) => `# line ${i} of prose`).join("\n"));
    const png = file(
      "picture.png",
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(4000, 0x0a)]),
    );
    const records = file("flow.log", `${RECORD}\n`);
    const { stdout, counts } = await runExplainCommand(explainArguments(["--records", readme, png, records]));
    expect(stdout).toContain(`${readme}: does not look like flow-log records (its first 20 lines are not records of the format`);
    expect(counts.problems).toBeLessThan(50);
    // The file of records after them is read.
    expect(stdout).toContain("203.0.113.12:49761 → 172.31.16.139:80 (http)");
  });

  test("a report of an empty file writes no page, keeps an earlier one, and says why", async () => {
    const out = file("report.html", "an earlier page");
    const counts = await runReport(reportArguments([file("empty.log", ""), "--out", out]), undefined, {
      write: () => true,
    } as unknown as NodeJS.WritableStream as never);
    expect(counts).toMatchObject({ records: 0, bytes: 0 });
    expect(counts.problems).toBeGreaterThan(0);
    expect(fs.readFileSync(out, "utf8")).toBe("an earlier page");
  });
});
