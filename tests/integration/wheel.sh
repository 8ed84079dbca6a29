#!/usr/bin/env bash
# The Python wheel (pyproject.toml, maturin `bindings = "bin"`, PyPI name modelgate-cli) and
# the toolchain-free pre-commit hooks (pre-commit-mirror/):
#   1. maturin builds the wheel (reusing the release build in target/ when there is one);
#   2. `pip install` of that wheel into a fresh virtual environment, with no cargo or rustc
#      on PATH, puts a working `modelgate` on PATH: `check` on the bundled examples;
#   3. the mirror layout, as its own git repository, with its pin pointing at that wheel
#      (a local wheelhouse, no package index): `pre-commit run --all-files` in a scratch
#      repository installs the hook and runs it, again with no cargo on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/tools.sh
python_tools
maturin="$(maturin_bin)"

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
grep -q "\"modelgate-cli==$version\"" pre-commit-mirror/setup.py ||
    { echo "pre-commit-mirror/setup.py does not pin modelgate-cli==$version (Cargo.toml's version)"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

# 1. The wheel.
start=$(date +%s%N)
"$maturin" build --release --locked --out "$work/wheelhouse" >"$work/maturin.log" 2>&1 ||
    { cat "$work/maturin.log"; echo "maturin build failed"; exit 1; }
wheel="$(ls "$work"/wheelhouse/modelgate_cli-"$version"-*.whl)"
echo "wheel: $(basename "$wheel") ($(( $(stat -c %s "$wheel") / 1024 )) KiB, built in $(ms "$start") ms)"
python3 - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
scripts = [n for n in names if ".data/scripts/" in n]
assert any(n.endswith("/scripts/modelgate") for n in scripts), names
meta = zipfile.ZipFile(sys.argv[1]).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
assert "Name: modelgate-cli" in meta, meta[:300]
PY

nocargo="$(path_without_cargo)"
if PATH="$nocargo" command -v cargo >/dev/null || PATH="$nocargo" command -v rustc >/dev/null; then
    echo "could not make a PATH without cargo"; exit 1
fi

# 2. A fresh virtual environment, no cargo: pip install the wheel, run check.
python3 -m venv "$work/venv"
start=$(date +%s%N)
PATH="$nocargo" "$work/venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
echo "pip install of the wheel into a fresh venv: $(ms "$start") ms"
(
    export PATH="$work/venv/bin:$nocargo"
    test "$(command -v modelgate)" = "$work/venv/bin/modelgate"
    modelgate --version
    modelgate check examples/open-source-stack --color never >/dev/null
    set +e
    modelgate check examples/image-studio --color never --format json >"$work/image-studio.json"
    code=$?
    set -e
    test "$code" = 1 || { echo "wheel: examples/image-studio: expected exit 1, got $code"; exit 1; }
    grep -q '"rule": "no-non-commercial"' "$work/image-studio.json"
)
echo "wheel ok: modelgate on PATH from pip install, check on the examples (no cargo on PATH)"

# 3. The pre-commit mirror as a git repository; pip resolves its pin from a local wheelhouse
#    (the wheel just built and setuptools for the mirror package's build), never an index.
cp "$(setuptools_wheelhouse)"/setuptools-*.whl "$work/wheelhouse/"

mirror="$work/modelgate-pre-commit"
cp -r pre-commit-mirror "$mirror"
git -C "$mirror" init --quiet
git -C "$mirror" -c user.email=ci@example.invalid -c user.name=ci add -A
git -C "$mirror" -c user.email=ci@example.invalid -c user.name=ci -c commit.gpgsign=false \
    commit --quiet -m "modelgate-pre-commit v$version"
rev="$(git -C "$mirror" rev-parse HEAD)"

scratch="$work/scratch"
mkdir -p "$scratch/services/images"
git -C "$scratch" init --quiet
cat >"$scratch/.pre-commit-config.yaml" <<YAML
repos:
  - repo: $mirror
    rev: $rev
    hooks:
      - id: modelgate
      - id: modelgate-policy-test
YAML
cat >"$scratch/ai-models.yaml" <<'YAML'
version: 1
project:
  name: scratch
models:
  - id: black-forest-labs/FLUX.1-schnell
    license: Apache-2.0
    revision: 741f7c3ce8b383c54771c7003378a50191e9efe9
YAML
cat >"$scratch/services/images/ai-models.yml" <<'YAML'
version: 1
models:
  - id: black-forest-labs/FLUX.1-dev
    revision: 0ef5fff789c832c5c7f4e127f94c8b54bbcced44
YAML
git -C "$scratch" add -A

precommit() { # want-exit description
    local want="$1" what="$2" code
    set +e
    (cd "$scratch" && env PATH="$TOOLS/venv/bin:$nocargo" PRE_COMMIT_HOME="$work/pre-commit-home" \
        PIP_NO_INDEX=1 PIP_FIND_LINKS="$work/wheelhouse" PIP_DISABLE_PIP_VERSION_CHECK=1 \
        pre-commit run --all-files --color never) >"$work/pre-commit.log" 2>&1
    code=$?
    set -e
    if [ "$code" != "$want" ]; then
        cat "$work/pre-commit.log"
        echo "pre-commit (wheel): $what: expected exit $want, got $code"
        exit 1
    fi
    echo "pre-commit (wheel) ok: $what (exit $code)"
}

start=$(date +%s%N)
precommit 1 "first run installs the hook from the wheel and finds the violation"
echo "pre-commit first run (hook environment from the wheel, then the check): $(ms "$start") ms"
grep -q "no-non-commercial" "$work/pre-commit.log" || { cat "$work/pre-commit.log"; exit 1; }
grep -q "services/images/ai-models.yml" "$work/pre-commit.log" || { cat "$work/pre-commit.log"; exit 1; }
grep -q "modelgate policy test.*no files to check" "$work/pre-commit.log" || { cat "$work/pre-commit.log"; exit 1; }
# The hook's modelgate came from the wheel.
hook_bin="$(find "$work/pre-commit-home" -path '*/bin/modelgate' -type f | head -n 1)"
[ -n "$hook_bin" ] || { echo "no modelgate in the hook environment"; exit 1; }
find "$work/pre-commit-home" -path '*/site-packages/modelgate_cli-*.dist-info' | grep -q . ||
    { echo "modelgate-cli is not installed in the hook environment"; exit 1; }

printf '    environment: research\n' >>"$scratch/services/images/ai-models.yml"
git -C "$scratch" add -A
start=$(date +%s%N)
precommit 0 "fixed manifest passes"
echo "pre-commit second run (environment ready): $(ms "$start") ms"
grep -q "^modelgate\.*Passed" "$work/pre-commit.log" || { cat "$work/pre-commit.log"; exit 1; }
echo "wheel and pre-commit mirror: all checks passed"
