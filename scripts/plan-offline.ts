/**
 * `npm run plan:offline -- [--out <dir>] [env...]`: a `terraform plan` of synthesized stacks
 * with the real AWS provider and no AWS credentials or network (tools/terraform). Prints each
 * plan and its summary line. With no environment, plans every stack. `--out` also writes
 * `<dir>/<env>.json` (`terraform show -json`, for `plan:summary`) and `<dir>/<env>.txt`.
 * Stacks are read from CDKTF_OUTDIR, else `cdktf.out`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  AWS_PROVIDER,
  defaultOutdir,
  describeSetup,
  findTerraform,
  planCounts,
  synthesizedStacks,
  TerraformWorkspace,
} from "../tools/terraform";
import { answeredHelp, replaceFile } from "../analysis/command/command-line";

const USAGE =
  "usage: npm run plan:offline -- [--out <dir>] [env...]\n" +
  "  terraform validate and plan of each synthesized stack (CDKTF_OUTDIR, default cdktf.out; all when none is named)\n" +
  "  with the real AWS provider from a local mirror (TF_PROVIDER_MIRROR), fake credentials and no network;\n" +
  "  --out also writes <dir>/<env>.json (for plan:summary) and <dir>/<env>.txt";

async function main(args: string[]): Promise<number> {
  if (answeredHelp(args, USAGE)) return 0;
  const setup = findTerraform(AWS_PROVIDER);
  if (!setup.ok) {
    console.error(`plan:offline: cannot run: ${setup.reason}`);
    return 2;
  }
  const stacks = synthesizedStacks(defaultOutdir());
  const outAt = args.indexOf("--out");
  const out = outAt >= 0 ? args[outAt + 1] : undefined;
  if (outAt >= 0 && !out) {
    console.error("plan:offline: --out needs a directory");
    return 2;
  }
  const wanted = outAt >= 0 ? [...args.slice(0, outAt), ...args.slice(outAt + 2)] : args;
  const unknown = wanted.filter((w) => !stacks.some((s) => s.name === w));
  if (unknown.length > 0) {
    console.error(`plan:offline: no synthesized stack ${unknown.join(", ")}; stacks are ${stacks.map((s) => s.name).join(", ")}`);
    return 2;
  }
  if (out) fs.mkdirSync(out, { recursive: true });
  const chosen = wanted.length > 0 ? stacks.filter((s) => wanted.includes(s.name)) : stacks;
  const summaries: string[] = [];
  for (const stack of chosen) {
    const ws = new TerraformWorkspace(setup, stack.dir);
    try {
      const v = await ws.validate();
      if (!v.valid) {
        console.error(`${stack.name}: terraform validate found ${v.error_count} error(s):\n${JSON.stringify(v.diagnostics, null, 2)}`);
        return 1;
      }
      const { text, plan } = await ws.plan();
      console.log(`==== ${stack.name} ====\n${text}`);
      if (out) {
        replaceFile(path.join(out, `${stack.name}.json`), JSON.stringify(plan));
        replaceFile(path.join(out, `${stack.name}.txt`), text);
      }
      const c = planCounts(plan);
      summaries.push(`${stack.name}: ${c.add} to add, ${c.change} to change, ${c.destroy} to destroy`);
    } finally {
      ws.dispose();
    }
  }
  console.log(`Offline plan (${describeSetup(setup)}; no AWS credentials used):`);
  for (const s of summaries) console.log(`  ${s}`);
  return 0;
}

// The exit code is set, never forced: output written to a pipe is flushed before Node exits.
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  },
);
