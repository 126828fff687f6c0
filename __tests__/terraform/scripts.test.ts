/**
 * The command-line scripts as CI runs them: output through a pipe (CI logs are pipes) arrives
 * whole, and no script ends the process before its output is written. Runs the compiled
 * scripts in dist/ (`npm test` compiles first).
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TerraformPlan } from "../../tools/terraform";

import { distBuilt } from "../support/build";
import { constructFilesLoaded, writeLoadProbe } from "../support/load-probe";

const root = path.join(__dirname, "..", "..");

beforeAll(() => distBuilt());

/** The project's scripts and tools, as source. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sources(p) : d.name.endsWith(".ts") ? [p] : [];
  });
}

/** Runs a compiled script with stdout to a pipe read slowly, as a busy log collector would. */
function runPiped(script: string, args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "dist", "scripts", script), ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.pause();
    // Start reading only after a while: a script that forced its exit would lose what the pipe did not take.
    setTimeout(() => child.stdout.resume(), 500);
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout: Buffer.concat(chunks).toString("utf8") }));
  });
}

/** A plan of `n` resources to add, as `terraform show -json` writes it. */
function bigPlan(n: number): TerraformPlan {
  return {
    format_version: "1.2",
    resource_changes: Array.from({ length: n }, (_, i) => ({
      address: `aws_cloudwatch_query_definition.q${i}`,
      mode: "managed" as const,
      type: "aws_cloudwatch_query_definition",
      name: `q${i}`,
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: { actions: ["create"], before: null, after: {} },
    })),
  };
}

describe("scripts through a pipe", () => {
  test("no script or tool ends the process with process.exit (it cuts output still in a pipe)", () => {
    const files = [...sources(path.join(root, "scripts")), ...sources(path.join(root, "tools"))];
    expect(files.length).toBeGreaterThan(10);
    const offenders = files.filter((f) => /process\.exit\s*\(/.test(fs.readFileSync(f, "utf8"))).map((f) => path.relative(root, f));
    expect(offenders).toEqual([]);
  });

  test("plan:summary writes all of a long summary to a slow pipe, and its exit code", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-pipe-"));
    try {
      fs.writeFileSync(path.join(dir, "dev.json"), JSON.stringify(bigPlan(3000)));
      const ok = await runPiped("plan-summary.js", ["--title", "Big", path.join(dir, "dev.json")]);
      expect(ok.code).toBe(0);
      expect(Buffer.byteLength(ok.stdout)).toBeGreaterThan(200_000);
      const rows = ok.stdout.split("\n").filter((l) => l.startsWith("| ➕ add | `aws_cloudwatch_query_definition.q"));
      expect(rows).toHaveLength(3000);
      expect(ok.stdout).toContain("`aws_cloudwatch_query_definition.q2999`");

      const bad = await runPiped("plan-summary.js", [path.join(dir, "missing.json")]);
      expect(bad.code).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the app run with plain node", () => {
  const run = (env: NodeJS.ProcessEnv) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-app-"));
    try {
      const r = spawnSync(process.execPath, [path.join(root, "dist", "main.js")], {
        env: { ...process.env, ...env, CDKTF_OUTDIR: outdir },
        encoding: "utf8",
      });
      return { status: r.status, stderr: r.stderr, stacks: fs.readdirSync(path.join(outdir, "stacks")).sort() };
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  };

  test("prints the notes the cdktf CLI would print (here: the one suppressed security rule)", () => {
    const env = { ...process.env };
    delete env.CDKTF_CONTEXT_JSON;
    const plain = run(env);
    expect(plain.status).toBe(0);
    expect(plain.stacks).toEqual(["dev", "log-archive", "prod", "staging", "state-bootstrap"]);
    expect(plain.stderr).toMatch(
      /^INFO \[state-bootstrap\/example-network-monitoring-tfstate\/bucket\]: SUPPRESSED NM-S3-ENCRYPTION .*Reason: /m,
    );
  });
});

describe("npm run bench", () => {
  test.each([
    ["generated-50", 51],
    ["archive-50", 50],
  ])(
    "%s: the generated environments synthesize through runApp and pass the security rules (the bench measures a synth that succeeds)",
    (scenario, stacks) => {
      const r = spawnSync(process.execPath, [path.join(root, "dist", "scripts", "bench.js"), "--child", scenario], { encoding: "utf8" });
      expect([r.status, r.stderr]).toEqual([0, ""]);
      expect((JSON.parse(r.stdout) as { stacks: number }).stacks).toBe(stacks);
    },
  );
});

describe("the explain and report scripts", () => {
  /** Runs a compiled script on one record from standard input; with how many files of cdktf, @cdktf or constructs it loaded. */
  const loading = (dir: string, script: string, args: string[]) => {
    const record = "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 49761 22 6 20 4249 1418530010 1418530070 REJECT OK\n";
    const r = spawnSync(process.execPath, ["--require", writeLoadProbe(dir), path.join(root, "dist", "scripts", script), ...args], {
      cwd: root,
      input: record,
      encoding: "utf8",
    });
    return { status: r.status, stdout: r.stdout, loaded: constructFilesLoaded(r.stderr) };
  };

  test("without --env they load no construct (the environments, and cdktf with them, only for --env)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-scripts-"));
    try {
      const plain = loading(dir, "explain.js", []);
      expect([plain.status, plain.loaded]).toEqual([0, 0]);
      expect(loading(dir, "report.js", ["--out", path.join(dir, "r.html")]).loaded).toBe(0);
      expect(fs.statSync(path.join(dir, "r.html")).size).toBeGreaterThan(0);
      const withEnv = loading(dir, "explain.js", ["--env", "dev"]);
      expect(withEnv.stdout).toContain("203.0.113.12:49761 → 172.31.16.139:22 (ssh) TCP");
      expect(withEnv.loaded).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("paths are the user's", () => {
  test("npm run explain and report from a subfolder read and write paths relative to it (INIT_CWD), not to the repository", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-user-folder-"));
    try {
      fs.writeFileSync(
        path.join(dir, "flow.log"),
        "2 123456789010 eni-1235b8ca123456789 203.0.113.12 172.31.16.139 49761 22 6 20 4249 1418530010 1418530070 REJECT OK\n",
      );
      // npm starts a script in the package's root, names the user's folder in INIT_CWD and the script in npm_lifecycle_event.
      const run = (script: string, args: string[]) =>
        spawnSync(process.execPath, [path.join(root, "dist", "scripts", script), ...args], {
          cwd: root,
          env: { ...process.env, INIT_CWD: dir, npm_lifecycle_event: script.replace(/\.js$/, "") },
          encoding: "utf8",
        });
      const explain = run("explain.js", ["flow.log"]);
      expect([explain.status, explain.stderr]).toEqual([0, "1 record, 1 conversation, 0 problems\n"]);
      expect(explain.stdout).toContain("flow.log:1: ");
      const report = run("report.js", ["flow.log", "--out", "page.html"]);
      expect(report.status).toBe(0);
      expect(fs.existsSync(path.join(dir, "page.html"))).toBe(true);
      // Started by another script (npm test), the variable is inherited, not meant: paths stay the working folder's.
      const inherited = spawnSync(process.execPath, [path.join(root, "dist", "scripts", "explain.js"), "flow.log"], {
        cwd: root,
        env: { ...process.env, INIT_CWD: dir, npm_lifecycle_event: "test" },
        encoding: "utf8",
      });
      expect(inherited.stdout).toContain("flow.log:0: not a record: no such file or folder");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the test projects, by folder", () => {
  /** The files a test script would run, as jest lists them. */
  const listed = (script: "test:unit" | "test:engines" | "test:terraform", ...args: string[]) => {
    // A jest of its own, with none of this run's variables (its worker id, its plan cache, its project).
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(JEST_|NM_|TEST_PROJECT$)/.test(k)));
    const r = spawnSync("npm", ["run", "--silent", script, "--", ...args, "--listTests"], {
      cwd: root,
      env,
      encoding: "utf8",
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`npm run ${script} -- ${args.join(" ")} --listTests exited ${r.status}: ${r.stderr}`);
    return r.stdout
      .split("\n")
      .filter((l) => l.endsWith(".test.ts"))
      .map((l) => path.relative(root, l))
      .sort();
  };
  const testFiles = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
      const p = path.join(dir, d.name);
      return d.isDirectory() ? testFiles(p) : d.name.endsWith(".test.ts") ? [path.relative(root, p)] : [];
    });

  test("terraform/ is the terraform project, engines/ the engines project and every other folder unit: a new file lands by its folder", () => {
    const all = testFiles(path.join(root, "__tests__")).sort();
    const under = (folder: string) => all.filter((f) => f.startsWith(path.join("__tests__", folder) + path.sep));
    const terraform = under("terraform");
    const engines = under("engines");
    expect(terraform.length).toBeGreaterThanOrEqual(7);
    expect(engines.length).toBeGreaterThanOrEqual(1);
    expect(listed("test:terraform")).toEqual(terraform);
    expect(listed("test:engines")).toEqual(engines);
    expect(listed("test:unit")).toEqual(all.filter((f) => !terraform.includes(f) && !engines.includes(f)));
  });

  test("npm run test:unit -- <file> runs that file; -- <folder> that folder", () => {
    expect(listed("test:unit", "__tests__/shared/cidr.test.ts")).toEqual([path.join("__tests__", "shared", "cidr.test.ts")]);
    expect(listed("test:unit", "__tests__/monitoring/")).toEqual([
      path.join("__tests__", "monitoring", "delivery-watch.test.ts"),
      path.join("__tests__", "monitoring", "filter-patterns.test.ts"),
      path.join("__tests__", "monitoring", "monitoring.test.ts"),
      path.join("__tests__", "monitoring", "queries.test.ts"),
      path.join("__tests__", "monitoring", "transit-gateway-monitoring.test.ts"),
    ]);
  });
});
