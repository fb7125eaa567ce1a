#!/usr/bin/env bash
# The multi-master tests: starts a two-node MariaDB Galera cluster on loopback
# ports (scripts/cluster/galera.sh), then runs, against instances on different
# nodes, the booking race (two server processes, 20 rounds of 16 racers), the
# concurrent migration, and the cross-node checks of the refresh token, login
# throttle, signing key, template application, last admin, idempotency key,
# digest claim and demo fill; then the Go suite on MySQL against node 1 alone
# (node 2 stopped). Stops the cluster when done, passed or not. Needs root (the nodes run as the mysql user), mariadb-server, galera-4
# and rsync.
set -euo pipefail
cd "$(dirname "$0")/../.."

export GALERA_PORT="${GALERA_PORT:-13306}"
export GALERA_DIR="${GALERA_DIR:-$(mktemp -d /tmp/centerstage-galera.XXXXXX)}"
node1="root:@tcp(127.0.0.1:${GALERA_PORT})/"
node2="root:@tcp(127.0.0.1:$((GALERA_PORT + 1)))/"

step() { printf '\n==> %s\n' "$*"; }
began=$SECONDS

step "two-node Galera cluster"
scripts/cluster/galera.sh start
trap 'scripts/cluster/galera.sh stop; rm -rf "$GALERA_DIR"' EXIT

mapfile -t pkgs < <(go list ./... | grep -v /node_modules/)

step "across two nodes: booking race and paths, concurrent migration, refresh, throttle, key, templates, last admin, idempotency key, digest, demo"
# The per-round lines and totals are what is worth reading; the servers'
# request logs go to the full log, shown when something failed.
log="$(mktemp)"
if ! CENTERSTAGE_TEST_CLUSTER="$node1,$node2" go test -count=1 -v -run 'TestCluster' ./scripts/race/ ./services/ ./services/counting/ ./services/demo/ >"$log" 2>&1; then
	grep -v '"msg":"request"' "$log" | tail -n 200 >&2
	echo "the cluster tests failed (full log: $log)" >&2
	exit 1
fi
grep -E '^(--- |ok|FAIL)|cluster_test.go' "$log"
rm -f "$log"

# Alone, node 1 is a cluster of one: Galera steps auto-increment ids by the
# cluster size, and the suite's fixtures expect ids 1, 2, 3...
step "go test on one Galera node ($node1), node 2 stopped"
scripts/cluster/galera.sh stop 2
CENTERSTAGE_TEST_MYSQL="$node1" go test -count=1 "${pkgs[@]}"

step "cluster tests passed in $((SECONDS - began)) s"
