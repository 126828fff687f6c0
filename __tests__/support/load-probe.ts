/**
 * Which packages a command loaded: a file for `node --require` (or NODE_OPTIONS) that says at
 * exit, on standard error, how many files of cdktf, @cdktf or constructs the process loaded.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const PROBE =
  'process.on("exit", () => process.stderr.write("loaded: " + Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/](cdktf|@cdktf|constructs)[\\\\/]/.test(f)).length + "\\n"));';

/** Writes the probe into `dir`; its path, for `--require`. */
export function writeLoadProbe(dir: string): string {
  const file = path.join(dir, "loaded-probe.js");
  fs.writeFileSync(file, PROBE);
  return file;
}

/** The count the probe printed, from the command's standard error. */
export function constructFilesLoaded(stderr: string): number {
  const m = /^loaded: (\d+)$/m.exec(stderr);
  if (!m) throw new Error(`the load probe printed nothing; standard error was:\n${stderr.slice(-1000)}`);
  return Number(m[1]);
}
