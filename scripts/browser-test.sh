#!/usr/bin/env bash
# Runs the browser tests in e2e/ in headless Chromium. This is the entry point
# CI calls.
#
#   scripts/browser-test.sh
#       builds newsgraph, starts `newsgraph serve --demo` on a free
#       loopback port with a throwaway --db, waits for /healthz, runs the tests
#       and stops the server
#   NEWSGRAPH_URL=http://127.0.0.1:8080 scripts/browser-test.sh
#       tests a server that is already running
#   NEWSGRAPH_E2E_STRICT=1 scripts/browser-test.sh
#       also fails on the tests marked todo (known server-side gaps)
#
# Screenshots go to test-output/screenshots/, the server's log to
# test-output/server.log.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-browser.sh
mkdir -p test-output
rm -rf test-output/screenshots

pid=""
tmp=""
# cleanup stops the server this script started (SIGTERM, then SIGKILL after
# 10 s), whether the tests passed, failed or were interrupted.
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  if [[ -n "$tmp" ]]; then rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z "${NEWSGRAPH_URL:-}" ]]; then
  tmp="$(mktemp -d)"
  port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
  addr="127.0.0.1:$port"
  echo "browser-test: building cmd/newsgraph" >&2
  go build -o "$tmp/newsgraph" ./cmd/newsgraph
  echo "browser-test: starting newsgraph serve --demo on $addr" >&2
  # a feed a test adds (addFeed) is polled at once
  "$tmp/newsgraph" serve --demo --addr "$addr" --db "$tmp/newsgraph.db" >test-output/server.log 2>&1 &
  pid=$!

  export NEWSGRAPH_URL="http://$addr"
  deadline=$((SECONDS + 180))
  until curl -fsS -o /dev/null "$NEWSGRAPH_URL/healthz" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "browser-test: the server exited before it was healthy; its log:" >&2
      cat test-output/server.log >&2
      exit 1
    fi
    if ((SECONDS > deadline)); then
      echo "browser-test: $NEWSGRAPH_URL/healthz not ready after 180 s; server log:" >&2
      cat test-output/server.log >&2
      exit 1
    fi
    sleep 0.2
  done
  echo "browser-test: server healthy at $NEWSGRAPH_URL" >&2
fi

cd "$root/e2e"
status=0
node --test --test-concurrency=1 --test-timeout=120000 tests/*.test.mjs || status=$?
echo "browser-test: screenshots in test-output/screenshots/" >&2
exit "$status"
