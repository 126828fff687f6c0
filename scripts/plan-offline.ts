/**
 * `npm run plan:offline -- [env...]`: a `terraform plan` of synthesized stacks with the real
 * AWS provider and no AWS credentials or network (see scripts/terraform.ts). Prints each plan
 * and its summary line. With no argument, plans every stack.
 */
import * as path from "node:path";
import { describeSetup, findTerraform, planCounts, synthesizedStacks, TerraformWorkspace } from "./terraform";

async function main(): Promise<number> {
  const outdir = process.env.CDKTF_OUTDIR ?? path.join(process.cwd(), "cdktf.out");
  const setup = findTerraform();
  if (!setup.ok) {
    console.error(`plan:offline: cannot run: ${setup.reason}`);
    return 2;
  }
  const stacks = synthesizedStacks(outdir);
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !stacks.some((s) => s.name === w));
  if (unknown.length > 0) {
    console.error(`plan:offline: no synthesized stack ${unknown.join(", ")}; stacks are ${stacks.map((s) => s.name).join(", ")}`);
    return 2;
  }
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

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
