#!/usr/bin/env bash
# What a 5-layer config chain adds to `modelgate check`: the in-process cost of loading and
# merging it (cargo bench), and the process wall time of the same ten-model manifest without a
# config and under the chain in perf/config-chain/. Needs hyperfine (apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --quiet --bench config_chain 2>/dev/null | grep 'config chain'
cargo build --release --quiet
command -v hyperfine >/dev/null || { echo "install hyperfine: apt-get install -y hyperfine"; exit 2; }
hyperfine --warmup 20 --runs 300 -N --export-json /tmp/modelgate-config-bench.json \
  -n 'no config' './target/release/modelgate check perf/ten-models.yaml --format json --fail-on never' \
  -n '5-layer chain' './target/release/modelgate check perf/config-chain/repo --format json --fail-on never' >/dev/null
python3 - <<'PY'
import json
a, b = json.load(open('/tmp/modelgate-config-bench.json'))['results']
ma, mb = a['median'] * 1000, b['median'] * 1000
print(f"process wall time, median of {len(a['times'])} runs: no config {ma:.2f} ms, 5-layer chain {mb:.2f} ms, difference {mb - ma:+.2f} ms")
PY
