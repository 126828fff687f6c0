import type { App } from "cdktf";
import type { IConstruct } from "constructs";

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
  app.synth();
  const underCli = options.underCli ?? process.env.CDKTF_CONTEXT_JSON !== undefined;
  if (underCli) return;
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  for (const line of annotationLines(app)) write(line);
}
