#!/usr/bin/env bash
# The two-instance booking race: builds the binary, starts two `serve`
# processes on one fresh MySQL database and sends them 50 concurrent requests
# for the same slot; exactly one may get 201. Usage: scripts/race.sh DSN
# where DSN is a MySQL server DSN such as 'root:@tcp(127.0.0.1:3306)/'.
set -euo pipefail
cd "$(dirname "$0")/.."
dsn="${1:-${CENTERSTAGE_TEST_MYSQL:-}}"
if [[ -z "$dsn" ]]; then
	echo "usage: scripts/race.sh 'root:@tcp(127.0.0.1:3306)/'" >&2
	exit 2
fi
CENTERSTAGE_RACE=1 CENTERSTAGE_TEST_MYSQL="$dsn" go test -count=1 -v -run TestTwoInstanceRace ./scripts/race/
