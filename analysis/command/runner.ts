/**
 * The command runner of the programs that read records (`explain`, `report`, as `npm run` runs
 * them in this repository and as the package ships them): each declares its options once, in a
 * table; from it come the parsing (`node:util`'s `parseArgs`, strict), the usage `--help`
 * prints (named as the user ran the command, listing only what that command takes), and the
 * messages of a bad command line (an unknown option with the one it is likely a typo of, a
 * missing value). The runner handles help, exit codes (0; 1 when some input could not be read;
 * 2 for a bad command line or file) and the heap bound, in one place.
 */
import { parseArgs } from "node:util";
import { boundHeapGrowth, endQuietlyOnClosedPipe } from "./command-line";

/** One option of a command. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  /** How its value reads in the usage (`<file>`); string options only. */
  readonly value?: string;
  /** What it does, in a few words (one line of the usage). */
  readonly help: string;
}

/** A command: how it is run, what it takes, and what its usage says. */
export interface CommandSpec {
  /** The command as the user runs it: `npm run explain --`, `vpc-flow-log-explain`. */
  readonly name: string;
  /** What follows the options in its synopsis: `[file or folder...]`. */
  readonly operands: string;
  /** What it does, before its options. */
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Options of a related command it does not take, each with what to say instead of "unknown option". */
  readonly refused?: Readonly<Record<string, string>>;
  /** Printed after the options. */
  readonly notes?: string;
}

/** A command line that the command cannot take: a message, with exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** The values of a command line read by its table. */
export interface ParsedCommandLine {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly operands: readonly string[];
}

/** The usage the command prints for `--help`, from its table. */
export function usage(spec: CommandSpec): string {
  const width = Math.max(...Object.entries(spec.options).map(([name, o]) => optionText(name, o).length));
  return [
    `usage: ${spec.name} [options] ${spec.operands}`,
    `  ${spec.summary.split("\n").join("\n  ")}`,
    "options:",
    ...Object.entries(spec.options).map(([name, o]) => `  ${optionText(name, o).padEnd(width)}  ${o.help}`),
    "  --help                 this message",
    ...(spec.notes ? [`  ${spec.notes.split("\n").join("\n  ")}`] : []),
  ].join("\n");
}

const optionText = (name: string, o: OptionSpec) => `--${name}${o.type === "string" ? ` ${o.value ?? "<value>"}` : ""}`;

/** The edit distance of two short words (an unknown option against the known ones). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = above;
    }
  }
  return row[b.length];
}

/** The known option an unknown one is likely a typo of, if one is close. */
export function closestOption(spec: CommandSpec, option: string): string | undefined {
  const given = option.replace(/^-+/, "").split("=")[0];
  let best: { name: string; d: number } | undefined;
  for (const name of [...Object.keys(spec.options), "help"]) {
    const d = distance(given, name);
    if (d <= Math.max(1, Math.floor(name.length / 3)) && (!best || d < best.d)) best = { name, d };
  }
  return best && `--${best.name}`;
}

/**
 * Reads a command line by the command's table: its options and its operands (`-` is standard
 * input). Throws a {@link UsageError} naming what is wrong.
 */
export function parseCommandLine(spec: CommandSpec, argv: readonly string[]): ParsedCommandLine {
  const options = Object.fromEntries(
    [...Object.entries(spec.options), ["help", { type: "boolean" } as const] as const].map(([name, o]) => [name, { type: o.type }]),
  );
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values, operands: positionals };
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = (e as Error).message;
    const hint = `(${spec.name} --help lists the options)`;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const option = /'([^']+)'/.exec(message)?.[1] ?? message;
      const refused = spec.refused?.[option.replace(/^-+/, "")];
      if (refused) throw new UsageError(`${option} ${refused}`);
      const near = closestOption(spec, option);
      throw new UsageError(`unknown option ${option}${near ? `; did you mean ${near}?` : ""} ${hint}`);
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const option = /'(--?[\w-]+)/.exec(message)?.[1] ?? "an option";
      throw new UsageError(
        spec.options[option.replace(/^-+/, "")]?.type === "boolean"
          ? `${option} takes no value ${hint}`
          : `${option} needs a value ${hint}`,
      );
    }
    throw new UsageError(`${message} ${hint}`);
  }
}

/**
 * Runs a program: `--help` answered with the usage; the command line read; `run` given it, its
 * exit code set (never `process.exit()`: output still in a pipe is written first). A problem
 * thrown (a bad value, a file that cannot be read) is printed as one line, with exit code 2.
 */
export async function runCommand(
  spec: CommandSpec,
  argv: readonly string[],
  run: (parsed: ParsedCommandLine) => Promise<number>,
): Promise<void> {
  endQuietlyOnClosedPipe();
  boundHeapGrowth();
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(`${usage(spec)}\n`);
    return;
  }
  try {
    process.exitCode = await run(parseCommandLine(spec, argv));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  }
}
