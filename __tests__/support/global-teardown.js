const fs = require("node:fs");

module.exports = async () => {
  if (process.env.NM_TERRAFORM_PLAN_CACHE_OWNED === "1") fs.rmSync(process.env.NM_TERRAFORM_PLAN_CACHE, { recursive: true, force: true });
};
