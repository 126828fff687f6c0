#!/usr/bin/env bash
# Posts <file> as a comment on pull request $PR of $REPO, or updates the comment that starts
# with the same first line (the marker plan:summary writes), so that a PR has one plan comment.
set -euo pipefail
file="$1"
marker="$(head -n 1 "$file")"
case "$marker" in "<!-- "*" -->") ;; *) echo "sticky-comment: $file does not start with a marker line" >&2; exit 1 ;; esac
id="$(gh api --paginate "repos/$REPO/issues/$PR/comments" --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | head -n 1)"
if [ -n "$id" ]; then
  gh api --method PATCH "repos/$REPO/issues/comments/$id" -F "body=@$file" --jq .html_url
else
  gh api --method POST "repos/$REPO/issues/$PR/comments" -F "body=@$file" --jq .html_url
fi
