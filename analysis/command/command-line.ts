/**
 * What the command-line entries (the scripts, and the shipped explain and report commands) do
 * the same way: answer `--help`, end quietly when their reader goes away, write their files
 * whole or not at all, and (those that stream records) bound their heap's growth.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Prints `usage` and returns true when the arguments ask for help (`--help`, `-h`). */
export function answeredHelp(args: readonly string[], usage: string): boolean {
  if (!args.some((a) => a === "--help" || a === "-h")) return false;
  process.stdout.write(usage.endsWith("\n") ? usage : `${usage}\n`);
  return true;
}

/** A reader that goes away (`| head`) ends the output, not the program with an EPIPE stack trace. */
export function endQuietlyOnClosedPipe(): void {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
  });
}

export { boundHeapGrowth } from "../../constructs/shared/speed-patches";

/**
 * Writes `data` to `file` whole or not at all: into a temporary file in the same folder, then
 * renamed over `file` (a rename within one file system replaces it at once). A run that fails
 * or is stopped while writing leaves an earlier `file` as it was, and no temporary file behind.
 */
export function replaceFile(file: string, data: string | Uint8Array): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } catch (e) {
    fs.rmSync(temporary, { force: true });
    throw e;
  }
}

/** The same file, whichever path names it: its device and inode when it exists, else its absolute path. */
function fileIdentity(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.dev}:${s.ino}`;
  } catch {
    return path.resolve(file);
  }
}

/**
 * Throws when `out` names one of `inputs` (by any path: relative, absolute, a link): a command
 * that writes its output over what it reads would lose the input.
 */
export function refuseOutputThatIsInput(flag: string, out: string, inputs: readonly string[]): void {
  const target = fileIdentity(out);
  const input = inputs.find((i) => i !== "-" && fileIdentity(i) === target);
  if (input !== undefined)
    throw new Error(
      `${flag} ${out} is an input of this run (${input}): writing there would replace the records with the output; choose another file`,
    );
}

/**
 * Runs from the folder the user ran `npm run <script>` in: npm starts a script in the package's
 * root and names the user's folder in `INIT_CWD`, so that `npm run explain -- flow.log` from a
 * subfolder would look for flow.log in the root. Only when npm started this very script
 * (`npm_lifecycle_event`): a program started by another (a test run by `npm test`) inherits
 * the variable, not its meaning. The scripts that take paths call this first; what they load of
 * the repository they find by their own path, not the working folder.
 */
export function runInUserFolder(script: string): void {
  const folder = process.env.INIT_CWD;
  if (process.env.npm_lifecycle_event !== script || !folder || folder === process.cwd() || !fs.existsSync(folder)) return;
  process.chdir(folder);
}
