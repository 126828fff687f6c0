import { keepYoungGenerationSmall } from "../shared/speed-patches";
import type { App } from "cdktf";
import type { IConstruct } from "constructs";
import { ConfigError } from "../config/validation/checker";
import { SecurityFindingsError } from "../guardrails/security-rules";
import { withLeanTraces } from "../shared/lean-traces";

/** How each annotation level is shown, as the cdktf CLI shows it. */
const LEVELS: Readonly<Record<string, string>> = { "@cdktf/error": "ERROR", "@cdktf/warn": "WARNING", "@cdktf/info": "INFO" };

/** Every annotation under `scope`, as `LEVEL [path]: message`, in construct order. */
export function annotationLines(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) =>
      c.node.metadata.filter((m) => LEVELS[m.type] !== undefined).map((m) => `${LEVELS[m.type]} [${c.node.path}]: ${String(m.data)}`),
    );
}

/** Options of {@link synthApp}. */
export interface SynthAppOptions {
  /**
   * Whether the cdktf CLI runs the app (it prints the annotations itself, from the manifest).
   * @default true when CDKTF_CONTEXT_JSON, which the CLI sets, is set
   */
  readonly underCli?: boolean;
  /** Where the lines go. @default standard error */
  readonly write?: (line: string) => void;
}

/**
 * Synthesizes the app; run outside the cdktf CLI (`node dist/main.js`), also writes every
 * warning and note to standard error, which otherwise only the manifest would hold (a left-out
 * query, a suppressed security rule, overlapping networks).
 */
export function synthApp(app: App, options: SynthAppOptions = {}): void {
  withLeanTraces(() => app.synth());
  const underCli = options.underCli ?? process.env.CDKTF_CONTEXT_JSON !== undefined;
  if (underCli) return;
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (const line of annotationLines(app)) write(line);
}

/** The start of cdktf's own error when error annotations stop synth (it suggests the variable that hides them). */
const CDKTF_ANNOTATION_ERROR = 'Encountered Annotations with level "ERROR"';

/**
 * Builds and synthesizes an app as a command-line program (an app's `main.ts`): a config
 * mistake or a failing security finding prints the message the docs show (the problems, or
 * one `ERROR [path]: ...` line per finding), with no stack trace, and sets the exit code to 1;
 * any other error is thrown as it is.
 *
 * As a program's, it also keeps the process's young generation at its first size
 * ({@link keepYoungGenerationSmall}).
 */
export function runApp(app: App, build: (app: App) => void, options: SynthAppOptions = {}): void {
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  keepYoungGenerationSmall();
  try {
    withLeanTraces(() => {
      build(app);
      synthApp(app, options);
    });
  } catch (e) {
    if (e instanceof ConfigError || e instanceof SecurityFindingsError) write(e.message);
    else if (e instanceof Error && e.message.startsWith(CDKTF_ANNOTATION_ERROR)) {
      const errors = annotationLines(app).filter((l) => l.startsWith("ERROR "));
      write(
        [
          `Synth stopped: ${errors.length === 1 ? "1 error" : `${errors.length} errors`}:`,
          ...errors,
          "Fix each; a security finding can be accepted on its resource with suppressSecurityRule(resource, ruleId, reason).",
        ].join("\n"),
      );
    } else throw e;
    process.exitCode = 1;
  }
}
