#!/usr/bin/env bash
# Browser tests: builds the binary (with the committed frontend/dist), starts it on a fresh
# SQLite database with an admin user, and runs frontend/e2e in Debian's Chromium.
#
#   scripts/e2e/run.sh            # the committed web build
#   scripts/e2e/run.sh --build    # rebuild frontend/dist first (npm run build)
#   scripts/e2e/run.sh -- FILTER  # only tests whose "file name" contains FILTER
#
# Without Chromium (/usr/bin/chromium, or $CHROMIUM) it says so and exits 0, except under CI,
# where it fails. Screenshots land in frontend/e2e/screenshots/ (ignored by git).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build_web=0
filter=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build_web=1 ;;
    --) shift; filter="${1:-}"; break ;;
    *) echo "usage: $0 [--build] [-- FILTER]" >&2; exit 2 ;;
  esac
  shift
done

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ -n "${CI:-}" ]; then
    echo "browser tests: no Chromium at $chromium (apt-get install -y chromium)" >&2
    exit 1
  fi
  echo "browser tests skipped: no Chromium at $chromium (apt-get install -y chromium)"
  exit 0
fi

cd "$root/frontend"
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
if [ "$build_web" = 1 ]; then
  npm run build
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

cd "$root"
go build -o "$work/centerstage" .

db="sqlite:$work/e2e.db"
password="e2e-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
port="${E2E_PORT:-$((20000 + RANDOM % 20000))}"
export CENTERSTAGE_TZ=Asia/Shanghai
"$work/centerstage" migrate --db "$db" >/dev/null
"$work/centerstage" user create --db "$db" --username admin --password "$password" --role admin --name "管理员" >/dev/null
"$work/centerstage" serve --db "$db" --addr "127.0.0.1:$port" >"$work/server.log" 2>&1 &
server_pid=$!

base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  if curl -fsS "$base/readyz" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "the server did not start:" >&2
    cat "$work/server.log" >&2
    exit 1
  fi
  sleep 0.1
done
if ! curl -fsS "$base/readyz" >/dev/null 2>&1; then
  echo "the server did not become ready within 10 s:" >&2
  cat "$work/server.log" >&2
  exit 1
fi

cd "$root/frontend"
status=0
BASE_URL="$base" ADMIN_USERNAME=admin ADMIN_PASSWORD="$password" CHROMIUM="$chromium" \
  npm run --silent e2e -- ${filter:+"$filter"} || status=$?
if [ "$status" != 0 ]; then
  echo "--- server log (last 40 lines) ---"
  tail -n 40 "$work/server.log"
fi
exit "$status"
