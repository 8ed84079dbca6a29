#!/usr/bin/env python3
"""Generate a synthetic monorepo for `modelgate check` benchmarks.

    python3 perf/gen_monorepo.py --manifests 10000 --out target/bench-monorepo/10k

The tree is deterministic for a given --seed and --manifests:

* `--manifests` checked manifests (`ai-models.yaml`, some `ai-models.yml`), 1-5 models each,
  at depth 2-5 below the root (`<area>/<team>/<service>[/<component>[/<part>]]`);
* a `.gitignore` excluding `build/`, `node_modules/` and `*.generated/`, with about 5 % extra
  manifests placed in such directories (not checked: they must be skipped by discovery);
* an empty `.git` directory marking the repository root (where config discovery stops),
  and a root `.modelgate.yaml` using the `recommended` preset, so every built-in rule runs;
* model entries mixing catalog models (ids, variants, API names, with the right license,
  no license, or a wrong one), fine-tunes pointing at a catalog `base_model`, and unknown
  models under SPDX, Hugging Face, `LicenseRef-` or unrecognized licenses, some pinned to a
  revision, some hosted behind an API provider.

The catalog is read from catalog/models/*.yaml and catalog/licenses.yaml (PyYAML; installed by
perf/monorepo.sh when missing). The script prints the number of checked and ignored manifests
and of models.
"""

import argparse
import glob
import os
import random
import shutil
import sys

try:
    import yaml
except ImportError:  # pragma: no cover
    sys.exit("PyYAML is needed: python3 -m pip install pyyaml")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

AREAS = ["platform", "products", "research", "data", "internal-tools", "mobile", "edge"]
WORDS = [
    "search", "assistant", "ranking", "vision", "speech", "billing", "support", "catalog",
    "ingest", "labeling", "summarizer", "translator", "moderation", "recsys", "ocr", "chat",
    "embeddings", "analytics", "agent", "gateway", "notebook", "eval", "playground", "crawler",
]
SPDX = ["MIT", "Apache-2.0", "BSD-3-Clause", "CC-BY-4.0", "CC-BY-NC-4.0", "CC-BY-SA-4.0",
        "GPL-3.0-only", "OpenRAIL-M", "Apache-2.0 OR MIT", "MIT AND CC-BY-4.0"]
ODD_LICENSES = ["LicenseRef-acme-internal", "LicenseRef-vendor-eula", "custom-license",
                "see-readme", "other", "cc", "bsd"]
API_PROVIDERS = ["openai", "anthropic", "google", "azure-openai", "aws-bedrock", "mistral-api"]
USAGES = ["inference", "fine-tuning", "training", "distillation", "evaluation", "embedding",
          "redistribution", "synthetic-data"]
ENVIRONMENTS = ["production", "production", "production", "staging", "development", "research"]
DISTRIBUTIONS = ["saas", "api", "on-premise", "mobile", "desktop", "embedded", "internal",
                 "open-source", "research"]


def load_catalog():
    models = []
    for path in sorted(glob.glob(os.path.join(ROOT, "catalog/models/*.yaml"))):
        with open(path, encoding="utf-8") as f:
            models += yaml.safe_load(f)["models"]
    with open(os.path.join(ROOT, "catalog/licenses.yaml"), encoding="utf-8") as f:
        lic = yaml.safe_load(f)
    licenses = [l["id"] for l in lic["licenses"]] + [h["id"] for h in lic.get("hf_identifiers", [])]
    hub, api = [], []  # (id, license, is_api)
    for m in models:
        names = [m["id"]] + list(m.get("variants") or [])
        if m.get("hf", True):
            hub.extend((n, m["license"]) for n in names)
        else:
            api.extend((n, m["license"]) for n in names + list(m.get("api_names") or []))
    return hub, api, licenses


def model_entry(rnd, hub, api, licenses, n):
    """One `models:` entry as YAML lines (the first starts with `- `)."""
    r = rnd.random()
    fields = []
    if r < 0.45:  # a Hub model from the catalog
        mid, real = rnd.choice(hub)
        fields.append(("id", mid))
        k = rnd.random()
        if k < 0.55:
            fields.append(("license", real))
        elif k < 0.70:
            fields.append(("license", rnd.choice(licenses)))  # usually a mismatch
        if rnd.random() < 0.4:
            fields.append(("revision", "%040x" % rnd.getrandbits(160)))
        fields.append(("provider", rnd.choice(["huggingface", "huggingface", "self-hosted", "ollama"])))
    elif r < 0.60:  # a hosted API model
        mid, _ = rnd.choice(api)
        fields.append(("id", mid))
        if rnd.random() < 0.7:
            fields.append(("provider", rnd.choice(API_PROVIDERS)))
    elif r < 0.72:  # a fine-tune or quantization of a catalog model
        base, _ = rnd.choice(hub)
        fields.append(("id", "acme-%s/%s-ft-%d" % (rnd.choice(WORDS), base.split("/")[-1], n)))
        fields.append(("base_model", base))
        if rnd.random() < 0.5:
            fields.append(("license", rnd.choice(SPDX + licenses)))
    else:  # an unknown model
        fields.append(("id", "acme-%s/%s-%d" % (rnd.choice(WORDS), rnd.choice(WORDS), n)))
        k = rnd.random()
        if k < 0.45:
            fields.append(("license", rnd.choice(SPDX)))
        elif k < 0.70:
            fields.append(("license", rnd.choice(licenses)))
        elif k < 0.85:
            fields.append(("license", rnd.choice(ODD_LICENSES)))
        if rnd.random() < 0.3:
            fields.append(("revision", "%040x" % rnd.getrandbits(160)))
    if rnd.random() < 0.5:
        fields.append(("usage", "[%s]" % ", ".join(rnd.sample(USAGES, rnd.randint(1, 3)))))
    if rnd.random() < 0.3:
        fields.append(("environment", rnd.choice(ENVIRONMENTS)))
    lines = []
    for i, (k, v) in enumerate(fields):
        if k != "usage" and (":" in v or v.startswith(("[", "{", "*", "&", "!", "%", "@"))):
            v = '"%s"' % v
        lines.append(("  - " if i == 0 else "    ") + "%s: %s" % (k, v))
    return lines


def manifest(rnd, name, hub, api, licenses, counter):
    lines = ["# generated by perf/gen_monorepo.py", "version: 1", "project:", "  name: %s" % name]
    if rnd.random() < 0.2:
        lines.append("  commercial: false")
    if rnd.random() < 0.6:
        lines.append("  monthly_active_users: %d" % rnd.choice([500, 20_000, 1_000_000, 900_000_000]))
    if rnd.random() < 0.4:
        lines.append("  annual_revenue_usd: %d" % rnd.choice([0, 2_000_000, 50_000_000, 2_000_000_000]))
    if rnd.random() < 0.7:
        lines.append("  distribution: %s" % rnd.choice(DISTRIBUTIONS))
    lines.append("models:")
    models = rnd.randint(1, 5)
    ids = set()
    while len(ids) < models:  # each model once: a repeated id is a manifest error
        counter[0] += 1
        entry = model_entry(rnd, hub, api, licenses, counter[0])
        key = entry[0].split(": ", 1)[1].strip('"').lower()
        if key not in ids:
            ids.add(key)
            lines.extend(entry)
    return "\n".join(lines) + "\n", models


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--manifests", type=int, default=10_000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    hub, api, licenses = load_catalog()

    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, ".git"))
    with open(os.path.join(args.out, ".gitignore"), "w") as f:
        f.write("build/\nnode_modules/\n*.generated/\n")
    with open(os.path.join(args.out, ".modelgate.yaml"), "w") as f:
        f.write("# generated by perf/gen_monorepo.py\npreset: recommended\n")

    counter = [0]
    models = ignored = 0
    used = set()
    for i in range(args.manifests):
        while True:
            parts = [rnd.choice(AREAS), "team-%02d" % rnd.randrange(40),
                     "%s-%d" % (rnd.choice(WORDS), rnd.randrange(60))]
            for _ in range(rnd.randint(0, 2)):
                parts.append(rnd.choice(WORDS))
            d = os.path.join(*parts)
            if d not in used:
                used.add(d)
                break
        name = "ai-models.yml" if rnd.random() < 0.1 else "ai-models.yaml"
        text, n = manifest(rnd, "svc-%d" % i, hub, api, licenses, counter)
        models += n
        full = os.path.join(args.out, d)
        os.makedirs(full, exist_ok=True)
        with open(os.path.join(full, name), "w") as f:
            f.write(text)
        if rnd.random() < 0.05:  # an ignored copy (vendored or generated)
            junk = os.path.join(full, rnd.choice(["build", "node_modules", "out.generated"]))
            os.makedirs(junk, exist_ok=True)
            with open(os.path.join(junk, "ai-models.yaml"), "w") as f:
                f.write("this: [is not checked\n")
            ignored += 1
    print("%s: %d manifests checked, %d ignored, %d models" % (args.out, args.manifests, ignored, models))


if __name__ == "__main__":
    main()
