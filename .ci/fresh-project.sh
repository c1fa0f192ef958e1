#!/usr/bin/env bash
# A fresh project, as a user has it: installs the packed tarballs ($1, from package-checks.sh)
# with plain npm next to neverthrow 8.1.1, type-checks every package README's ```ts block and
# the consumer files of .ci/fresh/consumer with TypeScript 6 and 5.7 (the documented minimum),
# then runs each block (`types-only` ones excepted, the testkit's under vitest).
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

PACK=$(realpath "$1")
# Outside the repository, so that nothing resolves from the workspace's node_modules.
FRESH=$(mktemp -d "${TMPDIR:-/tmp}/apexproof-fresh.XXXXXX")
trap 'rm -rf "$FRESH"' EXIT
plan=$(node .ci/fresh/setup.mjs "$PACK" "$FRESH")
t=$SECONDS
# One retry, fetching metadata afresh: a registry or cache hiccup (once: ETARGET for a version
# published two days earlier) is not a packaging failure; a real one fails both times.
check "fresh project: npm install of the tarballs" \
  bash -c "cd '$FRESH' && { npm install --no-audit --no-fund --loglevel=error ||
    { sleep 5; npm install --no-audit --no-fund --loglevel=error --prefer-online; }; }"
echo "     (npm install took $((SECONDS - t))s)"

in_fresh() { (cd "$FRESH" && "$@"); }
one_neverthrow() {
  local found
  found=$(cd "$FRESH" && find node_modules -path '*/neverthrow/package.json' | xargs -r grep -h '"version"' | sort -u)
  echo "$found"
  [ "$(echo "$found" | wc -l)" = 1 ] && echo "$found" | grep -q '"8.1.1"'
}
check "fresh project: one neverthrow, the consumer's 8.1.1" one_neverthrow
check "fresh project: README snippets + neverthrow 8.1.1 consumer type-check (TypeScript 6.0)" \
  in_fresh node node_modules/typescript/bin/tsc -p tsconfig.json
check "fresh project: the same with TypeScript 5.7 (documented minimum)" \
  in_fresh node node_modules/typescript57/bin/tsc -p tsconfig.json --noEmit
check "fresh project: every entry point's declarations, skipLibCheck off (TypeScript 6.0)" \
  in_fresh node node_modules/typescript/bin/tsc -p tsconfig.decl.json
check "fresh project: the same with TypeScript 5.7" \
  in_fresh node node_modules/typescript57/bin/tsc -p tsconfig.decl.json
check "fresh project: @apexproof/better-auth's declarations, better-auth's own skipped (TypeScript 6.0 and 5.7)" \
  bash -c "cd '$FRESH' && node node_modules/typescript/bin/tsc -p tsconfig.decl-libs.json && node node_modules/typescript57/bin/tsc -p tsconfig.decl-libs.json"
check "fresh project: undici's fetch fits FetchLike with DOM lib + @types/node" \
  in_fresh node node_modules/typescript/bin/tsc -p tsconfig.dom.json
check "fresh project: neverthrow 8.1.1 consumer runs" in_fresh node out/consumer/neverthrow.js

while IFS=$'\t' read -r mode file readme block; do
  name="fresh project: $readme block $block"
  case $mode in
    run) check "$name runs" in_fresh timeout 120 node "out/snippets/${file%.ts}.js" ;;
    vitest) check "$name passes under vitest" in_fresh timeout 300 node node_modules/vitest/vitest.mjs run "snippets/$file" ;;
    *) echo "     $name: type-checked only" ;;
  esac
done < <(node -e 'for (const s of JSON.parse(process.argv[1])) console.log([s.mode, s.file, s.readme, s.block].join("\t"))' "$plan")
