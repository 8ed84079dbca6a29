#!/usr/bin/env bash
# What a knowledge overlay costs `modelgate check`: 200 copies of perf/ten-models.yaml checked
# without a config, and under a config whose overlay holds 301 entries (one replacing
# FLUX.1-dev), with and without local cards. The overlay's tables are built once per config
# chain, so the difference should be noise. Needs hyperfine; BIN picks the binary (default:
# the debug build, as measured for issue 16).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-$PWD/target/debug/modelgate}
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
python3 - "$tree" <<'PY'
import os, sys
root = sys.argv[1]
ten = open('perf/ten-models.yaml').read()
entry = '''  - id: {id}
    family: F{n}
    developer: Acme
    modality: text-generation
    license: {lic}
    license_name: L
    weights_available: true
    training_data_open: false
    training_code_open: false
    openness: open-weights
    mof_class: null
    source: "registry {n}"
    confidence: high
'''
k = "models:\n" + "".join(entry.format(id=f"acme/model-{n}", n=n, lic="Apache-2.0") for n in range(300))
k += entry.format(id="black-forest-labs/FLUX.1-dev", n=999, lic="CC-BY-NC-4.0")
for name, cfg in [("base", "{}\n"), ("overlay", "knowledge: k.yaml\n")]:
    os.makedirs(f"{root}/{name}/.git", exist_ok=True)
    open(f"{root}/{name}/.modelgate.yaml", "w").write(cfg)
    open(f"{root}/{name}/k.yaml", "w").write(k)
    for i in range(200):
        os.makedirs(f"{root}/{name}/svc{i}", exist_ok=True)
        open(f"{root}/{name}/svc{i}/ai-models.yaml", "w").write(ten)
PY
cd "$tree"
hyperfine -N --warmup 2 --runs 10 \
  -n 'no overlay' "$bin check base --format json --fail-on never --no-local-cards" \
  -n 'overlay' "$bin check overlay --format json --fail-on never --no-local-cards" \
  -n 'overlay + local cards' "$bin check overlay --format json --fail-on never"
