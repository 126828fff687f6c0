/**
 * `--env <name>` of `npm run explain` and `npm run report`: this repository's environments'
 * record formats, by name. The environments (and cdktf, which their config loads) are loaded
 * only when `--env` is given: without it a command reads records with no construct in memory
 * (about 80 MB less at its peak).
 */
import { runInUserFolder } from "../analysis/command/command-line";
import type { RecordFormat } from "../constructs/records/record-format";

/** The formats `--env` may name: none unless `argv` has `--env`, then every environment's (validated). */
export function environmentFormats(argv: readonly string[]): ReadonlyMap<string, RecordFormat> {
  if (!argv.includes("--env")) return new Map();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { validateEnvironments } =
    require("../constructs/config/validation/environment") as typeof import("../constructs/config/validation/environment");
  const { APP_OPTIONS, environments } = require("../environments") as typeof import("../environments");
  /* eslint-enable @typescript-eslint/no-require-imports */
  return new Map(validateEnvironments(environments, APP_OPTIONS).map((e) => [e.name, e.flowLogs.format]));
}

/**
 * Starts `npm run <script>` of a program that reads records (explain, report): paths the user's
 * (see runInUserFolder), then `main` with the formats `--env` may name. A file among the
 * environments that cannot be read is a message, with exit code 2.
 */
export function runWithEnvironmentFormats(
  script: string,
  main: (argv: readonly string[], formats: ReadonlyMap<string, RecordFormat>) => Promise<void>,
): void {
  runInUserFolder(script);
  const argv = process.argv.slice(2);
  let formats: ReadonlyMap<string, RecordFormat>;
  try {
    formats = environmentFormats(argv);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
    return;
  }
  void main(argv, formats);
}
