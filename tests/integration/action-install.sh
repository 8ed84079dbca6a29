#!/usr/bin/env bash
# The action's "Install modelgate" step against a release layout served on 127.0.0.1 by
# Python's http.server, run the way the Actions runner runs it (its `run:` script under
# `bash --noprofile --norc -eo pipefail`, inputs in the environment, GITHUB_PATH and
# GITHUB_OUTPUT files, RUNNER_OS/RUNNER_ARCH/RUNNER_TOOL_CACHE set), with the download base
# URL overridden. The archives are made from the locally built binary, named and laid out
# as .github/workflows/release.yml makes them. Checked:
#   - it downloads, verifies the SHA-256, caches in the tool cache, and the check step then
#     runs and reports the finding (timed: nothing installed -> first finding);
#   - a second run does not download (the server sees no request);
#   - the default version is the action's own ref (from its path, .../_actions/O/R/REF);
#     `latest` resolves through the server; every runner OS/arch gets its archive (.zip on
#     Windows);
#   - an archive whose checksum does not match is refused: clear error, non-zero exit,
#     nothing cached or put on PATH; a missing checksum file is refused too;
#   - a version with no release builds from source (a stub cargo records the call) unless
#     install is `release`; `install: source` never downloads.
# No cargo is on PATH for the download runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
. tests/integration/tools.sh
python_tools
bin="$(modelgate_bin)"
repo="$PWD"

work="$(mktemp -d)"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
base_default="$(python3 - action.yml <<'PY'
import sys, yaml
print(yaml.safe_load(open(sys.argv[1]))["inputs"]["download-base-url"]["default"])
PY
)"
repository="$(sed -n 's/^repository = "\(.*\)"$/\1/p' Cargo.toml)"
test "$base_default" = "$repository/releases/download" ||
    { echo "action.yml download-base-url default $base_default is not $repository/releases/download"; exit 1; }

python3 - action.yml "$work" <<'PY'
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
steps = {s.get("id"): s for s in action["runs"]["steps"]}
for name in ("install", "check"):
    assert steps[name]["shell"] == "bash"
    open(f"{sys.argv[2]}/{name}.sh", "w").write(steps[name]["run"])
PY

# The release layout: BASE/vVERSION/modelgate-VERSION-TARGET.tar.gz|.zip + .sha256, BASE/../latest.
srv="$work/srv"
rel="$srv/releases/download"
pack() { # tag version target: the archive as the release workflow makes it
    bash .github/scripts/pack-archive.sh "$bin" "$3" "$2" "$rel/$1" >/dev/null
}
for t in x86_64-unknown-linux-musl aarch64-unknown-linux-musl x86_64-apple-darwin aarch64-apple-darwin x86_64-pc-windows-msvc; do
    pack "v$version" "$version" "$t"
done
echo "v$version" >"$srv/releases/latest"
# v9.9.9: the archive was changed after its checksum was taken.
pack v9.9.9 9.9.9 x86_64-unknown-linux-musl
echo "tampered" >>"$rel/v9.9.9/modelgate-9.9.9-x86_64-unknown-linux-musl.tar.gz"
# v9.9.8: no checksum file.
pack v9.9.8 9.9.8 x86_64-unknown-linux-musl
rm "$rel/v9.9.8/modelgate-9.9.8-x86_64-unknown-linux-musl.tar.gz.sha256"
# v8.8.8 has no release at all (404).

python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$srv" >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 100); do
    port="$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$work/server.log" | head -n 1)"
    [ -n "$port" ] && break
    sleep 0.05
done
[ -n "$port" ] || { cat "$work/server.log"; echo "http.server did not start"; exit 1; }
base="http://127.0.0.1:$port/releases/download"
requests() { grep -c '"GET ' "$work/server.log" || true; }

# A PATH with curl, tar, sha256sum, python... but no cargo; a stub cargo for source builds.
mkdir -p "$work/nocargo" "$work/stub"
for tool in bash sh curl tar gzip sha256sum shasum awk sed head tr mktemp rm mkdir cp chmod touch cat grep dirname basename uname env python3 unzip; do
    p="$(command -v "$tool" 2>/dev/null)" && ln -sf "$p" "$work/nocargo/$tool"
done
cat >"$work/stub/cargo" <<'SH'
#!/bin/sh
# Stands in for `cargo install --locked --quiet --path SRC --root ROOT`: records the call and
# installs the already built binary.
echo "cargo $*" >>"$STUB_LOG"
root="" ; while [ $# -gt 0 ]; do [ "$1" = --root ] && root="$2"; shift; done
mkdir -p "$root/bin" && cp "$MODELGATE_STUB_BIN" "$root/bin/modelgate"
SH
chmod +x "$work/stub/cargo"
export STUB_LOG="$work/cargo.log" MODELGATE_STUB_BIN="$bin"
: >"$STUB_LOG"
# The action checked out the way the runner does it: .../_actions/OWNER/REPO/REF.
mkdir -p "$work/_actions/modelgate/modelgate"
ln -s "$repo" "$work/_actions/modelgate/modelgate/v$version"

run_install() { # want-exit description; env: INSTALL VERSION SOURCE OS ARCH CARGO=stub|none
    local want="$1" what="$2" path="$work/nocargo"
    [ "${CARGO:-none}" = stub ] && path="$work/stub:$work/nocargo"
    : >"$work/github_path"
    : >"$work/output"
    set +e
    env -i PATH="$path" HOME="$work/home" TMPDIR="$work" \
        INSTALL="$INSTALL" VERSION="$VERSION" BASE_URL="$BASE" ACTION_REF="$AREF" SOURCE="$SOURCE" \
        ROOT="$work/runner-temp/modelgate" RUNNER_OS="$OS" RUNNER_ARCH="$ARCH" \
        RUNNER_TOOL_CACHE="$work/toolcache" GITHUB_PATH="$work/github_path" GITHUB_OUTPUT="$work/output" \
        STUB_LOG="$STUB_LOG" MODELGATE_STUB_BIN="$bin" \
        bash --noprofile --norc -eo pipefail "$work/install.sh" >"$work/log" 2>&1
    local code=$?
    set -e
    if [ "$code" != "$want" ]; then
        cat "$work/log"
        echo "action install: $what: expected exit $want, got $code"
        exit 1
    fi
    echo "action install ok: $what (exit $code)"
}
defaults() { INSTALL=true VERSION="" SOURCE="$work/_actions/modelgate/modelgate/v$version" OS=Linux ARCH=X64 CARGO=none BASE="$base" AREF=""; }

# 1. Nothing installed -> first finding, timed: the install step (version from the action's
#    own ref), then the check step with the PATH it left, on a violating example.
defaults
start=$(date +%s%N)
run_install 0 "first run downloads v$version (the action's own ref)"
dir="$(cat "$work/github_path")"
: >"$work/check-output"
set +e
PATH="$dir:$work/nocargo" PATHS=examples/image-studio CONFIG="" POLICY="" FORMAT=github FAIL_ON=error \
    BASELINE="" SARIF_FILE="" SUMMARY=false GITHUB_OUTPUT="$work/check-output" GITHUB_STEP_SUMMARY=/dev/null \
    bash --noprofile --norc -eo pipefail "$work/check.sh" >"$work/check.log" 2>&1
code=$?
set -e
end=$(date +%s%N)
test "$code" = 1 || { cat "$work/check.log"; echo "check step: expected exit 1, got $code"; exit 1; }
grep -q "^::error file=examples/image-studio/ai-models.yaml,.*title=no-non-commercial" "$work/check.log"
ms=$(( (end - start) / 1000000 ))
echo "time from nothing installed to the first finding: ${ms} ms (download, verify, cache, check)"
test "$ms" -lt 10000 || { echo "slower than the 10 s target"; exit 1; }
sed 's/^/  | /' "$work/log"
grep -q "SHA-256 verified" "$work/log"
test "$dir" = "$work/toolcache/modelgate/$version/x64"
test -f "$work/toolcache/modelgate/$version/x64.complete"
grep -qx "version=$version" "$work/output"
grep -qx "method=download" "$work/output"
test "$(requests)" = 2 || { cat "$work/server.log"; echo "expected 2 requests (archive, checksum)"; exit 1; }

# 2. Second run: from the tool cache, no request reaches the server.
defaults
before="$(requests)"
run_install 0 "second run uses the tool cache"
test "$(requests)" = "$before" || { cat "$work/server.log"; echo "second run downloaded again"; exit 1; }
grep -qx "method=tool-cache" "$work/output"
grep -q "found in the tool cache" "$work/log"

# The action's path names its ref even when github.action_ref holds another action's ref;
# github.action_ref counts where the path does not name one.
defaults; AREF=v4
run_install 0 "the action's path wins over a stray github.action_ref"
grep -qx "version=$version" "$work/output"
defaults; SOURCE="$repo" AREF="v$version"
run_install 0 "github.action_ref when the path names no ref"
grep -qx "version=$version" "$work/output"

# 3. `latest` and explicit versions, each runner OS/arch.
rm -rf "$work/toolcache"
defaults; VERSION=latest
run_install 0 "version latest"
grep -q "latest release: v$version" "$work/log"
grep -qx "version=$version" "$work/output"
for osarch in Linux/ARM64:arm64 macOS/X64:x64 macOS/ARM64:arm64 Windows/X64:x64; do
    defaults; VERSION="$version" OS="${osarch%%/*}" ARCH="${osarch#*/}"; ARCH="${ARCH%%:*}"
    run_install 0 "$OS $ARCH archive"
    exe=modelgate; [ "$OS" = Windows ] && exe=modelgate.exe
    test -x "$work/toolcache/modelgate/$version/${osarch##*:}/$exe"
done
grep -q "modelgate-$version-x86_64-pc-windows-msvc.zip" "$work/server.log"

# 4. A checksum that does not match: refused, nothing cached, nothing on PATH.
defaults; VERSION=v9.9.9
run_install 1 "tampered archive is refused"
sed 's/^/  | /' "$work/log"
grep -q "SHA-256 mismatch for modelgate-9.9.9-x86_64-unknown-linux-musl.tar.gz: expected [0-9a-f]\{64\}" "$work/log"
grep -q "^::error title=modelgate install::SHA-256 mismatch" "$work/log"
test ! -e "$work/toolcache/modelgate/9.9.9"
test ! -s "$work/github_path"
defaults; VERSION=v9.9.8; INSTALL=release
run_install 1 "archive without a checksum file is refused"
grep -q "no checksum for modelgate-9.9.8" "$work/log"
test ! -e "$work/toolcache/modelgate/9.9.8"

# 5. No release: build from source (stub cargo), or fail with install: release.
defaults; VERSION=v8.8.8; INSTALL=release
run_install 1 "no release and install: release"
grep -q "no release archive at $base/v8.8.8/modelgate-8.8.8-x86_64-unknown-linux-musl.tar.gz (HTTP 404)" "$work/log"
defaults; VERSION=v8.8.8; CARGO=stub
run_install 0 "no release: builds from source"
sed 's/^/  | /' "$work/log"
grep -q "^cargo install --locked --quiet --path $SOURCE --root $work/runner-temp/modelgate" "$STUB_LOG"
grep -qx "method=source" "$work/output"
grep -qx "$work/runner-temp/modelgate/bin" "$work/github_path"
defaults; VERSION=v8.8.8
run_install 1 "no release and no cargo: clear error"
grep -q "no cargo on PATH" "$work/log"
defaults; SOURCE="$repo"; CARGO=stub
run_install 0 "a local action (no version tag) builds from source"
grep -qx "method=source" "$work/output"
grep -q "no release for 'the action ref'" "$work/log"
defaults; VERSION=latest BASE="http://127.0.0.1:$port/no-releases/download"; INSTALL=release
run_install 1 "latest with no release and install: release"
grep -q "no release found at http://127.0.0.1:$port/no-releases/latest" "$work/log"
defaults; VERSION=latest BASE="http://127.0.0.1:$port/no-releases/download"; CARGO=stub
run_install 0 "latest with no release builds from source"
grep -qx "method=source" "$work/output"
defaults; INSTALL=source; CARGO=stub
before="$(requests)"
: >"$STUB_LOG"
run_install 0 "install: source never downloads"
test "$(requests)" = "$before"
test -s "$STUB_LOG"
defaults; INSTALL=bogus
run_install 1 "unknown install value"

echo "action install: all checks passed"
