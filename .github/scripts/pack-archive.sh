#!/usr/bin/env bash
# Pack a built modelgate binary as a release archive, the one layout that the release workflow
# publishes, the Action and `cargo binstall` download, and the tests serve:
#   OUTDIR/modelgate-VERSION-TARGET.tar.gz (.zip for Windows targets) holding
#   modelgate-VERSION-TARGET/{modelgate[.exe],LICENSE,README.md,CHANGELOG.md},
#   and OUTDIR/<archive>.sha256 in `sha256sum` format.
# Usage: pack-archive.sh BINARY TARGET VERSION OUTDIR   (run from the repository root)
set -euo pipefail
bin="$1" target="$2" version="$3" out="$4"
name="modelgate-$version-$target"
exe=modelgate
if [[ "$target" == *windows* ]]; then exe=modelgate.exe; fi
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT
mkdir -p "$staging/$name" "$out"
cp "$bin" "$staging/$name/$exe"
chmod +x "$staging/$name/$exe"
cp LICENSE README.md CHANGELOG.md "$staging/$name/"
out="$(cd "$out" && pwd)"
if [[ "$target" == *windows* ]]; then
    asset="$name.zip"
    rm -f "$out/$asset"
    if command -v 7z >/dev/null; then
        (cd "$staging" && 7z a -tzip -bso0 "$out/$asset" "$name")
    else
        (cd "$staging" && python3 -m zipfile -c "$out/$asset" "$name")
    fi
else
    asset="$name.tar.gz"
    tar -czf "$out/$asset" -C "$staging" "$name"
fi
cd "$out"
if command -v sha256sum >/dev/null; then
    sha256sum "$asset" >"$asset.sha256"
else
    shasum -a 256 "$asset" >"$asset.sha256"
fi
echo "$out/$asset"
