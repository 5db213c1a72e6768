#!/usr/bin/env bash
# Checks web/: runs its unit tests, rebuilds the assets and fails if they
# differ from the ones committed under server/web/dist (the build is
# deterministic: content-hashed names, no timestamps). Run it after changing
# anything in web/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root/web"
npm ci --no-audit --no-fund --loglevel=error
npm test --silent
QUIET=1 npm run --silent build

cd "$root"
status="$(git status --porcelain --untracked-files=all -- server/web/dist)"
if ! git diff --exit-code --stat -- server/web/dist || [[ -n "$status" ]]; then
  echo "$status" >&2
  echo "check-web-assets: server/web/dist differs from a fresh build of web/;" >&2
  echo "  run 'cd web && npm ci && npm run build' and commit server/web/dist" >&2
  exit 1
fi
echo "check-web-assets: server/web/dist matches a fresh build"
