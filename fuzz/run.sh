#!/usr/bin/env bash
# Run one fuzz target on the stable toolchain. Usage: fuzz/run.sh manifest|config [SECONDS]
#
# cargo-fuzz passes nightly-only flags (-Zsanitizer=address, ...) to rustc; RUSTC_BOOTSTRAP=1
# lets the stable compiler accept them. The corpus (fuzz/corpus/<target>, git-ignored) is
# seeded from the repository's own manifests and configs; findings land in
# fuzz/artifacts/<target>. One job, niced: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run.sh manifest|config [SECONDS]}
secs=${2:-900}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
corpus=fuzz/corpus/$target
mkdir -p "$corpus"
case $target in
  manifest) find tests/fixtures examples perf -name 'ai-models.y*ml' -o -name 'ten-models.yaml' ;;
  config) find tests/fixtures examples perf presets -name '.modelgate.yaml' -o -path '*/presets/*.yaml' -o -path '*/config-chain/*.yaml' ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac | while read -r f; do cp "$f" "$corpus/seed-$(echo "$f" | tr '/' '_')"; done
RUSTC_BOOTSTRAP=1 nice cargo fuzz run "$target" -- \
  -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
