//! In-process cost of loading and merging the 5-layer config chain in perf/config-chain/
//! (read, parse, validate, expand `extends` and the preset, merge). Run with
//! `cargo bench --bench config_chain`.

use std::path::Path;
use std::time::Instant;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("perf/config-chain/repo");
    let file = modelgate::config::find_config(&root).expect("the bench chain exists");
    let resolve = || {
        let r = modelgate::config::resolve(None, Some((&file, "found"))).expect("chain resolves");
        assert_eq!(r.config.layers.len(), 6, "5 files and the preset");
        r
    };
    for _ in 0..50 {
        resolve();
    }
    let mut times: Vec<f64> = (0..2000)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(resolve());
            t.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let p95 = times[times.len() * 95 / 100];
    println!(
        "config chain (5 files + preset): median {median:.3} ms, p95 {p95:.3} ms over {} runs (bar: < 2 ms)",
        times.len()
    );
}
