/**
 * `node dist/ci/cdktn/validate.js [<cdktf.out>]`: `terraform validate` of every stack an app
 * synthesized (`cdktn synth` here), with the real AWS provider from the local mirror and no
 * network. Prints each stack's result; a failing exit code when one is invalid or Terraform
 * cannot run.
 */
import { AWS_PROVIDER, defaultOutdir, findTerraform, synthesizedStacks, TerraformWorkspace } from "../../tools/terraform";

async function main(outdir: string): Promise<number> {
  const setup = findTerraform(AWS_PROVIDER);
  if (!setup.ok) {
    process.stderr.write(`validate: cannot run: ${setup.reason}\n`);
    return 2;
  }
  const stacks = synthesizedStacks(outdir);
  if (stacks.length === 0) {
    process.stderr.write(`validate: no synthesized stack in ${outdir}\n`);
    return 1;
  }
  let invalid = 0;
  for (const stack of stacks) {
    const ws = new TerraformWorkspace(setup, stack.dir);
    const v = await ws.validate().finally(() => ws.dispose());
    process.stdout.write(`${stack.name}: ${v.valid ? "valid" : `${v.error_count} error(s) ${JSON.stringify(v.diagnostics)}`}\n`);
    if (!v.valid) invalid++;
  }
  return invalid > 0 ? 1 : 0;
}

main(process.argv[2] ?? defaultOutdir()).then(
  (code) => (process.exitCode = code),
  (e: Error) => {
    process.stderr.write(`validate: ${e.message}\n`);
    process.exitCode = 1;
  },
);
