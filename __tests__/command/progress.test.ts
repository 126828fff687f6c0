/** Progress on a terminal, and only there: a line rewritten in place, cleared at the end. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { Progress } from "../../analysis/command/progress";
import { explainArguments } from "../../analysis/explain/arguments";
import { runExplain } from "../../analysis/explain/command";

const RECORD = "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 49761 80 6 20 4249 1418530010 1418530070 REJECT OK";

/** A standard error that is a terminal (or not), keeping what is written to it. */
function stderrOf(tty: boolean): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (tty) stream.isTTY = true;
  const chunks: string[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c.toString()));
  return { stream, text: () => chunks.join("") };
}

describe("progress of a long reading", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-progress-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the line says files, megabytes and records, is rewritten at most every quarter second, and is cleared", () => {
    const file = path.join(dir, "a.log");
    fs.writeFileSync(file, "x".repeat(2_500_000));
    const err = stderrOf(true);
    const p = Progress.on(err.stream, [file, "-"])!;
    p.update(0, 1000, Date.now() + 1000);
    p.update(1, 2000, Date.now() + 1100);
    p.clear();
    const text = err.text();
    // The line is rewritten after a carriage return and an erase-line code (ESC [K).
    const erase = "\r\u001b[K";
    expect(text.startsWith(`${erase}file 1 of 2, 0 of 2.5 MB, 1,000 records, `)).toBe(true);
    expect(text.endsWith(`records/s${erase}`)).toBe(true);
    expect(text.split(erase)).toHaveLength(3);
  });

  test("a summary read with standard error a terminal shows progress and clears it; in a pipe, nothing", async () => {
    const file = path.join(dir, "flow.log");
    fs.writeFileSync(file, `${RECORD}\n`.repeat(2_000));
    for (const tty of [true, false]) {
      const err = stderrOf(tty);
      const out = new PassThrough();
      out.resume();
      await runExplain(explainArguments(["--summary", file]), out, err.stream);
      const text = err.text();
      expect([tty, text.includes("records/s")]).toEqual([tty, tty]);
      // The counts line after it stands on a cleared line.
      expect(text.endsWith("2,000 records, 1 conversation, 0 problems\n")).toBe(true);
      if (tty) expect(text).toContain("\r\x1b[K2,000 records, 1 conversation, 0 problems\n");
    }
  });
});
