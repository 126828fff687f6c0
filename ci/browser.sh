#!/usr/bin/env bash
# The report's browser tests need Chromium and a CJK font (without one, Japanese renders as
# boxes). Installs them from Debian's or Ubuntu's packages when missing: `chromium` on Debian;
# on Ubuntu (GitHub's runners) `chromium` is a snap shim, and Google Chrome is preinstalled,
# which the tests find by name. Root or sudo is needed only when something is missing.
set -euo pipefail
have_browser() { command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; }
# grep reads to the end (no -q): under pipefail, grep -q leaving early fails fc-list with SIGPIPE.
have_font() { fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null; }
if have_browser && have_font; then
  echo "browser: $(command -v chromium || command -v google-chrome || echo "$CHROMIUM_PATH"), CJK font present"
  exit 0
fi
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
packages=(fonts-noto-cjk)
have_browser || packages+=(chromium)
as_root apt-get update -qq
DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
if have_browser && have_font; then
  echo "browser: installed ${packages[*]}"
else
  echo "browser: still missing after installing ${packages[*]}" >&2
  exit 1
fi
