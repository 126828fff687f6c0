import * as fs from "node:fs";
import * as path from "node:path";

/** A synthesized stack: its name and the directory of its `cdk.tf.json`. */
export interface SynthesizedStack {
  readonly name: string;
  readonly dir: string;
}

/** The synthesized stacks under a cdktf output directory, from its manifest. */
export function synthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { name: string; workingDirectory: string }>;
  };
  return Object.values(manifest.stacks).map((s) => ({ name: s.name, dir: path.join(outdir, s.workingDirectory) }));
}

/** The output directory of a synthesized app: CDKTF_OUTDIR, else `cdktf.out` in the working directory. */
export function defaultOutdir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CDKTF_OUTDIR ?? path.join(process.cwd(), "cdktf.out");
}
