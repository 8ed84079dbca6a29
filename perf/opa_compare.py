#!/usr/bin/env python3
"""The built-in Rego pack, unchanged, evaluated by OPA's Go `rego` package on the input
documents modelgate builds (`modelgate input`), for a side-by-side with modelgate's engine.

    PYTHONPATH=<unpacked opa-golib-python-bindings wheel> \\
      python3 perf/opa_compare.py --inputs docs.jsonl --single single.json --out opa.json

Run through perf/opa_compare.sh, which fetches the wheel and writes the input documents.

The pack is policies/*.rego without the tests (`*_test.rego`, `testing.rego`), plus the same
generated query modelgate evaluates: `data.modelgate.main.results`, an object from rule index
to that rule's `violations` set. Data is what modelgate passes without a config:
`{"modelgate": {"params": {}}}`.

Measured (one thread, in this process):
* throughput: every document once per round, rounds until at least --seconds have passed;
* warm latency: one evaluation of the single-manifest document by a prepared engine, median
  of --runs;
* cold latency: what one check of one manifest pays from nothing: a new engine, the pack and
  data added, the single-manifest document evaluated once (OPA compiles the pack on that
  first evaluation), median of --cold-runs fresh engines;
* the same two for a trivial query (`data.bench.trivial.x`, a constant) on the same inputs:
  what each call costs in JSON encoding, FFI and query set-up alone, to subtract.
"""

import argparse
import glob
import json
import os
import statistics
import time

from opa_bindings import OpaEngine

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pack():
    files = []
    for f in sorted(glob.glob(os.path.join(ROOT, "policies", "*.rego"))):
        name = os.path.basename(f)
        if name.endswith("_test.rego") or name == "testing.rego":
            continue
        files.append((name, open(f, encoding="utf-8").read()))
    packages = sorted(
        line.split()[1]
        for _, src in files
        for line in src.splitlines()
        if line.startswith("package modelgate.rules.")
    )
    main = "package modelgate.main\n\nresults := {\n"
    for i, p in enumerate(packages):
        main += "  %d: data.%s.violations,\n" % (i, p)
    main += "}\n"
    files.append(("modelgate-main.rego", main))
    return files, packages


def timed(fn, docs, seconds):
    n = 0
    start = time.perf_counter()
    while True:
        for d in docs:
            fn(d)
            n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


def latency(fn, doc, runs):
    for _ in range(20):
        fn(doc)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn(doc)
        times.append((time.perf_counter() - t) * 1e3)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inputs", required=True, help="JSON lines, one input document each")
    ap.add_argument("--single", required=True, help="the single-manifest input document")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--cold-runs", type=int, default=15)
    args = ap.parse_args()

    docs = [json.loads(l) for l in open(args.inputs, encoding="utf-8") if l.strip()]
    single = json.load(open(args.single, encoding="utf-8"))

    engine = OpaEngine()
    files, packages = pack()
    t = time.perf_counter()
    for name, src in files:
        engine.add_policy(name, src)
    engine.add_policy("trivial.rego", "package bench.trivial\n\nx := 1\n")
    engine.add_data({"modelgate": {"params": {}}})
    full = lambda d: engine.eval_document("modelgate.main.results", d)
    trivial = lambda d: engine.eval_document("bench.trivial.x", d)
    first = full(single)  # compiles the pack
    startup_ms = (time.perf_counter() - t) * 1e3

    violations = 0
    for d in docs:
        res = full(d)
        violations += sum(len(v) for v in res.values())
    out = {
        "engine": "OPA (Go rego package via opa-golib-python-bindings 0.4.4)",
        "rules": len(packages),
        "documents": len(docs),
        "violations_per_round": violations,
        "single_violations": sum(len(v) for v in first.values()),
        "startup_ms": startup_ms,
        "throughput_per_s": timed(full, docs, args.seconds),
        "trivial_throughput_per_s": timed(trivial, docs, args.seconds / 2),
        "latency_median_ms": latency(full, single, args.runs),
        "trivial_latency_median_ms": latency(trivial, single, args.runs),
    }
    # Cost of the policy work alone: total time per call minus the trivial call's.
    per_doc = 1 / out["throughput_per_s"] - 1 / out["trivial_throughput_per_s"]
    out["corrected_throughput_per_s"] = 1 / per_doc if per_doc > 0 else None
    out["corrected_latency_median_ms"] = out["latency_median_ms"] - out["trivial_latency_median_ms"]
    cold = []
    for _ in range(args.cold_runs):
        t = time.perf_counter()
        e = OpaEngine()
        for name, src in files:
            e.add_policy(name, src)
        e.add_data({"modelgate": {"params": {}}})
        e.eval_document("modelgate.main.results", single)
        cold.append((time.perf_counter() - t) * 1e3)
    out["cold_latency_median_ms"] = statistics.median(cold)
    # The call's JSON/FFI share, as on a warm engine.
    out["corrected_cold_latency_median_ms"] = out["cold_latency_median_ms"] - out["trivial_latency_median_ms"]
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
