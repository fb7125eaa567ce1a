#!/usr/bin/env bash
# The one test command: static checks, the Go suite on SQLite, the same suite
# on MySQL when CENTERSTAGE_TEST_MYSQL holds a server DSN (required when
# CI=true), the benchmark harness at scale S (answers only), the
# two-instance booking race, the multi-master tests on a
# two-node Galera cluster (under CI=true), and the web app's checks, unit tests,
# the check that the committed dist is the build of src, and browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }
mysql_dsn="${CENTERSTAGE_TEST_MYSQL:-}"

if [[ "${CI:-}" == "true" && -z "$mysql_dsn" ]]; then
	echo "CI=true needs CENTERSTAGE_TEST_MYSQL (e.g. root:@tcp(127.0.0.1:3306)/)" >&2
	exit 1
fi

# The web app's node_modules can hold stray Go files; test only our packages.
mapfile -t pkgs < <(go list ./... | grep -v /node_modules/)
if [[ ${#pkgs[@]} -eq 0 ]]; then
	echo "go list found no packages" >&2
	exit 1
fi

step "gofmt and go vet"
unformatted=$(gofmt -l $(git ls-files '*.go'))
if [[ -n "$unformatted" ]]; then
	echo "gofmt would change: $unformatted" >&2
	exit 1
fi
go vet "${pkgs[@]}"

step "golangci-lint (.golangci.yml)"
mapfile -t dirs < <(go list -f '{{.Dir}}' ./... | grep -v /node_modules/)
# Other checkouts on the machine may lint at the same time; golangci-lint
# refuses to start beside another run unless told it may.
go run github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0 run --allow-parallel-runners "${dirs[@]}"

step "go test on SQLite"
CENTERSTAGE_TEST_MYSQL= go test -count=1 "${pkgs[@]}"

if [[ -n "$mysql_dsn" ]]; then
	step "go test on MySQL ($mysql_dsn)"
	CENTERSTAGE_TEST_MYSQL="$mysql_dsn" go test -count=1 "${pkgs[@]}"
else
	echo "skipping the MySQL run: CENTERSTAGE_TEST_MYSQL is not set"
fi

# The harness at scale S: every operation over HTTP beside its raw-SQL floor,
# answers compared; a smoke test, no timing is asserted (figures: BENCHMARKS.md).
step "benchmark harness, scale S on SQLite (answers against the raw-SQL floor)"
scripts/bench/run.sh --scale S --db sqlite

if [[ -n "$mysql_dsn" ]]; then
	step "two server instances racing for one slot on MySQL"
	bash scripts/race.sh "$mysql_dsn"
else
	echo "skipping the two-instance race: it needs MySQL (CENTERSTAGE_TEST_MYSQL)"
fi

# The multi-master tests start their own two-node Galera cluster: CI runs
# them; elsewhere set CENTERSTAGE_CLUSTER=1 (root, mariadb-server, galera-4).
if [[ "${CI:-}" == "true" || "${CENTERSTAGE_CLUSTER:-}" == "1" ]]; then
	step "multi-master: two instances on a two-node Galera cluster"
	bash scripts/cluster/test.sh
else
	echo "skipping the Galera cluster tests: they run under CI=true or CENTERSTAGE_CLUSTER=1 (see scripts/cluster/test.sh)"
fi

if [[ -f frontend/package.json ]]; then
	if command -v npm >/dev/null; then
		step "web app: lint, type check, unit tests"
		(cd frontend && { [[ -d node_modules ]] || npm ci --no-audit --no-fund; } && npm run lint && npm run typecheck && npm test)
		step "web app: the API types are generated from the OpenAPI document"
		(cd frontend && npm run --silent gen:api >/dev/null)
		if ! git diff --exit-code --stat -- frontend/src/api/openapi.json frontend/src/api/schema.ts; then
			echo "frontend/src/api/openapi.json or schema.ts is not what the server makes; run npm run gen:api in frontend and commit both" >&2
			exit 1
		fi
		# A work branch does not commit dist (CONTRIBUTING.md); skip the check
		# there with CENTERSTAGE_DIST_CHECK=skip. Main and CI always check.
		if [[ "${CENTERSTAGE_DIST_CHECK:-}" == "skip" && "${CI:-}" != "true" ]]; then
			echo "skipping the dist check (CENTERSTAGE_DIST_CHECK=skip)"
		else
			step "web app: the committed dist is the build of src"
			scripts/check-dist.sh
		fi
		step "web app: browser tests"
		scripts/e2e/run.sh
	elif [[ "${CI:-}" == "true" ]]; then
		echo "CI=true needs Node.js and npm for the web app's tests" >&2
		exit 1
	else
		echo "skipping the web app's tests: npm is not installed"
	fi
fi

step "all tests passed"
