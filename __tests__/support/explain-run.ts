/** The explain command run in the test's process: its arguments read, standard input given, what it writes kept. */
import { PassThrough, Readable } from "node:stream";
import type { ExplainArguments } from "../../analysis/explain/arguments";
import { runExplain } from "../../analysis/explain/command";

export async function runExplainCommand(args: ExplainArguments, stdin: string | Buffer | readonly (string | Buffer)[] = "") {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks: string[] = [];
  const errors: string[] = [];
  out.on("data", (c: Buffer) => chunks.push(c.toString()));
  err.on("data", (c: Buffer) => errors.push(c.toString()));
  const counts = await runExplain(args, out, err, Readable.from(Array.isArray(stdin) ? stdin : [stdin]));
  return { stdout: chunks.join(""), stderr: errors.join(""), counts };
}
