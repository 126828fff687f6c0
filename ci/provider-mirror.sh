#!/usr/bin/env bash
# Fills a filesystem mirror with hashicorp/aws $AWS_PROVIDER_VERSION (unless it is there from
# the cache), writes a Terraform CLI config that installs hashicorp providers from it only, and
# exports TF_PROVIDER_MIRROR and TF_CLI_CONFIG_FILE to the following steps.
set -euo pipefail
mirror="$1"
version="${AWS_PROVIDER_VERSION:?AWS_PROVIDER_VERSION is not set}"
if [ ! -d "$mirror/registry.terraform.io/hashicorp/aws/$version" ] && ! ls "$mirror/registry.terraform.io/hashicorp/aws/"*"_${version}_"* >/dev/null 2>&1; then
  work="$(mktemp -d)"
  printf '{"terraform":{"required_providers":{"aws":{"source":"hashicorp/aws","version":"%s"}}}}\n' "$version" > "$work/main.tf.json"
  terraform -chdir="$work" providers mirror -platform=linux_amd64 "$mirror"
  rm -rf "$work"
fi
config="${RUNNER_TEMP:-$(mktemp -d)}/terraformrc"
cat > "$config" <<CONFIG
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/hashicorp/*"]
  }
  direct {
    exclude = ["registry.terraform.io/hashicorp/*"]
  }
}
CONFIG
if [ -n "${GITHUB_ENV:-}" ]; then
  echo "TF_PROVIDER_MIRROR=$mirror" >> "$GITHUB_ENV"
  echo "TF_CLI_CONFIG_FILE=$config" >> "$GITHUB_ENV"
fi
