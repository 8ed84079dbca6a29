#!/usr/bin/env bash
# The pre-commit hooks, run by the real pre-commit (PyPI) through `pre-commit try-repo`
# against a scratch repository: the `modelgate` hook must pass on a clean manifest, fail on a
# violating one (naming the rule), run when a config file changes, and stay out of commits
# that touch neither. pre-commit builds modelgate from this checkout with `cargo install`
# (a release build) for every try-repo; here that build is made unoptimized and its
# dependencies are kept in the tool cache, which takes it from minutes to seconds. What is
# tested, the hook definitions and the binary's behaviour, is the same.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/tools.sh
python_tools

repo="$PWD"
export CARGO_TARGET_DIR="$TOOLS/pre-commit-target"
export CARGO_PROFILE_RELEASE_OPT_LEVEL=0 CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=false
export PRE_COMMIT_HOME="$TOOLS/pre-commit-home"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

git -C "$scratch" init --quiet
git -C "$scratch" config user.email ci@example.invalid
git -C "$scratch" config user.name ci
git -C "$scratch" config commit.gpgsign false

try() { # expected-exit description -- pre-commit try-repo arguments...
    local want="$1" what="$2"
    shift 2
    set +e
    (cd "$scratch" && pre-commit try-repo "$repo" "$@" --color never) >"$scratch.log" 2>&1
    local code=$?
    set -e
    if [ "$code" != "$want" ]; then
        cat "$scratch.log"
        echo "pre-commit: $what: expected exit $want, got $code"
        exit 1
    fi
    echo "pre-commit ok: $what (exit $code)"
}

cat >"$scratch/ai-models.yaml" <<'YAML'
version: 1
project:
  name: scratch
models:
  - id: black-forest-labs/FLUX.1-schnell
    license: Apache-2.0
    revision: 741f7c3ce8b383c54771c7003378a50191e9efe9
YAML
echo "notes" >"$scratch/README.md"
git -C "$scratch" add -A

try 0 "clean manifest passes" modelgate --files ai-models.yaml
grep -q "modelgate.*Passed" "$scratch.log" || { cat "$scratch.log"; exit 1; }

# A violating manifest in a subdirectory: the hook fails and says why.
mkdir -p "$scratch/services/images"
cat >"$scratch/services/images/ai-models.yml" <<'YAML'
version: 1
models:
  - id: black-forest-labs/FLUX.1-dev
    revision: 0ef5fff789c832c5c7f4e127f94c8b54bbcced44
YAML
git -C "$scratch" add -A
try 1 "violating manifest fails" modelgate --files services/images/ai-models.yml
grep -q "no-non-commercial" "$scratch.log" || { cat "$scratch.log"; echo "rule not named"; exit 1; }
grep -q "services/images/ai-models.yml" "$scratch.log" || { cat "$scratch.log"; exit 1; }

# A commit touching only other files does not run the hook.
try 0 "unrelated file skips the hook" modelgate --files README.md
grep -q "no files to check" "$scratch.log" || { cat "$scratch.log"; echo "hook ran"; exit 1; }

# A config file change runs the hook over the repository.
printf 'rules: {}\n' >"$scratch/.modelgate.yaml"
git -C "$scratch" add -A
try 1 "config change checks the manifests" modelgate --files .modelgate.yaml
grep -q "no-non-commercial" "$scratch.log" || { cat "$scratch.log"; exit 1; }

# Fixed: the research environment exempts the model.
printf '    environment: research\n' >>"$scratch/services/images/ai-models.yml"
git -C "$scratch" add -A
try 0 "fixed manifest passes" modelgate --all-files
rm -f "$scratch.log"
