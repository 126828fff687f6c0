#!/usr/bin/env bash
# The cost of a pull request's change when no real plan priced it (no <plans>/*.real.json: no
# plan role is configured): the base commit, checked out in <base>, is synthesized there and its
# stacks priced against this commit's cdktf.out (npm run cost -- --diff). Appends markdown to
# <out>; a base that does not synthesize is said in a line, never a failure of the comment.
set -euo pipefail
base=$1 plans=$2 out=$3
if compgen -G "$plans/*.real.json" > /dev/null; then
  exit 0
fi
if ! (cd "$base" && npm ci --no-audit --no-fund > /dev/null && CDKTF_OUTDIR="$PWD/cdktf.out" npm run --silent synth > /dev/null); then
  printf '\n_Monthly cost change not computed: the base commit did not synthesize._\n' >> "$out"
  exit 0
fi
printf '\n' >> "$out"
if ! node dist/scripts/cost.js --diff "$base/cdktf.out" cdktf.out >> "$out"; then
  printf '\n_Monthly cost change not computed: see the job log._\n' >> "$out"
fi
