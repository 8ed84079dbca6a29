//! In-process cost of policy evaluation: the built-in pack (all rules) on the input documents
//! of a set of manifests, without process start-up, discovery or reporting.
//!
//! ```sh
//! cargo bench --bench evaluate                      # perf/ten-models.yaml
//! cargo bench --bench evaluate -- DIR_OR_FILE...    # e.g. target/bench-monorepo/1k
//! MODELGATE_BENCH_RULES=1 cargo bench --bench evaluate -- DIR   # also time each rule alone
//! MODELGATE_BENCH_JSON=out.json cargo bench --bench evaluate -- DIR  # numbers for the scripts
//! MODELGATE_BENCH_SINGLE=perf/ten-models.yaml cargo bench ...   # latency on this manifest
//! ```
//!
//! Prints the cost of loading the built-in pack (`Engine::new`: the bytecode compiled at build
//! time), the cold latency of one document (load + one evaluation), the warm latency (median
//! and p95 of one `Engine::evaluate`), and throughput over all documents on one thread
//! (documents/s), on the bytecode and, for comparison, on the interpreter. Documents are
//! passed as JSON (`modelgate input`), so each evaluation includes converting one.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use modelgate::catalog::Catalog;
use modelgate::engine::{Engine, DEFAULT_TIMEOUT};

// The allocator the binary uses.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn median(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    (v[v.len() / 2], v[v.len() * 95 / 100])
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let args: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    let paths = if args.is_empty() {
        vec![root.join("perf/ten-models.yaml")]
    } else {
        args
    };
    let (files, errors) = modelgate::walk::discover(&paths);
    assert!(errors.is_empty(), "{errors:?}");
    let catalog = Catalog::get();
    let inputs: Vec<serde_json::Value> = files
        .iter()
        .filter_map(|f| modelgate::manifest::load(f).ok())
        .map(|l| modelgate::input::build(catalog, &l.manifest, &l.display))
        .collect();
    assert!(!inputs.is_empty(), "no valid manifest under {paths:?}");
    // The same documents as `check` builds them for evaluation (no JSON to convert).
    let docs: Vec<modelgate::engine::RegoDoc> = files
        .iter()
        .filter_map(|f| modelgate::manifest::load(f).ok())
        .map(|l| {
            modelgate::input::build_as::<modelgate::engine::RegoDoc>(
                catalog,
                &l.manifest,
                &l.display,
            )
        })
        .collect();
    let models: usize = inputs
        .iter()
        .map(|i| i["models"].as_array().map_or(0, Vec::len))
        .sum();

    let data = [serde_json::json!({"modelgate": {"params": {}}})];
    let started = Instant::now();
    let engine = Engine::new(true, &[], &data, DEFAULT_TIMEOUT).expect("built-in pack compiles");
    let startup = started.elapsed();
    let mut startups: Vec<f64> = (0..20)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(Engine::new(true, &[], &data, DEFAULT_TIMEOUT).unwrap());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    startups.push(startup.as_secs_f64() * 1e3);
    let (startup_ms, _) = median(startups);

    // Latency: one evaluation of one document (MODELGATE_BENCH_SINGLE, a manifest; else the
    // first document), many times.
    let single = std::env::var_os("MODELGATE_BENCH_SINGLE").map(|p| {
        let l = modelgate::manifest::load(std::path::Path::new(&p)).expect("single manifest loads");
        modelgate::input::build(catalog, &l.manifest, &l.display)
    });
    let first = single.as_ref().unwrap_or(&inputs[0]);
    for _ in 0..20 {
        engine.evaluate(first).unwrap();
    }
    let runs = 300;
    let lat: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(engine.evaluate(first).unwrap());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    let (lat_med, lat_p95) = median(lat);

    // Cold latency: what one check of one manifest pays for policy work from nothing: load
    // the pack, then evaluate the document once.
    let cold: Vec<f64> = (0..100)
        .map(|_| {
            let t = Instant::now();
            let e = Engine::new(true, &[], &data, DEFAULT_TIMEOUT).unwrap();
            std::hint::black_box(e.evaluate(first).unwrap());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    let (cold_med, _) = median(cold);

    // Throughput: every document once per round, on one thread, for at least a second.
    let throughput = |eval: &dyn Fn(&serde_json::Value) -> usize| {
        let mut violations = 0;
        let mut evaluated = 0usize;
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(1) || evaluated < inputs.len() {
            for i in &inputs {
                violations += eval(i);
                evaluated += 1;
            }
        }
        (
            evaluated as f64 / t.elapsed().as_secs_f64(),
            evaluated,
            violations * inputs.len() / evaluated.max(1),
        )
    };
    let (per_s, evaluated, per_round) = throughput(&|i| engine.evaluate(i).unwrap().len());
    // Evaluation alone: the documents as `check` hands them to the engine.
    let mut evaluated_docs = 0usize;
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(1) || evaluated_docs < docs.len() {
        for d in &docs {
            std::hint::black_box(engine.evaluate_doc(d).unwrap());
            evaluated_docs += 1;
        }
    }
    let eval_only_us = t.elapsed().as_secs_f64() * 1e6 / evaluated_docs as f64;
    // The same pack on regorus's tree-walking interpreter (what user policies run on).
    let (interp_per_s, _, interp_round) =
        throughput(&|i| engine.evaluate_on_interpreter(i).unwrap().len());
    assert_eq!(
        per_round, interp_round,
        "both evaluators find the same violations"
    );

    println!(
        "modelgate in-process: {} documents ({} models) from {}",
        inputs.len(),
        models,
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    );
    println!("  load the built-in pack (Engine::new): median {startup_ms:.3} ms");
    println!("  cold latency, load the pack + evaluate one document: median {cold_med:.3} ms");
    println!(
        "  latency, one document ({} models): median {lat_med:.3} ms, p95 {lat_p95:.3} ms over {runs} runs",
        first["models"].as_array().map_or(0, Vec::len)
    );
    println!(
        "  throughput, one thread: {per_s:.0} documents/s ({:.1} µs each; {evaluated} evaluations, {per_round} violations per round)",
        1e6 / per_s,
    );
    println!(
        "  evaluation alone (documents built as `check` builds them, nothing to convert): {eval_only_us:.1} µs each"
    );
    println!(
        "  throughput on the interpreter instead of the bytecode: {interp_per_s:.0} documents/s ({:.1}x slower)",
        per_s / interp_per_s
    );
    if let Ok(out) = std::env::var("MODELGATE_BENCH_JSON") {
        let v = serde_json::json!({
            "documents": inputs.len(),
            "models": models,
            "startup_ms": startup_ms,
            "cold_latency_median_ms": cold_med,
            "interpreter_throughput_per_s": interp_per_s,
            "evaluation_only_us": eval_only_us,
            "latency_median_ms": lat_med,
            "latency_p95_ms": lat_p95,
            "throughput_per_s": per_s,
            "violations_per_round": per_round,
        });
        std::fs::write(out, v.to_string()).expect("write JSON");
    }

    if std::env::var_os("MODELGATE_BENCH_RULES").is_some() {
        let mut per_rule: Vec<(String, f64)> = Vec::new();
        for rule in engine.rules() {
            let mut e = engine.clone();
            let path = format!("{}.violations", rule.origin.package());
            let t = Instant::now();
            for i in &inputs {
                e.eval_path(&path, Some(i)).unwrap();
            }
            per_rule.push((rule.id.clone(), t.elapsed().as_secs_f64() * 1e6));
        }
        per_rule.sort_by(|a, b| b.1.total_cmp(&a.1));
        println!("  each rule alone, all documents once:");
        for (id, us) in per_rule {
            println!("    {id:32} {:8.1} µs/document", us / inputs.len() as f64);
        }
    }
}
