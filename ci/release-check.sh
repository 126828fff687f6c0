#!/usr/bin/env bash
# Refuses a release whose tag is not v<the version in package.json>.
set -euo pipefail
tag="$1"
version="$(node -p 'require("./package.json").version')"
if [ "$tag" != "v$version" ]; then
  echo "release: tag $tag does not name package.json's version $version (expected v$version)" >&2
  exit 1
fi
echo "release: $tag"
