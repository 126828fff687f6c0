const fs = require("node:fs");

module.exports = async () => {
  // The build started beside the tests has ended by now (typecheck.test.ts waits for it); wait all the same.
  if (globalThis.nmBuild) await globalThis.nmBuild;
  if (process.env.NM_TERRAFORM_PLAN_CACHE_OWNED === "1") fs.rmSync(process.env.NM_TERRAFORM_PLAN_CACHE, { recursive: true, force: true });
  if (process.env.NM_TEST_RUN_TMP_OWNED === "1") fs.rmSync(process.env.NM_TEST_RUN_TMP, { recursive: true, force: true });
};
