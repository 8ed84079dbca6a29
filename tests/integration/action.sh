#!/usr/bin/env bash
# Run the "Check AI models" step of action.yml the way the Actions runner would (its `run:`
# script under `bash --noprofile --norc -eo pipefail`, inputs in the environment, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files)
# and check what it leaves behind: exit code, step outputs, SARIF file and job summary.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/tools.sh
python_tools
bin="$(modelgate_bin)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
ln -s "$bin" "$work/bin/modelgate"
python3 - action.yml "$work/step.sh" <<'PY'
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
step = next(s for s in action["runs"]["steps"] if s.get("id") == "check")
assert step["shell"] == "bash"
open(sys.argv[2], "w").write(step["run"])
PY

step() { # expected-exit description, inputs as NAME=value in the environment
    local want="$1" what="$2"
    : >"$work/output"
    : >"$work/summary"
    set +e
    PATH="$work/bin:$PATH" GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" \
        bash --noprofile --norc -eo pipefail "$work/step.sh" >"$work/log" 2>&1
    local code=$?
    set -e
    if [ "$code" != "$want" ]; then
        cat "$work/log"
        echo "action: $what: expected exit $want, got $code"
        exit 1
    fi
    grep -qx "exit-code=$want" "$work/output" || { cat "$work/output"; echo "action: $what: no exit-code output"; exit 1; }
    echo "action ok: $what (exit $code)"
}

defaults() {
    export PATHS="." CONFIG="" POLICY="" FORMAT=github FAIL_ON=error BASELINE="" SARIF_FILE="" SUMMARY=true
}

defaults
PATHS="examples/open-source-stack" SARIF_FILE="$work/out/results.sarif" step 0 "clean example, SARIF and summary"
grep -qx "sarif-file=$work/out/results.sarif" "$work/output"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["version"] == "2.1.0"' "$work/out/results.sarif"
grep -q "^### modelgate: ✅ passed" "$work/summary"

defaults
PATHS="examples/image-studio
tests/fixtures/basic" step 1 "two paths, violations annotated"
grep -q "^::error file=examples/image-studio/ai-models.yaml,.*title=no-non-commercial" "$work/log"
grep -q "^::error file=tests/fixtures/basic/ai-models.yaml" "$work/log"
grep -q "^### modelgate: ❌ failed" "$work/summary"

defaults
PATHS="tests/fixtures/basic" BASELINE="tests/fixtures/ci-baseline/baseline.json" FAIL_ON=never SUMMARY=false step 0 "baseline and fail-on never"
grep -q "stale baseline entry" "$work/log"
test ! -s "$work/summary"

defaults
PATHS="tests/fixtures/basic" POLICY="tests/fixtures/policy-custom" FORMAT=human FAIL_ON=warning step 1 "policy directory, human format"
grep -q "warnings" "$work/log"

defaults
PATHS="tests/fixtures/bad" step 2 "broken manifest"
grep -q "^::error file=tests/fixtures/bad/" "$work/log"
