#!/usr/bin/env bash
# Packaging checks (docs/releasing.md): every public workspace package (found with
# `pnpm ls -r`, so new packages are covered) is packed as npm would publish it, then
#  - its tarball carries LICENSE (and THIRD_PARTY_NOTICES.md where it has one) and no second
#    copy of generated data (`src/**/*.generated.ts`; the built copy in dist is the one used);
#  - publint --strict and attw (esm-only profile) judge it; `pnpm publish -r --dry-run` runs;
#  - no published declaration exposes `any` (scripts/check-public-types.mjs);
#  - the TypeDoc reference in docs/api is rebuilt and must match what is committed;
#  - .ci/fresh-project.sh installs the tarballs in a fresh npm project and runs the READMEs;
#  - scripts/bundle-sizes.mjs bundles each entry point (sizes printed, e-mail list checked).
# Counts go to $CI_RESULTS (see .ci/lib.sh). Expects `pnpm install` and `pnpm build` done.
set -uo pipefail
cd "$(dirname "$0")/.."
source .ci/lib.sh
start=$SECONDS

PACK=.tmp/ci/pack
rm -rf "$PACK"
mkdir -p "$PACK"
mapfile -t dirs < <(pnpm ls -r --depth -1 --json | node -e '
  const list = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const p of list) if (!p.private && p.path !== process.cwd()) console.log(p.path);
')
echo "public packages: ${#dirs[@]}"

check "LICENSE and third-party notices are current (scripts/package-files.mjs --check)" \
  node scripts/package-files.mjs --check
check "no published declaration exposes any (scripts/check-public-types.mjs)" \
  node scripts/check-public-types.mjs

tarball_ok() { # tarball_ok <package dir> <tarball>
  local dir=$1 tgz=$2 listing
  listing=$(tar -tzf "$tgz")
  grep -qx 'package/LICENSE' <<<"$listing" || { echo "no LICENSE"; return 1; }
  cmp -s <(tar -xOzf "$tgz" package/LICENSE) LICENSE || { echo "LICENSE differs from the root's"; return 1; }
  if [ -f "$dir/THIRD_PARTY_NOTICES.md" ]; then
    grep -qx 'package/THIRD_PARTY_NOTICES.md' <<<"$listing" || { echo "no THIRD_PARTY_NOTICES.md"; return 1; }
  fi
  if grep -E '^package/src/.*\.generated\.ts$' <<<"$listing"; then
    echo "generated data shipped twice (src and dist)"
    return 1
  fi
}

for dir in "${dirs[@]}"; do
  name=$(node -p "require('$dir/package.json').name")
  before=$(ls "$PACK")
  (cd "$dir" && pnpm pack --pack-destination "$OLDPWD/$PACK" >/dev/null)
  tgz=$PACK/$(comm -13 <(echo "$before") <(ls "$PACK") | head -n 1)
  check "$name: tarball has LICENSE/notices, no duplicate data" tarball_ok "$dir" "$tgz"
  check "$name: publint --strict" npx --no-install publint --strict "$dir"
  check "$name: attw --profile esm-only" npx --no-install attw "$tgz" --profile esm-only --format ascii
done
check "pnpm publish -r --dry-run" pnpm publish -r --dry-run --no-git-checks
check "API reference in docs/api is current (pnpm docs:api)" bash -c '
  pnpm -s docs:api && git add -N docs/api && git diff --exit-code --stat -- docs/api'
check "bundle sizes per entry point; the e-mail list only where e-mail is used" \
  node scripts/bundle-sizes.mjs --check
bash .ci/fresh-project.sh "$PACK"
echo "package checks done in $((SECONDS - start))s"
