// A fresh directory per test run for plans that several test files need (tools/terraform/plan-cache.ts).
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

module.exports = async () => {
  if (!process.env.NM_TERRAFORM_PLAN_CACHE) {
    process.env.NM_TERRAFORM_PLAN_CACHE = fs.mkdtempSync(path.join(os.tmpdir(), "nm-plans-"));
    process.env.NM_TERRAFORM_PLAN_CACHE_OWNED = "1";
  }
};
