#!/usr/bin/env bash
# Runs the store conformance suite on PostgreSQL (make test-postgres). It
# starts a cluster with scripts/postgres.sh unless one is running already, runs
# the tests and stops the cluster it started, whether the tests pass, fail or
# are interrupted; a cluster that was running before is left running.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
go="${GO:-go}"

started=""
cleanup() {
  if [[ -n "$started" ]]; then
    bash scripts/postgres.sh stop || echo "test-postgres: could not stop PostgreSQL" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if ! bash scripts/postgres.sh running; then
  started=1 # set before starting, so that a start that fails half-way is stopped too
fi
url="$(bash scripts/postgres.sh)"
NEWSGRAPH_TEST_POSTGRES="$url" "$go" test -count=1 -run Postgres ./graph/
