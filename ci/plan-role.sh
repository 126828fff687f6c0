#!/usr/bin/env bash
# Decides whether a stack gets a real plan: it needs its state in S3 and a plan role, the ARN
# in the repository variable $ROLE_VARIABLE (passed in as $ROLE_ARN). Prints `arn=<role>` for
# $GITHUB_OUTPUT, or a notice saying why the real plan is skipped.
set -euo pipefail
if [ "${BACKEND:-}" != "s3" ]; then
  echo "::notice title=Real plan skipped (${STACK})::${STACK} keeps its state locally; only the offline plan runs."
elif [ -z "${ROLE_ARN:-}" ]; then
  echo "::notice title=Real plan skipped (${STACK})::No plan role: set the repository variable ${ROLE_VARIABLE} to the ARN of a read-only role in ${STACK}'s account that trusts this repository's GitHub OIDC tokens."
else
  echo "arn=${ROLE_ARN}"
fi
