#!/usr/bin/env bash
# The runtime matrix (docs/runtimes.md). Installs Deno, Bun, workerd and Node 22 and 24 from
# their npm packages (cached in .tmp/ci/runtimes), then:
#  - runs every workspace test file that needs no Node API (core, memory, the quickstart story,
#    … found by .ci/matrix/build-tests.mjs) in Node 20, Deno, Bun and workerd (no nodejs_compat);
#  - runs a user's bundle of the published entry points (quickstart story, DoH main entry
#    against a local DoH upstream, wire and JSON) in the same four runtimes;
#  - runs the same portable tests and bundles on Node 22, and the whole vitest suite on Node 22
#    and 24 (Node 20, the machine's, runs it in .ci/run): every supported Node line runs
#    everything. APEXPROOF_CI_NODES chooses the lines (e.g. "24.9.0" for a quicker local run).
# Counts go to $CI_RESULTS (see .ci/lib.sh). Expects `pnpm install` and `pnpm build` done.
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh

RT=.tmp/ci/runtimes
OUT=.tmp/ci/matrix
VERSIONS=(deno@2.9.6 bun@1.4.5 workerd@1.20261117.1)
# Node lines that run the whole suite, besides the machine's Node 20 (.ci/run).
read -r -a NODES <<<"${APEXPROOF_CI_NODES:-22.23.3 24.9.0}"
mkdir -p "$RT" "$OUT"

install_in() { # install_in <dir> <packages…>: npm install once per version set
  local dir=$1
  shift
  if [ "$(cat "$dir/.installed" 2>/dev/null)" != "$*" ]; then
    mkdir -p "$dir"
    (cd "$dir" && echo '{"private":true}' >package.json &&
      npm install --no-audit --no-fund --no-save --loglevel=error "$@" >/dev/null) &&
      echo "$*" >"$dir/.installed"
  fi
}
start=$SECONDS
install_in "$RT/js" "${VERSIONS[@]}"
# Node 22 also runs the portable tests and bundles; the lines in NODES run the whole suite.
NODE22=22.23.3
install_in "$RT/node22" "node@$NODE22"
for v in "${NODES[@]}"; do install_in "$RT/node${v%%.*}" "node@$v"; done
BIN=$RT/js/node_modules/.bin
echo "runtimes installed in $((SECONDS - start))s: node $(node -v), deno $("$BIN/deno" --version | head -n 1 | cut -d' ' -f2), bun $("$BIN/bun" --version), workerd $("$BIN/workerd" --version | cut -d' ' -f2), node $("$RT/node22/node_modules/.bin/node" -v)"

# The local DoH upstream (a Node server on 127.0.0.1, port chosen by the system).
# One process (no pnpm/tsx wrapper), so that killing it stops the server.
node --import tsx .ci/matrix/doh-upstream.ts >"$OUT/upstream.json" 2>"$OUT/upstream.log" &
upstream=$!
trap 'kill "$upstream" 2>/dev/null' EXIT
for _ in $(seq 1 120); do
  [ -s "$OUT/upstream.json" ] && break
  sleep 0.5
done

node .ci/matrix/build-tests.mjs "$OUT" | tail -n 1
node .ci/matrix/build-published.mjs "$OUT" "$(head -n 1 "$OUT/upstream.json")"
for m in tests published; do
  sed "s/@MODULE@/$m.worker.mjs/" .ci/matrix/workerd.capnp.in >"$OUT/$m.capnp"
  for r in node deno bun; do
    printf 'globalThis.__RUNTIME__ = "%s";\nawait import("./%s.mjs");\n' "$r" "$m" >"$OUT/$m.$r.mjs"
  done
done

run_in() { # run_in <runtime> <bundle>
  local runtime=$1 m=$2 log="$OUT/$2.$1.log" t=$SECONDS
  case $runtime in
    node) node "$OUT/$m.node.mjs" ;;
    node22) "$RT/node22/node_modules/.bin/node" "$OUT/$m.node.mjs" ;;
    # --allow-env: only vitest's expect reads NO_COLOR/FORCE_COLOR; the packages need none.
    deno) "$BIN/deno" run --allow-env --allow-net=127.0.0.1 "$OUT/$m.deno.mjs" ;;
    bun) "$BIN/bun" "$OUT/$m.bun.mjs" ;;
    workerd) "$BIN/workerd" test "$OUT/$m.capnp" ;;
  esac >"$log" 2>&1
  record_result "$m in $runtime ($((SECONDS - t))s)" "$log"
}
for runtime in node node22 deno bun workerd; do
  run_in "$runtime" tests
  run_in "$runtime" published
done
kill "$upstream" 2>/dev/null

# The whole suite on the other supported Node lines.
for v in "${NODES[@]}"; do
  major=${v%%.*}
  report=node_modules/.cache/vitest-node$major.json
  rm -f "$report"
  t=$SECONDS
  PATH="$PWD/$RT/node$major/node_modules/.bin:$PATH" node node_modules/vitest/vitest.mjs run \
    --config vitest.workspace.ts --outputFile.json="$report" >"$OUT/suite.node$major.log" 2>&1
  read -r p f s <<<"$(vitest_counts "$report")"
  record "$p" "$f" "$s" "whole suite on Node $major"
  echo "whole suite on Node $major ($((SECONDS - t))s): $p passed, $f failed, $s skipped"
  [ "$f" = 0 ] || grep -aE '(FAIL|✗|×) ' "$OUT/suite.node$major.log" | head -n 30 | sed 's/^/     /'
done
echo "matrix done in $((SECONDS - start))s"
