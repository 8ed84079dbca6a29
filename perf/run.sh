#!/usr/bin/env bash
# Process wall time of `modelgate check` on one manifest with ten models, all built-in rules.
# Needs hyperfine (Debian package `hyperfine`). Usage: perf/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
command -v hyperfine >/dev/null || { echo "install hyperfine: apt-get install -y hyperfine"; exit 2; }
hyperfine --warmup 20 --runs 300 -N --export-json /tmp/modelgate-bench.json \
  './target/release/modelgate check perf/ten-models.yaml --format json --fail-on never'
python3 - <<'PY'
import json
r = json.load(open('/tmp/modelgate-bench.json'))['results'][0]
print(f"median {r['median']*1000:.2f} ms, mean {r['mean']*1000:.2f} ms, min {r['min']*1000:.2f} ms over {len(r['times'])} runs")
PY
