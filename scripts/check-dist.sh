#!/usr/bin/env bash
# Checks that the committed frontend/dist is exactly what the build makes from
# frontend/src (docs/adr/0001-committed-dist.md). It builds into a temporary
# folder, so the working tree's dist is left as it is.
set -euo pipefail
cd "$(dirname "$0")/../frontend"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# The build is only reproducible from the locked dependencies: install them
# again when the lock file changed since node_modules was installed.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
	npm ci --no-audit --no-fund
fi
npx vite build --outDir "$out" --emptyOutDir --logLevel warn

committed=$(mktemp -d)
trap 'rm -rf "$out" "$committed"' EXIT
git archive HEAD dist | tar -x -C "$committed"
if ! diff -r "$committed/dist" "$out" >/dev/null; then
	echo "frontend/dist in HEAD is not the build of frontend/src:" >&2
	diff -rq "$committed/dist" "$out" | sed "s|$committed/dist|committed|; s|$out|built|" | head -20 >&2
	echo "Rebuild it (cd frontend && npm run build) and commit dist/ alone: \"Web app: rebuild dist\"." >&2
	exit 1
fi
echo "frontend/dist is the build of frontend/src"
