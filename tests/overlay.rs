//! Knowledge overlays: `knowledge:` files in a config chain, layered through `extends`,
//! replacing built-in entries by id, adding licenses the rules judge, checked with places.

mod common;

use std::path::Path;

use common::run_with;
use serde_json::Value;

/// An organization's overlay: a research-only license of its own and an internal model
/// under it.
const ORG_KNOWLEDGE: &str = r#"# Acme's own models and licenses.
licenses:
  - id: LicenseRef-Acme-Research
    name: Acme Research License
    spdx_id: null
    osi_approved: false
    user_cap_mau: null
    revenue_cap_usd: null
    field_of_use_restrictions: true
    commercial_use: non-commercial
    attribution: null
    naming_rule: null
    source: "legal/acme-research-license.md (2026-01)"
    confidence: high
    terms:
      revenue_cap: null
      user_cap: null
      excluded_territories: null
      output_use: []
      copyleft: none
      flow_down: false
models:
  - id: acme/internal-chat
    family: Acme Chat
    developer: Acme
    modality: text-generation
    license: LicenseRef-Acme-Research
    license_name: Acme Research License
    weights_available: true
    training_data_open: false
    training_code_open: false
    openness: open-weights
    mof_class: null
    source: "ml-platform registry entry 42"
    confidence: high
"#;

/// A repository's correction of a built-in entry (line 3 is the entry).
const REPO_KNOWLEDGE: &str = r#"# Legal says this checkpoint came to us under the non-commercial terms.
models:
  - id: black-forest-labs/FLUX.1-schnell
    family: "FLUX.1 [schnell]"
    developer: Black Forest Labs
    modality: text-to-image
    license: CC-BY-NC-4.0
    license_name: Creative Commons Attribution Non Commercial 4.0
    weights_available: true
    training_data_open: false
    training_code_open: false
    openness: open-weights
    mof_class: null
    source: "contract 2026-117 with the vendor"
    confidence: high
"#;

const MANIFEST: &str = "project:\n  commercial: true\nmodels:\n  - id: acme/internal-chat\n  - id: black-forest-labs/FLUX.1-schnell\n    license: Apache-2.0\n  - id: meta-llama/Llama-3.1-8B-Instruct\n";

/// org/ (config + overlay), repo/ (a git root whose config extends the org's and adds its own
/// overlay).
fn tree(repo_knowledge: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::create_dir_all(p.join("org")).unwrap();
    std::fs::create_dir_all(p.join("repo/.git")).unwrap();
    std::fs::write(
        p.join("org/.modelgate.yaml"),
        "knowledge:\n  - knowledge.yaml\n",
    )
    .unwrap();
    std::fs::write(p.join("org/knowledge.yaml"), ORG_KNOWLEDGE).unwrap();
    std::fs::write(
        p.join("repo/.modelgate.yaml"),
        "extends: ../org/.modelgate.yaml\nknowledge: fixes.yaml\n",
    )
    .unwrap();
    std::fs::write(p.join("repo/fixes.yaml"), repo_knowledge).unwrap();
    std::fs::write(p.join("repo/ai-models.yaml"), MANIFEST).unwrap();
    dir
}

fn check(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut a = vec!["check", "--format", "json", "--no-local-cards"];
    a.extend(args);
    let r = run_with(&a, &[], Some(dir));
    (r.code, r.json())
}

fn finding<'a>(v: &'a Value, rule: &str, model: &str) -> Option<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == rule && f["model"] == model)
}

#[test]
fn an_internal_model_under_an_overlay_license_is_judged_by_its_terms() {
    let dir = tree(REPO_KNOWLEDGE);
    let (code, v) = check(dir.path(), &["repo"]);
    assert_eq!(code, 1, "{v:#}");
    assert!(v["errors"].as_array().unwrap().is_empty(), "{v:#}");
    let f = finding(&v, "no-non-commercial", "acme/internal-chat")
        .unwrap_or_else(|| panic!("no no-non-commercial for the internal model: {v:#}"));
    let source = f["source"].as_str().unwrap();
    assert!(
        source.contains("knowledge overlay org/knowledge.yaml:3")
            && source.contains("legal/acme-research-license.md"),
        "{source}"
    );
    // The license is known: neither unknown nor missing.
    for rule in ["license-unknown", "license-missing"] {
        assert!(
            finding(&v, rule, "acme/internal-chat").is_none(),
            "{rule}: {v:#}"
        );
    }
}

#[test]
fn a_corrected_built_in_entry_is_cited_by_overlay_file_and_line() {
    let dir = tree(REPO_KNOWLEDGE);
    let (_, v) = check(dir.path(), &["repo"]);
    let f = finding(&v, "no-non-commercial", "black-forest-labs/FLUX.1-schnell")
        .unwrap_or_else(|| panic!("the correction was not applied: {v:#}"));
    let source = f["source"].as_str().unwrap();
    assert!(
        source.contains(
            "knowledge overlay repo/fixes.yaml:3 (replaces the built-in entry `black-forest-labs/FLUX.1-schnell`)"
        ),
        "{source}"
    );
    // The declaration differs from the corrected license: license-mismatch says so.
    assert!(finding(&v, "license-mismatch", "black-forest-labs/FLUX.1-schnell").is_some());
    // Models the overlay does not touch keep the built-in facts.
    let r = run_with(
        &["check", "--format", "json", "--explain", "repo"],
        &[],
        Some(dir.path()),
    );
    let v = r.json();
    let llama = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["model"] == "meta-llama/Llama-3.1-8B-Instruct")
        .all(|f| !f["source"].as_str().unwrap_or("").contains("overlay"));
    assert!(llama);
    let f = finding(&v, "no-non-commercial", "black-forest-labs/FLUX.1-schnell").unwrap();
    let entry = f["explanation"]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["fact"] == "knowledge-base entry")
        .unwrap();
    assert!(entry["source"]
        .as_str()
        .unwrap()
        .starts_with("knowledge overlay repo/fixes.yaml:3"));

    // Without the overlay the built-in facts hold: no finding.
    std::fs::write(dir.path().join("repo/.modelgate.yaml"), "{}\n").unwrap();
    let (_, v) = check(dir.path(), &["repo"]);
    assert!(finding(&v, "no-non-commercial", "black-forest-labs/FLUX.1-schnell").is_none());
}

#[test]
fn explain_and_config_show_name_the_overlay() {
    let dir = tree(REPO_KNOWLEDGE);
    let repo = dir.path().join("repo");
    let r = run_with(
        &[
            "explain",
            "black-forest-labs/FLUX.1-schnell",
            "--format",
            "json",
        ],
        &[],
        Some(&repo),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["model"]["license"], "CC-BY-NC-4.0");
    assert!(v["model"]["source"]
        .as_str()
        .unwrap()
        .starts_with("knowledge overlay fixes.yaml:3 (replaces the built-in entry"));
    let r = run_with(&["explain", "LicenseRef-Acme-Research"], &[], Some(&repo));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("Acme Research License"), "{}", r.stdout);

    let r = run_with(&["config", "show"], &[], Some(&repo));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for want in [
        "# model acme/internal-chat",
        "org/knowledge.yaml:23",
        "# license LicenseRef-Acme-Research",
        "# model black-forest-labs/FLUX.1-schnell",
        "fixes.yaml:3; replaces the built-in entry",
        "local_cards: true",
    ] {
        assert!(r.stdout.contains(want), "{want}:\n{}", r.stdout);
    }
    let r = run_with(&["config", "show", "--format", "json"], &[], Some(&repo));
    let v = r.json();
    let k = v["knowledge"].as_array().unwrap();
    assert_eq!(k.len(), 2, "org's first, then the repository's");
    assert_eq!(k[0]["written"], "knowledge.yaml");
    assert_eq!(k[1]["written"], "fixes.yaml");
    assert_eq!(k[1]["origin"]["file"], ".modelgate.yaml");
    assert_eq!(k[1]["entries"][0]["replaces"], "built-in");
    assert_eq!(k[0]["entries"].as_array().unwrap().len(), 2);
}

#[test]
fn overlay_errors_have_file_line_column_and_suggestions() {
    let bad = r#"models:
  - id: acme/a
    family: A
    developer: Acme
    modality: text-generation
    license: apache2.0
    license_name: Apache
    weights_available: true
    training_data_open: false
    training_code_open: false
    openness: open-weights
    mof_class: null
    source: "registry"
    confidence: high
  - id: acme/b
    familly: B
  - id: acme/a
    family: A again
    developer: Acme
    modality: text-generation
    license: MIT
    license_name: MIT
    weights_available: true
    training_data_open: false
    training_code_open: false
    openness: open-weights
    mof_class: null
    source: "registry"
    confidence: high
"#;
    let dir = tree(bad);
    let (code, v) = check(dir.path(), &["repo"]);
    assert_eq!(code, 2, "{v:#}");
    let errs: Vec<(String, u64, u64, String, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap_or(0),
                e["column"].as_u64().unwrap_or(0),
                e["message"].as_str().unwrap().to_string(),
                e["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let at = |line: u64| {
        errs.iter()
            .find(|e| e.1 == line)
            .unwrap_or_else(|| panic!("no error on line {line}: {errs:#?}"))
    };
    let e = at(6);
    assert_eq!((e.0.as_str(), e.2), ("repo/fixes.yaml", 14), "{e:?}");
    assert!(e.3.contains("license `apache2.0`"), "{e:?}");
    assert_eq!(e.4, "did you mean `Apache-2.0`?");
    let e = at(16);
    assert_eq!((e.2, e.3.as_str()), (5, "unknown key `familly`"), "{e:?}");
    assert_eq!(e.4, "did you mean `family`?");
    let e = at(17);
    assert_eq!(e.2, 9, "{e:?}");
    assert!(
        e.3.contains("`acme/a` is listed twice (also under `acme/a` at repo/fixes.yaml:2)"),
        "{e:?}"
    );
    assert_eq!(errs.len(), 3, "{errs:#?}");
    // The manifest is not judged under a broken chain.
    assert_eq!(v["summary"]["manifests"], 0);

    // A license listed twice in one file, and unknown top-level keys.
    let entry = &ORG_KNOWLEDGE
        [ORG_KNOWLEDGE.find("  - id:").unwrap()..ORG_KNOWLEDGE.find("models:").unwrap()];
    let text = format!("licences: []\nlicenses:\n{entry}{entry}model: []\n");
    let second = 3 + entry.lines().count();
    std::fs::write(dir.path().join("repo/fixes.yaml"), &text).unwrap();
    let (code, v) = check(dir.path(), &["repo"]);
    assert_eq!(code, 2);
    let msgs: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{}:{}:{} {} ({})",
                e["file"].as_str().unwrap(),
                e["line"],
                e["column"],
                e["message"].as_str().unwrap(),
                e["help"].as_str().unwrap_or("")
            )
        })
        .collect();
    let want = [
        "repo/fixes.yaml:1:1 unknown key `licences` in a knowledge file (did you mean `licenses`?)".to_string(),
        format!("repo/fixes.yaml:{second}:9 license name `licenseref-acme-research` is used twice (also at repo/fixes.yaml:3) ()"),
        format!("repo/fixes.yaml:{}:1 unknown key `model` in a knowledge file (did you mean `models`?)", 2 * second - 3),
    ];
    for w in &want {
        assert!(msgs.contains(w), "{w}\n{msgs:#?}");
    }
}

#[test]
fn a_missing_knowledge_file_names_the_config_line() {
    let dir = tree(REPO_KNOWLEDGE);
    std::fs::remove_file(dir.path().join("repo/fixes.yaml")).unwrap();
    let (code, v) = check(dir.path(), &["repo"]);
    assert_eq!(code, 2);
    let msg = v["errors"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("knowledge file named at repo/.modelgate.yaml:2:12"),
        "{msg}"
    );
}

#[test]
fn schema_knowledge_describes_overlay_files() {
    let r = common::run(&["schema", "knowledge"]);
    assert_eq!(r.code, 0);
    let v = r.json();
    assert_eq!(v["additionalProperties"], false);
    let model = &v["properties"]["models"]["items"];
    let license = &v["properties"]["licenses"]["items"];
    for key in [
        "id",
        "license",
        "base_model",
        "variants",
        "patterns",
        "source",
        "confidence",
    ] {
        assert!(model["properties"][key].is_object(), "{key}");
    }
    assert!(license["properties"]["terms"]["properties"]["copyleft"].is_object());
    assert!(model["required"]
        .as_array()
        .unwrap()
        .contains(&Value::from("license")));
    // The schema's keys are exactly the ones the overlay loader accepts (its "allowed keys"
    // help lists them; `inherits` is computed, never written).
    let dir =
        tree("models:\n  - {id: acme/x, zzz: 1}\nlicenses:\n  - {id: LicenseRef-X, zzz: 1}\n");
    let (_, v) = check(dir.path(), &["repo"]);
    let allowed = |what: &str| -> Vec<String> {
        let e = v["errors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["help"].as_str().is_some_and(|h| h.contains(what)))
            .unwrap_or_else(|| panic!("{v:#}"));
        let mut keys: Vec<String> = e["help"].as_str().unwrap()["allowed keys: ".len()..]
            .split(", ")
            .map(str::to_string)
            .collect();
        keys.sort();
        keys
    };
    let sorted = |o: &Value, extra: &[&str]| -> Vec<String> {
        let mut keys: Vec<String> = o["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        keys.extend(extra.iter().map(|s| s.to_string()));
        keys.sort();
        keys
    };
    assert_eq!(allowed("family"), sorted(model, &["inherits"]));
    assert_eq!(allowed("osi_approved"), sorted(license, &[]));
}
