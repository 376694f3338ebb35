#!/usr/bin/env bash
# The performance benchmarks of docs/performance.md, in one command. Each
# prints its numbers; nothing here is timed by a test. About 25 minutes on
# 2 cores (most of it loading the districts).
#
#   scripts/bench.sh            # everything
#   scripts/bench.sh report     # the annual report against the store's floor, 1×–8×
#   scripts/bench.sh load       # the API under load at 1× and 8×
#   scripts/bench.sh import     # Excel import of 10,000 rows
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"

if [[ $what == all || $what == report ]]; then
  echo "== annual report vs floor (services/demo BenchmarkReport)"
  go test ./services/demo/ -run '^$' -bench Report -benchtime 3x -timeout 90m
fi
if [[ $what == all || $what == load ]]; then
  for size in 1 8; do
    echo "== API under load, size ${size}×"
    go run ./scripts/loadtest -size "$size" -duration 60s -users 2
  done
fi
if [[ $what == all || $what == import ]]; then
  echo "== Excel import of 10,000 students (handlers/web BenchmarkImportStudents)"
  go test ./handlers/web/ -run '^$' -bench ImportStudents -benchtime 1x -timeout 30m
  echo "== import parser alone (services/sheets)"
  go test ./services/sheets/ -run '^$' -bench 'Parse10000|Reparse10000' -benchtime 1x
fi
