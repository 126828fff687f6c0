/**
 * The build of the tree that `npm test` starts beside the tests (support/global-setup.js):
 * test files that run compiled code wait for it. Without it (a single file run by hand), the
 * tree is built here, once per file.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.join(__dirname, "..", "..");

/** The compiler's exit code and output. */
export interface BuildResult {
  readonly code: number | null;
  readonly output: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The build's result, once it has ended. */
export async function buildResult(): Promise<BuildResult> {
  const status = process.env.NM_BUILD_STATUS;
  if (!status) {
    try {
      execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--pretty", "false"], {
        cwd: root,
        stdio: "pipe",
      });
      return { code: 0, output: "" };
    } catch (e) {
      const err = e as { status: number | null; stdout?: Buffer };
      return { code: err.status, output: String(err.stdout ?? "") };
    }
  }
  while (!fs.existsSync(status)) await sleep(200);
  return JSON.parse(fs.readFileSync(status, "utf8")) as BuildResult;
}

/** Waits for dist/ to hold the current sources; throws with the compiler's output when they do not compile. */
export async function distBuilt(): Promise<void> {
  const r = await buildResult();
  if (r.code !== 0) throw new Error(`the tree does not compile, so dist/ is not current:\n${r.output}`);
}
