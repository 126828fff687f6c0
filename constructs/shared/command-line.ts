/** What every command-line entry (the scripts, and the shipped explain command) does the same way: answer `--help`, and end quietly when its reader goes away. */

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
