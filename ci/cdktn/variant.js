#!/usr/bin/env node
/**
 * `node ci/cdktn/variant.js <dir>`: turns the checkout copied to <dir> into its CDK Terrain
 * variant, as docs/library.md tells a consumer: `cdktf` aliased to `cdktn` (the version this
 * project pins as a dev dependency), the CLI `cdktn-cli` beside cdktf's, and the AWS provider's
 * bindings (which peer `cdktf ^0.21`) told to take the alias. The example app
 * (examples/platform-team) gets the same alias and override, so that the packed-library test
 * installs its consumer on cdktn too. The sources are not touched: imports stay `cdktf`.
 */
const fs = require("node:fs");
const path = require("node:path");

const dir = process.argv[2];
if (!dir) {
  process.stderr.write("usage: node ci/cdktn/variant.js <copy of the checkout>\n");
  process.exitCode = 2;
} else {
  const edit = (file, change) => {
    const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
    change(pkg);
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
  };
  const root = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const version = root.devDependencies.cdktn;
  const alias = `npm:cdktn@${version}`;
  const override = { "@cdktf/provider-aws": { cdktf: "$cdktf" } };
  edit(path.join(dir, "package.json"), (pkg) => {
    pkg.devDependencies.cdktf = alias;
    pkg.devDependencies["cdktn-cli"] = version;
    pkg.overrides = override;
  });
  edit(path.join(dir, "examples", "platform-team", "package.json"), (pkg) => {
    pkg.dependencies.cdktf = alias;
    pkg.overrides = override;
  });
}
