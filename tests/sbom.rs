//! `modelgate sbom`: CycloneDX 1.6 ML-BOMs, validated against the official schema (vendored in
//! tests/cyclonedx/ from the PyPI package cyclonedx-python-lib) by an independent validator
//! (the `jsonschema` crate), plus the facts each component must carry.

use assert_cmd::Command;
use jsonschema::Registry;
use serde_json::Value;

fn modelgate() -> Command {
    let mut c = Command::cargo_bin("modelgate").expect("binary");
    c.env_remove("NO_COLOR").env_remove("SOURCE_DATE_EPOCH");
    c
}

fn sbom(path: &str) -> (i32, String) {
    let out = modelgate().args(["sbom", path]).output().expect("runs");
    (
        out.status.code().expect("exit code"),
        String::from_utf8(out.stdout).expect("utf-8"),
    )
}

fn schema_file(name: &str) -> Value {
    let text = std::fs::read_to_string(format!("tests/cyclonedx/{name}")).expect("schema file");
    serde_json::from_str(&text).expect("schema is JSON")
}

/// Validation errors of a document against the CycloneDX 1.6 JSON schema (formats checked).
fn schema_errors(doc: &Value) -> Vec<String> {
    let registry = Registry::new()
        .add(
            "http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json",
            schema_file("spdx.SNAPSHOT.schema.json"),
        )
        .expect("spdx schema")
        .add(
            "http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json",
            schema_file("jsf-0.82.SNAPSHOT.schema.json"),
        )
        .expect("jsf schema")
        .prepare()
        .expect("registry");
    let validator = jsonschema::options()
        .with_registry(&registry)
        .should_validate_formats(true)
        .build(&schema_file("bom-1.6.SNAPSHOT.schema.json"))
        .expect("the CycloneDX schema compiles");
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_validator_rejects_an_invalid_bom() {
    // Guard against a validator that accepts anything.
    let bad: Value = serde_json::json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "components": [{"type": "machine-learning-model", "name": "x", "licenses": [{"license": {"id": "Not-An-SPDX-Id"}}]}],
    });
    assert!(!schema_errors(&bad).is_empty());
    let bad_type: Value = serde_json::json!({
        "bomFormat": "CycloneDX", "specVersion": "1.6",
        "components": [{"type": "ai-model", "name": "x"}],
    });
    assert!(!schema_errors(&bad_type).is_empty());
}

#[test]
fn every_example_and_fixture_exports_a_valid_cyclonedx_1_6_bom() {
    let mut dirs: Vec<String> = std::fs::read_dir("examples")
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join("ai-models.yaml").is_file())
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    dirs.extend([
        "tests/fixtures/polyglot".into(),
        "tests/fixtures/basic".into(),
    ]);
    assert!(dirs.len() >= 5, "{dirs:?}");
    for dir in dirs {
        let (code, out) = sbom(&dir);
        assert_eq!(code, 0, "{dir}");
        let doc: Value = serde_json::from_str(&out).expect("JSON");
        let errors = schema_errors(&doc);
        assert!(errors.is_empty(), "{dir}: {errors:#?}");
        assert_eq!(doc["specVersion"], "1.6");
        for c in doc["components"].as_array().unwrap() {
            assert_eq!(c["type"], "machine-learning-model", "{dir}");
        }
    }
}

fn component<'a>(doc: &'a Value, bom_ref: &str) -> &'a Value {
    doc["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["bom-ref"] == bom_ref)
        .unwrap_or_else(|| panic!("no component {bom_ref}"))
}

#[test]
fn components_carry_licenses_purls_and_model_cards() {
    let (_, out) = sbom("tests/fixtures/polyglot");
    let doc: Value = serde_json::from_str(&out).unwrap();

    let llama = component(&doc, "model:meta-llama/Llama-3.1-8B-Instruct");
    assert_eq!(
        llama["purl"],
        "pkg:huggingface/meta-llama/Llama-3.1-8B-Instruct@0e9e39f249a16976918f6564b8830bc894c89659"
    );
    let l = &llama["licenses"][0]["license"];
    assert_eq!(l["name"], "Llama 3.1 Community License Agreement");
    assert_eq!(l["acknowledgement"], "concluded");
    assert_eq!(llama["supplier"]["name"], "Meta");
    assert_eq!(
        llama["modelCard"]["modelParameters"]["architectureFamily"],
        "Llama 3.1"
    );

    // The manifest declares no license for Mistral: the knowledge base's SPDX id is used.
    let mistral = component(&doc, "model:mistralai/Mistral-7B-v0.1");
    assert_eq!(mistral["licenses"][0]["license"]["id"], "Apache-2.0");
    assert_eq!(mistral["group"], "mistralai");
    assert_eq!(mistral["name"], "Mistral-7B-v0.1");

    // A hosted API model has no weights and no purl.
    let gpt = component(&doc, "model:gpt-4o");
    assert!(gpt.get("purl").is_none());
    assert_eq!(gpt["name"], "gpt-4o");

    // An Ollama model is not on the Hub either.
    let ollama = component(&doc, "model:llama3.1");
    assert!(ollama.get("purl").is_none());

    // The project depends on every model.
    let deps = &doc["dependencies"][0];
    assert_eq!(deps["ref"], "project");
    assert_eq!(deps["dependsOn"].as_array().unwrap().len(), 6);
}

#[test]
fn compound_licenses_become_expressions() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ai-models.yaml"),
        "project:\n  name: mixed\nmodels:\n  - id: acme/tuned-7b\n    license: MIT OR Apache-2.0\n  - id: acme/derived\n    license: llama3.1 AND CC-BY-4.0\n",
    )
    .unwrap();
    let (code, out) = sbom(dir.path().to_str().unwrap());
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert!(schema_errors(&doc).is_empty(), "{:#?}", schema_errors(&doc));
    let tuned = component(&doc, "model:acme/tuned-7b");
    assert_eq!(tuned["licenses"][0]["expression"], "MIT OR Apache-2.0");
    assert_eq!(tuned["licenses"][0]["acknowledgement"], "declared");
    assert_eq!(tuned["purl"], "pkg:huggingface/acme/tuned-7b");
    let derived = component(&doc, "model:acme/derived");
    assert_eq!(
        derived["licenses"][0]["expression"],
        "LicenseRef-llama3.1 AND CC-BY-4.0"
    );
}

#[test]
fn output_is_deterministic_and_honours_source_date_epoch() {
    let (_, a) = sbom("tests/fixtures/polyglot");
    let (_, b) = sbom("tests/fixtures/polyglot");
    assert_eq!(a, b);
    let doc: Value = serde_json::from_str(&a).unwrap();
    assert!(doc["metadata"].get("timestamp").is_none());
    let out = modelgate()
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["sbom", "tests/fixtures/polyglot"])
        .output()
        .unwrap();
    let dated: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(dated["metadata"]["timestamp"], "2023-11-14T22:13:20Z");
    assert_ne!(dated["serialNumber"], doc["serialNumber"]);
    insta::assert_json_snapshot!("sbom_polyglot", doc);
}

#[test]
fn output_file_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bom.json");
    let out = modelgate()
        .args(["sbom", "examples/image-studio", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert!(schema_errors(&doc).is_empty());

    let out = modelgate()
        .args(["sbom", "tests/fixtures/bad"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("tests/fixtures/bad/ai-models.yaml"), "{err}");
}
