# Helpers shared by the CI step scripts (sourced). Each check adds one line
# `<passed> <failed> <skipped> <name>` to $CI_RESULTS; .ci/run adds those counts to vitest's
# into the final `N passed, N failed` line, and fails when any check failed.
CI_RESULTS=${CI_RESULTS:-node_modules/.cache/ci-results.txt}
mkdir -p "$(dirname "$CI_RESULTS")"

record() { # record <passed> <failed> <skipped> <name…>
  echo "$1 $2 $3 ${*:4}" >>"$CI_RESULTS"
}

# check <name> <command…>: one passed or failed check; the output is shown only on failure.
check() {
  local name=$1 log
  shift
  log=$(mktemp)
  local start=$SECONDS
  if "$@" >"$log" 2>&1; then
    record 1 0 0 "$name"
    printf 'ok   %s (%ss)\n' "$name" "$((SECONDS - start))"
  else
    record 0 1 0 "$name"
    printf 'FAIL %s (%ss)\n' "$name" "$((SECONDS - start))"
    tail -n 60 "$log" | sed 's/^/     /'
  fi
  rm -f "$log"
}

# record_result <name> <log>: counts from a `RESULT {"passed":…}` line (missing: one failure).
record_result() {
  local name=$1 log=$2 line
  line=$(grep -a '^RESULT ' "$log" | tail -n 1 | sed 's/^RESULT //')
  if [ -z "$line" ]; then
    record 0 1 0 "$name (no result)"
    echo "FAIL $name: no result line"
    tail -n 40 "$log" | sed 's/^/     /'
    return
  fi
  node -e '
    const r = JSON.parse(process.argv[1]);
    console.log(`${r.passed} ${r.failed} ${r.skipped}`);
  ' "$line" | { read -r p f s; record "$p" "$f" "$s" "$name"; printf '%s: %s passed, %s failed, %s skipped\n' "$name" "$p" "$f" "$s"; }
  grep -a '^FAIL ' "$log" | head -n 20 | sed 's/^/     /'
}

# Counts of a vitest JSON report, in the format of `record` (a file that did not load counts
# as one failure; a missing report as one failure).
vitest_counts() {
  node -e '
    const fs = require("fs");
    const file = process.argv[1];
    if (!fs.existsSync(file)) { console.log("0 1 0"); process.exit(0); }
    const r = JSON.parse(fs.readFileSync(file, "utf8"));
    const broken = r.testResults.filter(
      (t) => t.status === "failed" && !t.assertionResults.some((a) => a.status === "failed"),
    ).length;
    console.log(`${r.numPassedTests} ${r.numFailedTests + broken} ${r.numPendingTests + r.numTodoTests}`);
  ' "$1"
}
