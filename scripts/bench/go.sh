#!/usr/bin/env bash
# Runs the Go benchmarks on SQLite and, when CENTERSTAGE_TEST_MYSQL holds a
# server DSN, on MySQL. Extra arguments go to `go test` (e.g. -bench Counting
# -benchtime 20x). Figures and the commands that produced them are kept in
# BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(-bench . -benchtime 3x)

echo "== SQLite"
CENTERSTAGE_TEST_MYSQL= go test -run '^$' -benchmem "${args[@]}" ./services/

if [[ -n "${CENTERSTAGE_TEST_MYSQL:-}" ]]; then
	echo "== MySQL"
	go test -run '^$' -benchmem "${args[@]}" ./services/
fi
