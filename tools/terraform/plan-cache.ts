/**
 * Plans shared between processes: a plan is a pure function of the configuration, the state,
 * the flags, Terraform's version and the provider's, so two test files that plan the same
 * stack against the same state need Terraform to run once. A directory (named by
 * NM_TERRAFORM_PLAN_CACHE, made per test run) holds each plan under the digest of its inputs;
 * the first process to want a plan takes a lock file and makes it, the others wait for it.
 * Failed plans are not kept: a process that finds a failure makes the plan itself.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanResult } from "./plan";

/** The environment variable naming the cache directory; no variable, no cache. */
export const PLAN_CACHE_VARIABLE = "NM_TERRAFORM_PLAN_CACHE";

/** How long a process waits for another's plan before making it itself. */
const WAIT_MS = 240_000;

/** The digest of a plan's inputs. */
export function planKey(parts: readonly string[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(`${p.length}:${p}`);
  return h.digest("hex");
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The plan with this key from the cache, or made by `make` (and kept for the others) when no
 * other process has made or is making it.
 */
export async function cachedPlan(dir: string | undefined, key: string, make: () => Promise<PlanResult>): Promise<PlanResult> {
  if (!dir) return make();
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${key}.json`);
  const lock = path.join(dir, `${key}.lock`);
  const failed = path.join(dir, `${key}.failed`);
  for (const deadline = Date.now() + WAIT_MS; ;) {
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as PlanResult;
    if (fs.existsSync(failed) || Date.now() > deadline) return make();
    let fd: number;
    try {
      fd = fs.openSync(lock, "wx");
    } catch {
      await sleep(250);
      continue;
    }
    fs.closeSync(fd);
    try {
      const result = await make();
      fs.writeFileSync(`${file}.tmp-${process.pid}`, JSON.stringify(result));
      fs.renameSync(`${file}.tmp-${process.pid}`, file);
      return result;
    } catch (e) {
      fs.writeFileSync(failed, "");
      throw e;
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
}
