#!/usr/bin/env bash
# Deploys one synthesized stack with the credentials in the environment: init, plan to a file,
# its summary in the job summary, then apply exactly that plan.
set -euo pipefail
stack="$1"
root="$(pwd)"
cd "cdktf.out/stacks/$stack"
terraform init -input=false -no-color
terraform plan -input=false -no-color -out=deploy.tfplan
terraform show -json deploy.tfplan > "$root/$stack.deploy.json"
node "$root/dist/scripts/plan-summary.js" --title "Deploy $stack" "$stack=$root/$stack.deploy.json" >> "${GITHUB_STEP_SUMMARY:-/dev/stdout}"
terraform apply -input=false -no-color deploy.tfplan
