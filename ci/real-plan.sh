#!/usr/bin/env bash
# A real `terraform plan` of one synthesized stack against its deployed state, with the
# credentials already in the environment (a read-only role): the state is read, never locked
# or written. Writes <out>/<stack>.real.txt and <out>/<stack>.real.json.
set -euo pipefail
stack="$1"
out="$(mkdir -p "$2" && cd "$2" && pwd)"
cd "cdktf.out/stacks/$stack"
terraform init -input=false -no-color
terraform plan -lock=false -input=false -no-color -out=real.tfplan | tee "$out/$stack.real.txt"
terraform show -json real.tfplan > "$out/$stack.real.json"
