#!/usr/bin/env bash
# Validate what `check --format sarif|junit` emits with independent tools:
#   SARIF: Microsoft SARIF Multitool `validate` (JSON schema + SARIF and GitHub ingestion
#          rules); any error or warning fails, notes (style advice) are listed.
#   JUnit: the Jenkins xunit-plugin JUnit schema (junit-10.xsd) with python xmlschema.
# Each validator is first shown a broken file, to prove it can fail.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/tools.sh

bin="$(modelgate_bin)"
python_tools
xsd="$(junit_xsd)"
multitool="$(sarif_multitool)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Reports to validate: the fixed report of the snapshot tests (with a baseline), file errors,
# a custom policy, level overrides, a manifest named by absolute path, a policy and a baseline
# that do not load (the report holds only the error), and every example.
declare -A runs=(
    [fixed]="tests/fixtures/basic --baseline tests/fixtures/ci-baseline/baseline.json"
    [file-errors]="tests/fixtures/bad"
    [custom]="tests/fixtures/custom --policy tests/fixtures/policy-custom"
    [deny-allow]="tests/fixtures/basic --deny no-proprietary --allow osi-approved"
    [absolute-path]="$PWD/tests/fixtures/basic"
    [policy-error]="tests/fixtures/basic --policy tests/fixtures/policy-syntax"
    [baseline-error]="tests/fixtures/basic --baseline tests/fixtures/policy-syntax/bad.rego"
)
for ex in examples/*/; do
    if find "$ex" -name 'ai-models.y*ml' | grep -q .; then
        runs["example-$(basename "$ex")"]="$ex"
    fi
done

for name in "${!runs[@]}"; do
    # shellcheck disable=SC2086
    for format in sarif junit; do
        set +e
        "$bin" check ${runs[$name]} --format "$format" --output "$work/$name.$format" >/dev/null
        code=$?
        set -e
        if [ "$code" -gt 2 ] || [ ! -s "$work/$name.$format" ]; then
            echo "modelgate failed on $name ($format): exit $code"; exit 1
        fi
    done
done

sarif_check() { # file → prints problems, returns 1 on any error or warning
    local out log="$work/validation.log"
    out="$work/validation-$(basename "$1").sarif"
    rm -f "$out"
    "$multitool" validate "$1" --level "Error;Warning;Note" --rule-kind "Sarif;Gh" \
        --output "$out" >"$log" 2>&1 || { cat "$log"; return 1; }
    python3 - "$out" "$1" <<'PY'
import json, sys
log = json.load(open(sys.argv[1], encoding="utf-8"))
bad, notes = [], {}
for run in log.get("runs", []):
    for r in run.get("results", []):
        level = r.get("level", "warning")
        msg = r.get("message", {})
        text = msg.get("text") or " ".join(msg.get("arguments", []))
        if level in ("error", "warning"):
            bad.append(f"{level} {r.get('ruleId')}: {text}")
        else:
            notes[r.get("ruleId")] = notes.get(r.get("ruleId"), 0) + 1
    for inv in run.get("invocations", []):
        for n in inv.get("toolExecutionNotifications", []):
            if n.get("level") == "error":
                bad.append("tool error: " + n.get("message", {}).get("text", ""))
for b in bad:
    print(f"  {sys.argv[2]}: {b}")
if notes:
    print(f"  {sys.argv[2]}: notes only: " + ", ".join(f"{k}×{v}" for k, v in sorted(notes.items())))
sys.exit(1 if bad else 0)
PY
}

junit_check() {
    python3 - "$xsd" "$1" <<'PY'
import sys, xmlschema
schema = xmlschema.XMLSchema(sys.argv[1])
errors = list(schema.iter_errors(sys.argv[2]))
for e in errors[:5]:
    print(f"  {sys.argv[2]}: {e.reason} at {e.path}")
sys.exit(1 if errors else 0)
PY
}

echo "-- the validators reject broken files"
python3 - "$work/fixed.sarif" "$work/broken.sarif" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
res = log["runs"][0]["results"][0]
res["ruleIndex"] = 999
res["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
json.dump(log, open(sys.argv[2], "w"))
PY
if sarif_check "$work/broken.sarif" >/dev/null; then echo "SARIF Multitool accepted a broken log"; exit 1; fi
sed 's/<testcase /<testcase bogus="1" /' "$work/fixed.junit" >"$work/broken.junit"
if junit_check "$work/broken.junit" >/dev/null; then echo "the JUnit schema accepted a broken report"; exit 1; fi

status=0
for name in $(printf '%s\n' "${!runs[@]}" | sort); do
    if sarif_check "$work/$name.sarif"; then echo "sarif ok: $name"; else status=1; echo "sarif INVALID: $name"; fi
    if junit_check "$work/$name.junit"; then echo "junit ok: $name"; else status=1; echo "junit INVALID: $name"; fi
done
exit $status
