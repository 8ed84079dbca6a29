#!/usr/bin/env bash
# The performance table: process wall time of `modelgate check` (release build, all built-in
# rules) on one ten-model manifest and on generated monorepos of 1k, 10k and 50k manifests,
# with peak memory, CPU use (over 100 % = more than one core busy) and cost per manifest
# (flat = linear growth); then the side-by-side with OPA (perf/opa_compare.sh).
#
#   perf/monorepo.sh            # everything (about 10 minutes)
#   SIZES="1k 10k" perf/monorepo.sh
#   NO_OPA=1 perf/monorepo.sh   # skip the OPA comparison
#
# Needs hyperfine and GNU time (`apt-get install hyperfine time`, installed here when missing)
# and PyYAML for the generator (pip-installed when missing). Generated trees are cached in
# target/bench-monorepo/<size> (regenerated when perf/gen_monorepo.py changes).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${SIZES:-1k 10k 50k}
if ! command -v hyperfine >/dev/null || [ ! -x /usr/bin/time ]; then
  apt-get install -y -qq hyperfine time >/dev/null
fi
python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml
cargo build --release --quiet
bin=$PWD/target/release/modelgate
out=target/bench-results
mkdir -p "$out"
export -n RUST_BACKTRACE RUST_LIB_BACKTRACE

row() { printf '%-26s %12s %12s %10s %8s %14s\n' "$@"; }
measure() { # name runs command...
  local name=$1 runs=$2; shift 2
  hyperfine -N --warmup "$(( runs > 20 ? 20 : 1 ))" --runs "$runs" --export-json "$out/$name.json" \
    "$*" >/dev/null 2>&1
  /usr/bin/time -v "$@" >/dev/null 2>"$out/$name.time" || true
}
median_ms() { python3 -c "import json,sys; print('%.2f' % (json.load(open(sys.argv[1]))['results'][0]['median']*1e3))" "$1"; }
peak_mb() { awk -F: '/Maximum resident/ {printf "%.0f", $2/1024}' "$1"; }
cpu() { awk -F: '/Percent of CPU/ {gsub(/ /,"",$2); print $2}' "$1"; }

echo "machine: $(nproc) cores, $(uname -r); other load shows in the CPU column"
row "case" "median ms" "target ms" "peak MB" "CPU" "µs/manifest"
measure single 300 "$bin" check perf/ten-models.yaml --format json --fail-on never
row "1 manifest, 10 models" "$(median_ms "$out/single.json")" "5" "$(peak_mb "$out/single.time")" "$(cpu "$out/single.time")" "-"
for s in $sizes; do
  n=$(( ${s%k} * 1000 ))
  dir=target/bench-monorepo/$s
  if [ ! -d "$dir" ] || [ perf/gen_monorepo.py -nt "$dir" ]; then
    python3 perf/gen_monorepo.py --manifests "$n" --out "$dir" >/dev/null
  fi
  runs=$(( n >= 50000 ? 3 : n >= 10000 ? 5 : 10 ))
  measure "mono-$s" "$runs" "$bin" check "$dir" --format json --fail-on never
  ms=$(median_ms "$out/mono-$s.json")
  target="-"; [ "$s" = 10k ] && target=2000
  row "monorepo $s" "$ms" "$target" "$(peak_mb "$out/mono-$s.time")" "$(cpu "$out/mono-$s.time")" \
    "$(python3 -c "print('%.0f' % ($ms * 1000 / $n))")"
done
echo "targets: 10k peak memory <= 300 MB; µs/manifest flat from 1k to 50k"
if [ -z "${NO_OPA:-}" ]; then
  echo
  echo "== modelgate vs OPA (perf/opa_compare.sh)"
  perf/opa_compare.sh target/bench-monorepo/1k
fi
