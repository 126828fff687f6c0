// Per test run: a temp folder for all that the tests and the programs they start leave there
// (cdktf's test apps, Terraform's working directories and provider sockets, browsers' profiles),
// removed at the end of the run (each would otherwise leave hundreds of folders in /tmp); a
// directory for the plans several test files need (tools/terraform/plan-cache.ts), in it; and
// the build of the tree (tsc: type-check and dist/), started beside the tests instead of
// before them. Test files that need dist/ wait for it (support/build.ts); typecheck.test.ts
// fails the run on a type error. A run of the unit project alone needs neither.
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.join(__dirname, "..", "..");

module.exports = async () => {
  if (!process.env.NM_TEST_RUN_TMP) {
    const run = fs.mkdtempSync(path.join(os.tmpdir(), "nm-test-run-"));
    process.env.NM_TEST_RUN_TMP = run;
    process.env.NM_TEST_RUN_TMP_OWNED = "1";
    // Read by os.tmpdir() in the test workers and by every program they start.
    process.env.TMPDIR = run;
  }
  if (!process.env.NM_TERRAFORM_PLAN_CACHE) {
    process.env.NM_TERRAFORM_PLAN_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), "nm-plans-"));
    process.env.NM_TERRAFORM_PLAN_CACHE_OWNED = "1";
  }
  const argv = process.argv.join(" ");
  const unitOnly = ["unit", "engines"].includes(process.env.TEST_PROJECT ?? "") || /--selectProjects[= ](unit|engines)(\s|$)/.test(argv);
  if (unitOnly || process.env.NM_BUILD_STATUS) return;
  const status = path.join(process.env.NM_TERRAFORM_PLAN_CACHE, "build.json");
  process.env.NM_BUILD_STATUS = status;
  const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
  const child = spawn(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (c) => (output += c));
  child.stderr.on("data", (c) => (output += c));
  globalThis.nmBuild = new Promise((resolve) =>
    child.on("close", (code) => {
      fs.writeFileSync(`${status}.tmp`, JSON.stringify({ code, output }));
      fs.renameSync(`${status}.tmp`, status);
      resolve();
    }),
  );
};
