#!/usr/bin/env bash
# Installs what the browser tests need: Debian's Chromium (when /usr/bin/chromium
# is missing) and the e2e/ test dependencies (playwright-core only; it drives the
# system Chromium and never downloads a browser of its own). Idempotent.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ ! -x /usr/bin/chromium ]]; then
  echo "install-browser: installing chromium" >&2
  sudo=""
  if [[ "$(id -u)" != 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
/usr/bin/chromium --version >&2 2>/dev/null || true

# playwright-core has no install step that downloads browsers; keep it that way.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
stamp="$root/e2e/node_modules/.newsgraph-lock.sha256"
want="$(sha256sum "$root/e2e/package-lock.json" | cut -d' ' -f1)"
if [[ ! -d "$root/e2e/node_modules/playwright-core" || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
  echo "install-browser: npm ci in e2e/" >&2
  (cd "$root/e2e" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
fi
