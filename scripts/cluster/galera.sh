#!/usr/bin/env bash
# A two-node MariaDB Galera cluster on loopback ports, for tests: built from
# Debian's mariadb-server and galera-4, with its own data folders, and never
# touching a MariaDB already running on 3306.
#
#   scripts/cluster/galera.sh start   # start both nodes, wait until both are synced
#   scripts/cluster/galera.sh stop    # stop both nodes by their process ids
#   scripts/cluster/galera.sh stop 2  # stop node 2 only; node 1 goes on alone
#   scripts/cluster/galera.sh status  # show each node's state
#
# Node 1 answers on 127.0.0.1:$GALERA_PORT (default 13306), node 2 on the next
# port; both let root in over TCP with an empty password, so the DSNs are
# root:@tcp(127.0.0.1:13306)/ and root:@tcp(127.0.0.1:13307)/.
# GALERA_DIR (default /tmp/centerstage-galera) holds data, sockets and logs.
set -euo pipefail

dir="${GALERA_DIR:-/tmp/centerstage-galera}"
port="${GALERA_PORT:-13306}"
provider="${GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"
mariadbd="$(command -v mariadbd || echo /usr/sbin/mariadbd)"

# Ports of node n (1 or 2): SQL, group communication, incremental and full state transfer.
sql_port() { echo $((port + $1 - 1)); }
gcomm_port() { echo $((port + 1200 + 10 * ($1 - 1))); }
ist_port() { echo $((port + 1201 + 10 * ($1 - 1))); }
sst_port() { echo $((port + 1202 + 10 * ($1 - 1))); }

client() { # client N SQL...: as root over node N's socket
	local n=$1
	shift
	mariadb --no-defaults -uroot -S "$dir/node$n.sock" -N -B -e "$*"
}

node_state() {
	client "$1" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='wsrep_local_state_comment'" 2>/dev/null || true
}

cluster_size() {
	client "$1" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='wsrep_cluster_size'" 2>/dev/null || true
}

start_node() {
	local n=$1
	shift
	local data="$dir/node$n"
	mkdir -p "$data"
	chown mysql:mysql "$data"
	"$mariadbd" --no-defaults \
		--datadir="$data" --user=mysql \
		--bind-address=127.0.0.1 --port="$(sql_port "$n")" \
		--socket="$dir/node$n.sock" --pid-file="$dir/node$n.pidfile" \
		--log-error="$dir/node$n.err" --tmpdir="$dir/tmp" \
		--skip-name-resolve --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		--default-storage-engine=InnoDB --innodb-buffer-pool-size=64M \
		--innodb-flush-log-at-trx-commit=2 --max-connections=300 \
		--wsrep-on=ON --wsrep-provider="$provider" \
		--wsrep-cluster-name=centerstage-test --wsrep-node-name="node$n" \
		--wsrep-node-address=127.0.0.1 \
		--wsrep-cluster-address="gcomm://127.0.0.1:$(gcomm_port 1),127.0.0.1:$(gcomm_port 2)" \
		--wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$(gcomm_port "$n");ist.recv_addr=127.0.0.1:$(ist_port "$n")" \
		--wsrep-sst-receive-address="127.0.0.1:$(sst_port "$n")" \
		--wsrep-sst-method=rsync --binlog-format=ROW --innodb-autoinc-lock-mode=2 \
		"$@" >>"$dir/node$n.out" 2>&1 &
	echo $! >"$dir/node$n.pid"
}

wait_synced() {
	local n=$1 want=$2
	for _ in $(seq 1 120); do
		if ! kill -0 "$(cat "$dir/node$n.pid")" 2>/dev/null; then
			echo "node $n exited; its log:" >&2
			tail -n 40 "$dir/node$n.err" >&2 || true
			return 1
		fi
		if [[ "$(node_state "$n")" == Synced && "$(cluster_size "$n")" -ge "$want" ]]; then
			return 0
		fi
		sleep 0.5
	done
	echo "node $n is not synced after 60 s; its log:" >&2
	tail -n 40 "$dir/node$n.err" >&2 || true
	return 1
}

stop_node() {
	local n=$1 pidf="$dir/node$1.pid"
	[[ -f "$pidf" ]] || return 0
	local pid
	pid="$(cat "$pidf")"
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
		if kill -0 "$pid" 2>/dev/null; then
			echo "node $n (pid $pid) did not stop in 30 s; killing it" >&2
			kill -9 "$pid" 2>/dev/null || true
		fi
	fi
	rm -f "$pidf"
}

case "${1:-}" in
start)
	for n in 1 2; do
		if [[ -f "$dir/node$n.pid" ]] && kill -0 "$(cat "$dir/node$n.pid")" 2>/dev/null; then
			echo "node $n is already running (pid $(cat "$dir/node$n.pid")); run '$0 stop' first" >&2
			exit 1
		fi
	done
	rm -rf "$dir"
	mkdir -p "$dir/tmp"
	chown mysql:mysql "$dir" "$dir/tmp"
	chmod 755 "$dir"
	mariadb-install-db --no-defaults --datadir="$dir/node1" --user=mysql \
		--auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 ||
		{ cat "$dir/install.log" >&2; exit 1; }
	start_node 1 --wsrep-new-cluster
	wait_synced 1 1
	# Created on node 1, replicated to node 2 by its state transfer.
	client 1 "CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''; GRANT ALL ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION"
	start_node 2
	wait_synced 2 2
	wait_synced 1 2
	echo "galera: node 1 on 127.0.0.1:$(sql_port 1), node 2 on 127.0.0.1:$(sql_port 2), both synced"
	;;
stop)
	if [[ -n "${2:-}" ]]; then
		# One node leaves; the other goes on as a cluster of one.
		stop_node "$2"
		echo "galera: node $2 stopped"
		exit 0
	fi
	# The joiner first, so the first node leaves last and cleanly.
	stop_node 2
	stop_node 1
	echo "galera: stopped"
	;;
status)
	for n in 1 2; do
		echo "node $n: $(node_state "$n") (cluster size $(cluster_size "$n"))"
	done
	;;
*)
	echo "usage: $0 start|stop [NODE]|status" >&2
	exit 2
	;;
esac
