#!/usr/bin/env bash
# The benchmark harness: generates a center (scale S, M or L), starts the
# server binary on it and times every operation over HTTP beside its raw-SQL
# floor, interleaved, failing if an answer differs from the floor's; on MySQL
# it then load-tests bookings on one and two instances. See BENCHMARKS.md.
#
#   scripts/bench/run.sh [--scale S|M|L] [--db sqlite|mysql] [--binary PATH]
#                        [--before PATH] [--only NAME] [--load=false] [--keep]
#
# --db mysql uses CENTERSTAGE_TEST_MYSQL (default root:@tcp(127.0.0.1:3306)/)
# and creates and drops its own databases.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec go run ./scripts/bench/harness "$@"
