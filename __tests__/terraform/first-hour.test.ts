/**
 * The first hour of a new user: in a copy of the repository that has run only the README's
 * set-up (`npm ci && npm run synth`: here node_modules is linked, not installed again, and
 * there is no dist/), every command README and `help` give that needs no AWS account runs, in
 * the order they are written. Green unit tests can hide a missing build step; this cannot
 * (`plan:offline` once read a dist/ that only another command built). Last, what
 * `cdktf synth | diff | deploy | destroy` run (the app command of cdktf.json) must build from
 * the current sources, or a user deploys the configuration of the last build.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AWS_PROVIDER, findTerraform } from "../../tools/terraform";

const root = path.join(__dirname, "..", "..");
const setup = findTerraform(AWS_PROVIDER);
const required = process.env.REQUIRE_TERRAFORM === "1";
if (!setup.ok && !required) process.stderr.write(`SKIPPED the offline plan of the first-hour test: ${setup.reason}\n`);

describe("a fresh clone, after the README's set-up only", () => {
  let clone: string;
  /** Runs an npm script in the clone as a user would type it; its output and exit code. */
  const npm = (args: string[], input?: string) => {
    // The user's environment: none of what a test runner or the cdktf CLI may have set.
    const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
    delete env.CDKTF_OUTDIR;
    delete env.CDKTF_CONTEXT_JSON;
    const r = spawnSync("npm", ["run", "--silent", ...args], {
      cwd: clone,
      env,
      encoding: "utf8",
      input,
      timeout: 240_000,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  /** Fails with what the command printed when it did not exit 0. */
  const succeeded = (r: { status: number | null; stdout: string; stderr: string }, what: string) => {
    if (r.status !== 0) throw new Error(`${what} exited ${r.status}:\n${r.stderr.slice(-1500)}\n${r.stdout.slice(-500)}`);
  };

  beforeAll(() => {
    clone = fs.mkdtempSync(path.join(os.tmpdir(), "nm-first-hour-"));
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
      .split("\0")
      .filter(Boolean);
    for (const f of files) {
      if (!fs.existsSync(path.join(root, f))) continue; // deleted, not yet committed
      fs.mkdirSync(path.dirname(path.join(clone, f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(clone, f));
    }
    fs.symlinkSync(path.join(root, "node_modules"), path.join(clone, "node_modules"));
    expect(fs.existsSync(path.join(clone, "dist"))).toBe(false);
  });

  afterAll(() => {
    if (clone) fs.rmSync(clone, { recursive: true, force: true });
  });

  test("npm run synth writes every stack", () => {
    succeeded(npm(["synth"]), "npm run synth");
    expect(fs.readdirSync(path.join(clone, "cdktf.out", "stacks")).sort()).toEqual([
      "dev",
      "log-archive",
      "prod",
      "staging",
      "state-bootstrap",
    ]);
  });

  (setup.ok || required ? test : test.skip)(
    "npm run plan:offline -- --out plans dev, then npm run plan:summary -- plans/dev.json (README: Offline plan, Review a change)",
    () => {
      const plan = npm(["plan:offline", "--", "--out", "plans", "dev"]);
      succeeded(plan, "npm run plan:offline -- --out plans dev");
      expect(plan.stdout).toMatch(/^ {2}dev: \d+ to add, 0 to change, 0 to destroy$/m);
      const summary = npm(["plan:summary", "--", "plans/dev.json"]);
      succeeded(summary, "npm run plan:summary -- plans/dev.json");
      expect(summary.stdout).toMatch(/^### `dev`: \d+ to add, 0 to change, 0 to destroy, 0 to replace$/m);
    },
  );

  test("npm run cost -- dev, and npm run explain on a record from standard input", () => {
    const cost = npm(["cost", "--", "dev"]);
    succeeded(cost, "npm run cost -- dev");
    expect(cost.stderr).toBe("");
    expect(cost.stdout).toMatch(/^dev \(ap-northeast-1\): \$\d+\.\d\d a month$/m);
    const record = "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 49761 80 6 20 4249 1418530010 1418530070 REJECT OK\n";
    const explain = npm(["explain"], record);
    succeeded(explain, "npm run explain");
    expect(explain.stdout).toContain("203.0.113.12:49761 → 172.31.16.139:80 (http) TCP, 20 packets, 4249 bytes, REJECTED.");
  });

  test("npm run schema rewrites nothing in a fresh clone; a data file in environments/ is an environment of the compiled app", () => {
    const schema = npm(["schema"]);
    succeeded(schema, "npm run schema");
    expect(schema.stdout).toBe("");
    const yaml = fs
      .readFileSync(path.join(clone, "docs", "configuration.md"), "utf8")
      .match(/```yaml\n(# yaml-language-server[\s\S]*?)```/)?.[1];
    expect(yaml).toMatch(/^name: qa$/m);
    fs.writeFileSync(path.join(clone, "environments", "qa.yaml"), yaml as string);
    try {
      // The app as `cdktf synth` runs it (compiled under dist/ by the synth above), reading the data files beside the sources.
      const names = execFileSync(process.execPath, ["-p", "require('./dist/environments').environments.map((e) => e.name).join(' ')"], {
        cwd: clone,
        encoding: "utf8",
      });
      expect(names.trim()).toBe("dev staging prod qa");
      // A data file that cannot be read: the app says so in one message, with no stack trace.
      fs.writeFileSync(path.join(clone, "environments", "qa.yaml"), "name: qa\n  region: [\n");
      const app = spawnSync(process.execPath, ["dist/main.js"], { cwd: clone, encoding: "utf8" });
      expect(app.status).toBe(1);
      expect(app.stderr).toMatch(/^Invalid environment files:\n {2}- environments\/qa\.yaml: not valid YAML: /);
      expect(app.stderr).not.toMatch(/^\s+at |node:internal/m);
    } finally {
      fs.rmSync(path.join(clone, "environments", "qa.yaml"));
    }
  });

  test("every command answers --help with its usage and exit code 0", () => {
    for (const [script, usage] of [
      ["cost", "usage: npm run cost"],
      ["explain", "usage: npm run explain"],
      ["report", "usage: npm run report"],
      ["plan-summary", "usage: npm run plan:summary"],
      ["plan-offline", "usage: npm run plan:offline"],
      ["schema", "usage: npm run schema"],
    ]) {
      // The compiled entries, as the npm scripts run them after their build (done above).
      const r = spawnSync(process.execPath, [path.join(clone, "dist", "scripts", `${script}.js`), "--help"], {
        cwd: clone,
        encoding: "utf8",
      });
      expect([script, r.status, r.stdout.startsWith(usage), r.stderr]).toEqual([script, 0, true, ""]);
    }
    // A reader that stops early (`| head`) ends the output quietly: no EPIPE stack trace. The
    // output is made larger than a pipe's buffer (64 KB), or nothing would be cut.
    const prod = Array(6).fill("--stack cdktf.out/stacks/prod").join(" ");
    const piped = spawnSync("sh", ["-c", `"${process.execPath}" dist/scripts/cost.js --json ${prod} | head -1`], {
      cwd: clone,
      encoding: "utf8",
    });
    expect([piped.stdout, piped.stderr]).toEqual(["[\n", ""]);
  });

  test("the app command of cdktf.json synthesizes what the sources say now, not what was last built", () => {
    // The last build (by the commands above) says 30 days; the source is changed to 7 after it.
    expect(fs.readFileSync(path.join(clone, "dist", "environments", "dev.js"), "utf8")).toContain("retentionInDays: 30");
    const file = path.join(clone, "environments", "dev.ts");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("retentionInDays: 30", "retentionInDays: 7"));
    const app = (JSON.parse(fs.readFileSync(path.join(clone, "cdktf.json"), "utf8")) as { app: string }).app;
    const outdir = path.join(clone, "out");
    // As the cdktf CLI runs it: a shell, CDKTF_OUTDIR set.
    execFileSync("sh", ["-c", app], { cwd: clone, env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" }, stdio: "pipe" });
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "dev", "cdk.tf.json"), "utf8")) as {
      resource: { aws_cloudwatch_log_group: Record<string, { retention_in_days: number }> };
    };
    expect(Object.values(json.resource.aws_cloudwatch_log_group)[0].retention_in_days).toBe(7);
  });
});
