/**
 * `node dist/ci/ci-matrix.js [--deployable] [<cdktf.out>]`: the synthesized stacks as a
 * GitHub Actions matrix, `stacks=<json>` for `$GITHUB_OUTPUT` (ci/matrix.ts).
 */
import { ciMatrix } from "./matrix";

const args = process.argv.slice(2);
const outdir = args.find((a) => !a.startsWith("--")) ?? "cdktf.out";
try {
  const matrix = ciMatrix(outdir, { deployable: args.includes("--deployable") });
  if (matrix.length === 0) throw new Error(`no stacks in ${outdir}/manifest.json`);
  process.stdout.write(`stacks=${JSON.stringify(matrix)}\n`);
} catch (e) {
  console.error(`ci-matrix: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 1;
}
