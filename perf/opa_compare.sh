#!/usr/bin/env bash
# modelgate's engine and OPA's Go `rego` package side by side: the built-in Rego pack,
# unchanged, on the same input documents (`modelgate input` of each manifest).
#
#   perf/opa_compare.sh [DIR]     # default: the generated 1k monorepo (made if missing)
#
# OPA comes from PyPI `opa-golib-python-bindings` 0.4.4 (OPA's rego package as a shared
# library with a ctypes wrapper). Its metadata asks for Python >= 3.14, but the py3-none wheel
# works unpacked under older Pythons: it is downloaded for 3.14 and unzipped onto PYTHONPATH,
# cached in target/opa-wheel. Results: target/bench-results/{opa,modelgate-inprocess}.json.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-target/bench-monorepo/1k}
out=target/bench-results
mkdir -p "$out"
if [ ! -d "$dir" ]; then
  python3 -c 'import yaml' 2>/dev/null || python3 -m pip install --quiet pyyaml
  python3 perf/gen_monorepo.py --manifests 1000 --out "$dir" >/dev/null
fi
wheel=target/opa-wheel
if [ ! -f "$wheel/site/opa_bindings/engine.py" ]; then
  mkdir -p "$wheel/site"
  python3 -m pip download --quiet --no-deps --python-version 3.14 --only-binary=:all: \
    opa-golib-python-bindings==0.4.4 -d "$wheel"
  python3 -m zipfile -e "$wheel"/opa_golib_python_bindings-0.4.4-*.whl "$wheel/site"
fi
cargo build --release --quiet
bin=target/release/modelgate

# The input documents, exactly as `modelgate input` prints them (one line each).
docs=$out/inputs-$(basename "$dir").jsonl
if [ ! -s "$docs" ] || [ "$bin" -nt "$docs" ]; then
  : > "$docs"
  find "$dir" -path '*/build' -prune -o -path '*/node_modules' -prune -o -path '*.generated' -prune \
    -o \( -name ai-models.yaml -o -name ai-models.yml \) -print | sort | while read -r m; do
    "$bin" input "$m" 2>/dev/null | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)))' >> "$docs" || true
  done
fi
"$bin" input perf/ten-models.yaml > "$out/single.json"

PYTHONPATH="$wheel/site" python3 perf/opa_compare.py --inputs "$docs" --single "$out/single.json" \
  --out "$out/opa.json" >/dev/null
MODELGATE_BENCH_JSON="$out/modelgate-inprocess.json" MODELGATE_BENCH_SINGLE=perf/ten-models.yaml \
  cargo bench --quiet --bench evaluate -- "$dir" >/dev/null 2>&1

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
o = json.load(open(f"{out}/opa.json"))
m = json.load(open(f"{out}/modelgate-inprocess.json"))
same = o["violations_per_round"] == m["violations_per_round"]
print(f"same work: {o['documents']} documents, {o['rules']} rules; violations OPA {o['violations_per_round']}, modelgate {m['violations_per_round']} ({'identical count' if same else 'DIFFERENT'})")
print(f"{'':34}{'modelgate':>14}{'OPA raw':>14}{'OPA corrected':>16}{'ratio raw':>11}{'ratio corr.':>13}")
ct = o["corrected_throughput_per_s"] or float("nan")
print(f"{'throughput, documents/s (1 thread)':34}{m['throughput_per_s']:14.0f}{o['throughput_per_s']:14.0f}{ct:16.0f}"
      f"{m['throughput_per_s']/o['throughput_per_s']:10.1f}x{m['throughput_per_s']/ct:12.1f}x")
cl = o["corrected_latency_median_ms"]
print(f"{'latency, ten-model manifest, warm, ms':34}{m['latency_median_ms']:14.3f}{o['latency_median_ms']:14.3f}{cl:16.3f}"
      f"{o['latency_median_ms']/m['latency_median_ms']:10.1f}x{cl/m['latency_median_ms']:12.1f}x")
cc = o["corrected_cold_latency_median_ms"]
print(f"{'latency, ten-model manifest, cold, ms':34}{m['cold_latency_median_ms']:14.3f}{o['cold_latency_median_ms']:14.3f}{cc:16.3f}"
      f"{o['cold_latency_median_ms']/m['cold_latency_median_ms']:10.1f}x{cc/m['cold_latency_median_ms']:12.1f}x")
print(f"{'load the pack, ms':34}{m['startup_ms']:14.3f}{o['startup_ms']:14.2f}   (OPA: add the pack, compile it, first evaluation)")
print(f"modelgate on its interpreter instead of the bytecode: {m['interpreter_throughput_per_s']:.0f} documents/s")
print(f"OPA per-call JSON/FFI cost (trivial query): {1e6/o['trivial_throughput_per_s']:.0f} µs/document, {o['trivial_latency_median_ms']*1e3:.0f} µs on the single manifest")
print("warm: a prepared engine evaluates the document; cold: a new engine loads the pack, then evaluates it once")
print("targets: throughput >= 4x OPA, latency 20x lower")
PY
