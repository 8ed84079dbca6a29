//! The knowledge base on a manifest of models teams ship in late 2026, declared as a new user
//! would (ids only): every verdict, as `check --format json` reports it, and how each model was
//! recognized (`modelgate input`).

mod common;

use std::collections::BTreeMap;

use common::{json, run};
use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/current-models";

/// model id → the rules reported against it (sorted, deduplicated).
fn verdicts(v: &Value) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in v["findings"].as_array().unwrap() {
        let model = f["model"].as_str().unwrap_or("-").to_string();
        let rules = out.entry(model).or_default();
        let rule = f["rule"].as_str().unwrap().to_string();
        if !rules.contains(&rule) {
            rules.push(rule);
        }
    }
    for rules in out.values_mut() {
        rules.sort();
    }
    out
}

#[test]
fn current_models_verdicts() {
    let (code, v) = json(&["check", FIXTURE]);
    assert_eq!(code, 1, "{v}");
    let verdicts = verdicts(&v);
    // Nothing current is unknown any more.
    for rules in verdicts.values() {
        for r in ["license-missing", "license-unknown"] {
            assert!(!rules.contains(&r.to_string()), "{verdicts:#?}");
        }
    }
    insta::assert_json_snapshot!("current_models_verdicts", verdicts);
}

#[test]
fn how_each_model_was_recognized() {
    let r = run(&["input", &format!("{FIXTURE}/ai-models.yaml")]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    let recognized: BTreeMap<String, Value> = doc["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["id"].as_str().unwrap().to_string(),
                serde_json::json!({
                    "entry": m["catalog"]["id"],
                    "matched_by": m["catalog"]["matched_by"],
                    "license": m["license"]["effective"],
                    "hosted_api": m["hosted_api"],
                    "openness": m["openness"],
                }),
            )
        })
        .collect();
    insta::assert_json_snapshot!("current_models_recognized", recognized);
}

#[test]
fn inferred_matches_say_so_and_how_to_confirm() {
    let (_, v) = json(&["check", FIXTURE]);
    let finding = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| {
            f["model"] == "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF"
                && f["rule"] == "license-mismatch"
        })
        .expect("the quantization declared as apache-2.0 is a mismatch");
    let source = finding["source"].as_str().unwrap();
    assert!(
        source.contains("inferred from the name")
            && source.contains("`bartowski/Meta-Llama-3.1-8B-Instruct-GGUF` without `gguf`")
            && source.contains("confirm with `base_model: meta-llama/Meta-Llama-3.1-8B-Instruct`"),
        "{source}"
    );
    // A declared base_model beats inference: the same quantization declared with its base is a
    // derivative, judged by its own license AND the base's, and not a mismatch.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ai-models.yaml"),
        "version: 1\nmodels:\n  - id: bartowski/Meta-Llama-3.1-8B-Instruct-GGUF\n    license: apache-2.0\n    base_model: meta-llama/Llama-3.1-8B-Instruct\n",
    )
    .unwrap();
    let (_, v) = json(&["check", dir.path().to_str().unwrap()]);
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(!rules.contains(&"license-mismatch"), "{rules:?}");
    assert!(rules.contains(&"no-user-cap"), "{rules:?}");
}

#[test]
fn explain_list_searches_the_knowledge_base() {
    let r = run(&["explain", "--list", "kimi"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("moonshotai/Kimi-K2-Instruct"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("kimi-k2-modified-mit"), "{}", r.stdout);
    let (code, v) = json(&["explain", "--list", "qwen2.5-vl"]);
    assert_eq!(code, 0);
    let ids: Vec<&str> = v["models"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"Qwen/Qwen2.5-VL-72B-Instruct"), "{ids:?}");
    assert_eq!(v["count"].as_u64().unwrap() as usize, ids.len());
    let r = run(&["explain", "--list", "no-such-model-anywhere"]);
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("Not found"), "{}", r.stdout);
    // Without --list an id is required.
    assert_eq!(run(&["explain"]).code, 2);
}
