/**
 * What `cdktf synth | diff | deploy | destroy` run is the app command of cdktf.json: it must
 * build from the current sources, or a user deploys the configuration of the last build.
 * In a copy of the project (its build copied too, as a user's checkout would have one), an
 * environment file is edited and the app command run as the CLI runs it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

import { distBuilt } from "./support/build";

const root = path.join(__dirname, "..");

describe("the app command of cdktf.json", () => {
  let copy: string;

  beforeAll(async () => {
    await distBuilt();
    copy = fs.mkdtempSync(path.join(os.tmpdir(), "nm-cli-"));
    const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" })
      .split("\0")
      .filter(Boolean);
    for (const f of files) {
      if (!fs.existsSync(path.join(root, f))) continue; // deleted, not yet committed
      fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(copy, f));
    }
    // The working tree as it is (new files too), and a built checkout: the last build is
    // there, as it is after any earlier synth.
    if (fs.existsSync(path.join(root, "dist"))) fs.cpSync(path.join(root, "dist"), path.join(copy, "dist"), { recursive: true });
    fs.symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"));
  });

  afterAll(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  /** Runs the app command as the cdktf CLI does (a shell, CDKTF_OUTDIR set) and reads dev's log group retention. */
  const synthDevRetention = (): number => {
    const app = (JSON.parse(fs.readFileSync(path.join(copy, "cdktf.json"), "utf8")) as { app: string }).app;
    const outdir = path.join(copy, "out");
    execFileSync("sh", ["-c", app], {
      cwd: copy,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CHECKPOINT_DISABLE: "1" },
      stdio: "pipe",
      timeout: 120_000,
    });
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "dev", "cdk.tf.json"), "utf8")) as {
      resource: { aws_cloudwatch_log_group: Record<string, { retention_in_days: number }> };
    };
    return Object.values(json.resource.aws_cloudwatch_log_group)[0].retention_in_days;
  };

  test("synthesizes what the sources say now, not what was last built", () => {
    // The last build says 30 days; the source is changed to 7 after it.
    expect(fs.readFileSync(path.join(copy, "dist", "environments", "dev.js"), "utf8")).toContain("retentionInDays: 30");
    const file = path.join(copy, "environments", "dev.ts");
    const source = fs.readFileSync(file, "utf8");
    expect(source).toContain("retentionInDays: 30");
    fs.writeFileSync(file, source.replace("retentionInDays: 30", "retentionInDays: 7"));
    expect(synthDevRetention()).toBe(7);
  });
});
