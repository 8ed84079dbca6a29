#!/usr/bin/env bash
# Wall time of `modelgate scan` on a generated 100 000-file tree (warm page cache).
# Needs hyperfine (Debian package `hyperfine`). Usage: perf/scan.sh [TREE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
tree=${1:-/tmp/modelgate-scan-tree}
cargo build --release --quiet
command -v hyperfine >/dev/null || { echo "install hyperfine: apt-get install -y hyperfine"; exit 2; }
if [ ! -d "$tree" ]; then
  python3 perf/gen-scan-tree.py "$tree"
fi
echo "files in tree: $(find "$tree" -type f | wc -l)"
./target/release/modelgate scan "$tree" --format json | python3 -c 'import json,sys; print("scan summary:", json.load(sys.stdin)["summary"])'
hyperfine --warmup 2 --runs 10 -N --export-json /tmp/modelgate-scan-bench.json \
  "./target/release/modelgate scan $tree --format json"
python3 - <<'PY'
import json
r = json.load(open('/tmp/modelgate-scan-bench.json'))['results'][0]
print(f"median {r['median']:.3f} s, mean {r['mean']:.3f} s, min {r['min']:.3f} s over {len(r['times'])} runs")
PY
