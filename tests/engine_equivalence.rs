//! The built-in pack runs as bytecode on regorus's virtual machine (compiled by `build.rs`);
//! user policies, `policy test` and the fallback run on the interpreter. Both must find the
//! same violations. This test builds a corpus that walks the knowledge base (every model and
//! variant, every license, each declared rightly, wrongly, not at all, as part of an
//! expression, as a fine-tune's base) under varied projects, and compares the two evaluators
//! on it under several configurations, plus every manifest in `examples/` and
//! `tests/fixtures/`. It also checks that the document evaluated (built as regorus's value,
//! with shared parts) is the one `modelgate input` prints.

use std::collections::BTreeMap;
use std::time::Duration;

use modelgate::catalog::Catalog;
use modelgate::engine::Engine;
use modelgate::rule::Violation;
use serde_json::{json, Value};

/// Project blocks that move the rules reading `project`.
const PROJECTS: &[&str] = &[
    "project:\n  name: a\n",
    "project:\n  name: b\n  commercial: false\n",
    "project:\n  name: c\n  monthly_active_users: 1000\n  annual_revenue_usd: 50000\n",
    "project:\n  name: d\n  monthly_active_users: 900000000\n  annual_revenue_usd: 5000000000\n  distribution: saas\n",
    "project:\n  name: e\n  monthly_revenue_usd: 30000000\n  markets: [EU, KR]\n  distribution: mobile\n",
    "project:\n  name: f\n  annual_revenue_usd: 120000000\n  markets: [US]\n  distribution: internal\n",
];

/// Configurations: none, then each parameter-driven rule switched on.
fn param_sets() -> Vec<Value> {
    vec![
        json!({}),
        json!({"allowed_licenses": ["MIT", "Apache-2.0", "llama3.1", "BSD-3-Clause"]}),
        json!({"denied_licenses": ["gemma", "AGPL-3.0-only", "cc-by-nc-4.0"]}),
        json!({"allowed_licenses": ["MIT"], "denied_licenses": ["MIT"]}),
        json!({"allowed_providers": ["openai", "anthropic"]}),
        json!({"min_openness": "open-source"}),
        json!({"min_openness": "open-weights", "monthly_active_users": 800000000}),
        json!({"monthly_active_users": 5}),
    ]
}

fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Model entries (YAML list items) that together reach every rule, in groups whose model ids
/// differ (a manifest may not declare a model twice).
fn model_entries(catalog: &Catalog) -> Vec<Vec<String>> {
    let mut rounds: Vec<Vec<String>> = vec![Vec::new(); 10];
    let licenses: Vec<&str> = catalog.licenses().map(|l| l.id.as_str()).collect();
    for (i, m) in catalog.models().enumerate() {
        let other = licenses[i % licenses.len()];
        let id = yaml_str(&m.id);
        let mut out = Vec::new();
        out.push(format!("  - id: {id}\n"));
        out.push(format!(
            "  - id: {id}\n    license: {}\n    revision: 0123456789abcdef0123456789abcdef01234567\n",
            yaml_str(&m.license)
        ));
        out.push(format!("  - id: {id}\n    license: {}\n", yaml_str(other)));
        out.push(format!(
            "  - id: {id}\n    license: {}\n    environment: research\n    usage: [distillation]\n",
            yaml_str(&format!("MIT OR {}", m.license))
        ));
        for v in m.variants.iter().chain(&m.api_names).take(3) {
            out.push(format!(
                "  - id: {}\n    provider: openai\n    usage: [inference]\n",
                yaml_str(v)
            ));
        }
        out.push(format!(
            "  - id: acme/ft-{i}\n    base_model: {id}\n    license: Apache-2.0\n"
        ));
        // Names resolved by inference and by router forms.
        if m.hf {
            let name = m.id.rsplit('/').next().unwrap_or(&m.id);
            out.push(format!(
                "  - id: q{i}/{}\n",
                yaml_str(&format!("{name}-GGUF"))
            ));
        }
        if let Some(api) = m.api_names.first() {
            out.push(format!(
                "  - id: {}\n",
                yaml_str(&format!("openrouter/{api}"))
            ));
        }
        for (round, entry) in rounds.iter_mut().zip(out) {
            round.push(entry);
        }
    }
    let mut out = Vec::new();
    for (i, l) in licenses.iter().enumerate() {
        out.push(format!(
            "  - id: acme/m-{i}\n    license: {}\n",
            yaml_str(l)
        ));
        out.push(format!(
            "  - id: acme/n-{i}\n    license: {}\n",
            yaml_str(&format!("({l} AND MIT) OR GPL-3.0-only"))
        ));
    }
    for (i, spdx) in [
        "MIT",
        "Apache-2.0",
        "GPL-2.0+",
        "GPL-3.0-only WITH Classpath-exception-2.0",
        "CC-BY-NC-4.0",
        "AGPL-3.0-or-later",
        "LicenseRef-acme-internal",
        "not-a-license",
        "MIT AND",
    ]
    .iter()
    .enumerate()
    {
        out.push(format!(
            "  - id: acme/spdx-{i}\n    license: {}\n",
            yaml_str(spdx)
        ));
    }
    out.push("  - id: acme/unknown\n".into());
    out.push("  - id: acme/hosted\n    provider: mystery-cloud\n".into());
    rounds.push(out);
    rounds
}

/// The corpus as input documents: the entries in manifests of up to five models, each under
/// every project block.
fn corpus() -> Vec<Value> {
    let catalog = Catalog::get();
    let chunks: Vec<Vec<String>> = model_entries(catalog)
        .iter()
        .flat_map(|round| round.chunks(5).map(<[String]>::to_vec))
        .collect();
    let mut docs = Vec::new();
    for (n, chunk) in chunks.iter().enumerate() {
        let project = PROJECTS[n % PROJECTS.len()];
        for p in [project, PROJECTS[(n + 1) % PROJECTS.len()]] {
            let text = format!("version: 1\n{p}models:\n{}", chunk.concat());
            docs.push(input_of(catalog, &text, &format!("corpus-{n}.yaml")));
        }
    }
    let (files, _) = modelgate::walk::discover(&[
        std::path::PathBuf::from("examples"),
        std::path::PathBuf::from("tests/fixtures"),
    ]);
    for f in files {
        if let Ok(l) = modelgate::manifest::load(&f) {
            docs.push(document(catalog, &l.manifest, &l.display));
        }
    }
    docs
}

fn input_of(catalog: &Catalog, text: &str, name: &str) -> Value {
    let doc = modelgate::yaml::parse(text).unwrap_or_else(|e| panic!("{text}\n{}", e.message));
    let manifest = modelgate::manifest::validate(&doc).unwrap_or_else(|p| {
        panic!(
            "{text}\n{:?}",
            p.iter().map(|p| &p.message).collect::<Vec<_>>()
        )
    });
    document(catalog, &manifest, name)
}

/// The JSON input document, after checking that the one built for evaluation (regorus's
/// value, with shared parts) is the same document.
fn document(catalog: &Catalog, manifest: &modelgate::manifest::Manifest, name: &str) -> Value {
    let json = modelgate::input::build(catalog, manifest, name);
    assert!(
        modelgate::input::build_as::<modelgate::engine::RegoDoc>(catalog, manifest, name)
            .same_as(&json),
        "the evaluated document differs from `modelgate input` for {name}"
    );
    json
}

fn sorted(mut v: Vec<Violation>) -> Vec<(String, String, String, Option<String>)> {
    let mut out: Vec<_> = v
        .drain(..)
        .map(|x| (x.rule, x.pointer, x.message, x.source))
        .collect();
    out.sort();
    out
}

#[test]
fn bytecode_and_interpreter_find_the_same_violations() {
    let docs = corpus();
    assert!(docs.len() > 200, "corpus too small: {}", docs.len());
    let mut fired: BTreeMap<String, usize> = BTreeMap::new();
    for params in param_sets() {
        let data = [json!({"modelgate": {"params": params}})];
        let engine = Engine::new(true, &[], &data, Duration::from_secs(30)).unwrap();
        assert!(
            engine.uses_bytecode(),
            "the built-in pack alone runs as bytecode"
        );
        for (i, doc) in docs.iter().enumerate() {
            let vm = sorted(engine.evaluate(doc).unwrap());
            let interp = sorted(engine.evaluate_on_interpreter(doc).unwrap());
            assert_eq!(
                vm,
                interp,
                "document {i} under params {params}:\n{}",
                serde_json::to_string_pretty(doc).unwrap()
            );
            for v in vm {
                *fired.entry(v.0).or_default() += 1;
            }
        }
    }
    // The comparison means something only if every rule fired somewhere.
    let engine = Engine::new(true, &[], &[], Duration::from_secs(30)).unwrap();
    for rule in engine.rules() {
        assert!(
            fired.get(&rule.id).copied().unwrap_or(0) > 0,
            "rule {} never fired on the corpus: {fired:?}",
            rule.id
        );
    }
}

#[test]
fn user_policies_run_on_the_interpreter() {
    let extra = [(
        "p.rego".to_string(),
        "package modelgate.rules.acme\n\nmetadata := {\"id\": \"acme\", \"title\": \"t\", \"severity\": \"error\", \"description\": \"d\", \"remediation\": \"r\"}\n\nviolations contains {\"msg\": \"x\"} if input.models[_].id == \"x\"\n".to_string(),
    )];
    let engine = Engine::new(true, &extra, &[], Duration::from_secs(5)).unwrap();
    assert!(!engine.uses_bytecode());
    let doc = input_of(Catalog::get(), "version: 1\nmodels:\n  - id: x\n", "m.yaml");
    let found = engine.evaluate(&doc).unwrap();
    assert!(found.iter().any(|v| v.rule == "acme"));
    assert!(found.iter().any(|v| v.rule == "license-missing"));
}

#[test]
fn the_embedded_program_covers_every_builtin_file() {
    let mut listed: Vec<String> = modelgate::engine::BUILTIN
        .iter()
        .map(|(n, _)| format!("builtin:{n}"))
        .collect();
    listed.sort();
    assert_eq!(modelgate::engine::compiled_builtin_files(), listed);
}

#[test]
fn data_that_collides_with_a_rule_is_an_error_on_both_paths() {
    let data = [json!({"modelgate": {"rules": {"osi_approved": {"violations": 1}}}})];
    let err = Engine::new(true, &[], &data, Duration::from_secs(5))
        .err()
        .expect("a data key over a rule is refused");
    assert!(err.to_string().contains("data"), "{err}");
}
