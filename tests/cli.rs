//! CLI tests over fixture repositories: exit codes, rendered diagnostics and JSON reports.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{json, run};

/// (rule, model) pairs of a JSON report, sorted.
fn hits(v: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["model"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    out.sort();
    out
}

fn rules_for(v: &Value, model: &str) -> Vec<String> {
    hits(v)
        .into_iter()
        .filter(|(_, m)| m == model)
        .map(|(r, _)| r)
        .collect()
}

#[test]
fn basic_fixture_verdicts() {
    let (code, v) = json(&["check", "tests/fixtures/basic"]);
    assert_eq!(code, 1);
    assert_eq!(
        rules_for(&v, "meta-llama/Llama-3.1-8B-Instruct"),
        [
            "attribution-required",
            "no-field-of-use-restrictions",
            "no-output-use-restrictions",
            "no-user-cap",
            "osi-approved"
        ]
    );
    // Mistral is Apache-2.0: declaring it as llama3 is a mismatch, and it is judged by its
    // real license, so no Llama terms are reported against it.
    assert_eq!(
        rules_for(&v, "mistralai/Mistral-7B-v0.1"),
        [
            "attribution-required",
            "license-mismatch",
            "revision-pinned"
        ]
    );
    let flux_dev = rules_for(&v, "black-forest-labs/FLUX.1-dev");
    assert!(
        flux_dev.contains(&"no-non-commercial".to_string()),
        "{flux_dev:?}"
    );
    assert_eq!(
        rules_for(&v, "black-forest-labs/FLUX.1-schnell"),
        ["attribution-required"]
    );
    assert_eq!(
        rules_for(&v, "gpt-4o"),
        [
            "no-output-use-restrictions",
            "no-proprietary",
            "osi-approved"
        ]
    );
    assert_eq!(
        rules_for(&v, "acme/internal-model"),
        ["license-missing", "revision-pinned"]
    );
    assert_eq!(
        rules_for(&v, "acme/other"),
        ["license-unknown", "license-unknown", "revision-pinned"]
    );
    insta::assert_json_snapshot!("basic_json", v);
}

#[test]
fn basic_fixture_human() {
    let r = run(&["check", "tests/fixtures/basic", "--color", "never"]);
    assert_eq!(r.code, 1);
    assert!(
        !r.stdout.contains('\u{1b}'),
        "no colour codes when not a terminal"
    );
    insta::assert_snapshot!("basic_human", r.stdout);
}

#[test]
fn user_cap_message_compares_project_users() {
    let (_, v) = json(&["check", "tests/fixtures/basic"]);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "no-user-cap")
        .unwrap();
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("800,000,000: over the cap"));
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(7), Some(14))
    );
    assert!(f["source"].as_str().unwrap().contains("llama3_1/LICENSE"));
}

#[test]
fn bad_manifests_are_errors_with_places_and_suggestions() {
    let (code, v) = json(&["check", "tests/fixtures/bad"]);
    assert_eq!(code, 2);
    insta::assert_json_snapshot!("bad_json", v);
    let r = run(&["check", "tests/fixtures/bad", "--color", "never"]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("bad_human", r.stdout);
}

#[test]
fn one_bad_manifest_does_not_hide_the_others() {
    let (code, v) = json(&["check", "tests/fixtures/bad", "tests/fixtures/basic"]);
    assert_eq!(code, 2);
    assert_eq!(v["summary"]["manifests"], 1);
    assert!(hits(&v).iter().any(|(r, _)| r == "no-user-cap"));
    assert_eq!(v["errors"].as_array().unwrap().len(), 4);
}

#[test]
fn custom_policies_run_beside_builtins() {
    let (code, v) = json(&[
        "check",
        "tests/fixtures/custom",
        "--policy",
        "tests/fixtures/policy-custom",
    ]);
    assert_eq!(code, 1);
    insta::assert_json_snapshot!("custom_json", v);
}

#[test]
fn broken_policy_is_exit_2_naming_the_file() {
    let r = run(&[
        "check",
        "tests/fixtures/custom",
        "--policy",
        "tests/fixtures/policy-broken",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("tests/fixtures/policy-broken/broken.rego"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.is_empty());
}

#[test]
fn rule_levels_and_fail_threshold() {
    // Turning off the only errors leaves warnings: exit 0 by default, 1 with --fail-on warning.
    let off = [
        "check",
        "tests/fixtures/basic",
        "--allow",
        "license-mismatch",
        "--allow",
        "no-non-commercial",
        "--allow",
        "license-missing",
        "--allow",
        "license-unknown",
        // 800M declared users over Llama's 700M cap: an error of its own.
        "--allow",
        "no-user-cap",
    ];
    assert_eq!(run(&off).code, 0);
    let mut warn = off.to_vec();
    warn.extend(["--fail-on", "warning"]);
    assert_eq!(run(&warn).code, 1);
    let mut deny = off.to_vec();
    deny.extend(["--deny", "osi-approved"]);
    let (code, v) = json(&deny);
    assert_eq!(code, 1);
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["rule"] != "license-mismatch"));
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["rule"] == "osi-approved" && f["severity"] == "error"));
    assert_eq!(
        run(&["check", "tests/fixtures/basic", "--fail-on", "never"]).code,
        0
    );
    let r = run(&["check", "tests/fixtures/basic", "--deny", "osi-aproved"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("did you mean `osi-approved`"),
        "{}",
        r.stderr
    );
}

#[test]
fn nothing_to_check_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("no ai-models.yaml"), "{}", r.stdout);
    assert_eq!(run(&["check", "does/not/exist"]).code, 2);
}

#[test]
fn gitignored_manifests_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("svc")).unwrap();
    std::fs::create_dir_all(root.join("build")).unwrap();
    std::fs::write(root.join(".gitignore"), "build/\n").unwrap();
    std::fs::write(root.join("svc/ai-models.yml"), "models:\n  - id: gpt-4o\n").unwrap();
    std::fs::write(root.join("build/ai-models.yaml"), "not: [valid\n").unwrap();
    let (code, v) = json(&["check", root.to_str().unwrap()]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["summary"]["manifests"], 1);
}

#[test]
fn explain_model_license_and_rule() {
    let r = run(&["explain", "meta-llama/llama-3.1-70b-instruct"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("explain_llama", r.stdout);
    let (code, v) = json(&["explain", "flux-1-dev-non-commercial-license"]);
    assert_eq!(code, 0);
    assert_eq!(v["license"]["commercial_use"], "non-commercial");
    assert!(v["license"]["source"]
        .as_str()
        .unwrap()
        .contains("LICENSE-FLUX1-dev"));
    let (_, v) = json(&["explain", "apache-2.0"]);
    assert_eq!(v["license"]["osi_approved"], true);
    let r = run(&["explain", "no-user-cap"]);
    assert!(
        r.stdout.contains("default severity: warning"),
        "{}",
        r.stdout
    );
    // A community quantization is explained as its base model, and says it was inferred.
    let (code, v) = json(&["explain", "TheBloke/Llama-2-7B-Chat-GGUF"]);
    assert_eq!(code, 0);
    assert_eq!(v["matched_by"], "inferred");
    assert_eq!(v["model"]["license"], "llama2");
    assert!(v["inference"]["note"]
        .as_str()
        .unwrap()
        .contains("confirm with `base_model:"));
    assert_eq!(run(&["explain", "acme/not-a-known-model"]).code, 2);
}

#[test]
fn schema_matches_the_validator() {
    let r = run(&["schema"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let keys = |v: &Value| {
        let mut k: Vec<String> = v["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        k.sort();
        k
    };
    let mut model_keys: Vec<String> = modelgate::manifest::MODEL_KEYS
        .iter()
        .map(|s| s.to_string())
        .collect();
    model_keys.sort();
    assert_eq!(keys(&v["properties"]["models"]["items"]), model_keys);
    let mut project_keys: Vec<String> = modelgate::manifest::PROJECT_KEYS
        .iter()
        .map(|s| s.to_string())
        .collect();
    project_keys.sort();
    assert_eq!(keys(&v["properties"]["project"]), project_keys);
    let usages = &v["properties"]["models"]["items"]["properties"]["usage"]["oneOf"][0]["enum"];
    let usages: Vec<&str> = usages
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    assert_eq!(usages, modelgate::manifest::USAGES);
    // Every key the schema allows is accepted by the validator, and an extra one is not.
    let dir = tempfile::tempdir().unwrap();
    let full = "version: 1\nproject:\n  name: n\n  description: d\n  owner: o\n  commercial: false\n  monthly_active_users: 1\n  annual_revenue_usd: 2\n  distribution: saas\n  metadata: {team: x}\nmodels:\n  - id: a/b\n    license: MIT\n    provider: huggingface\n    source: https://huggingface.co/a/b\n    revision: 0e9e39f249a16976918f6564b8830bc894c89659\n    base_model: c/d\n    usage: [inference, evaluation]\n    environment: staging\n    description: d\n    metadata: {size: 7}\n";
    let p = dir.path().join("ai-models.yaml");
    std::fs::write(&p, full).unwrap();
    let r = run(&["check", p.to_str().unwrap(), "--fail-on", "never"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn input_document_is_printed() {
    let r = run(&["input", "tests/fixtures/basic/ai-models.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["input_version"], 1);
    let m = &v["models"][0];
    assert_eq!(
        m["license"]["alternatives"][0][0]["user_cap_mau"],
        700000000
    );
    assert_eq!(m["catalog"]["matched_by"], "variant");
    assert_eq!(v["models"][4]["hosted_api"], true);
}

/// Write `content` as a manifest in a fresh directory and check it.
fn check_text(content: &[u8]) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ai-models.yaml");
    std::fs::write(&p, content).unwrap();
    json(&["check", p.to_str().unwrap()])
}

fn first_error(v: &Value) -> String {
    let e = &v["errors"][0];
    format!(
        "{}:{} {}",
        e["line"],
        e["column"],
        e["message"].as_str().unwrap_or("")
    )
}

#[test]
fn bad_input_is_exit_2_with_a_place() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty", b"".to_vec(), "empty"),
        ("comments only", b"# nothing\n".to_vec(), "empty"),
        ("a list", b"- id: a/b\n".to_vec(), "must be a mapping"),
        ("invalid utf-8", b"models:\n  - id: \xff\xfe\n".to_vec(), "not valid UTF-8"),
        ("tabs", b"models:\n\t- id: a/b\n".to_vec(), "invalid YAML"),
        ("duplicate keys", b"models: []\nmodels: []\n".to_vec(), "duplicate key `models`"),
        ("alias bomb", b"a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n".to_vec(), "aliases expand"),
        ("deep block nesting", b"a:\n".to_vec().into_iter().chain((1..2000).flat_map(|i| format!("{}a:\n", " ".repeat(i)).into_bytes())).collect(), "nesting deeper"),
        ("deep flow nesting", "[".repeat(100_000).into_bytes(), "invalid YAML"),
        ("non-string key", b"models: []\n? [a, b]\n: c\n".to_vec(), "keys must be plain strings"),
        ("version 1.10", b"version: 1.10\nmodels: []\n".to_vec(), "`1.10`"),
        ("duplicate ids", b"models:\n  - id: a/b\n  - id: A/B\n".to_vec(), "declared twice"),
        ("number as id", b"models:\n  - id: [1]\n".to_vec(), "must be a string"),
        ("two documents", b"models: []\n---\nmodels: []\n".to_vec(), "more than one YAML document"),
    ];
    for (name, content, expect) in cases {
        let (code, v) = check_text(&content);
        assert_eq!(code, 2, "{name}: {v}");
        let e = first_error(&v);
        assert!(e.contains(expect), "{name}: {e}");
        assert!(
            v["errors"][0]["file"]
                .as_str()
                .unwrap()
                .ends_with("ai-models.yaml"),
            "{name}"
        );
        assert!(
            v["errors"][0]["line"].is_number() || name == "empty",
            "{name}: no line in {v}"
        );
    }
}

#[test]
fn harmless_encodings_are_accepted() {
    for content in [
        b"\xef\xbb\xbfmodels:\n  - id: gpt-4o\n".to_vec(),
        b"models:\r\n  - id: gpt-4o\r\n".to_vec(),
        br#"{"models": [{"id": "gpt-4o"}]}"#.to_vec(),
    ] {
        let (code, v) = check_text(&content);
        assert_eq!(code, 0, "{v}");
        let rules: Vec<String> = hits(&v).into_iter().map(|(r, _)| r).collect();
        assert_eq!(
            rules,
            [
                "no-output-use-restrictions",
                "no-proprietary",
                "osi-approved"
            ]
        );
    }
}

#[test]
fn directory_named_like_a_manifest_and_oversized_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("ai-models.yaml")).unwrap();
    let r = run(&["check", dir.path().join("ai-models.yaml").to_str().unwrap()]);
    assert_eq!(r.code, 2);
    let big = dir.path().join("big.yaml");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(11 * 1024 * 1024).unwrap();
    let (code, v) = json(&["check", big.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(first_error(&v).contains("limited to"), "{v}");
    assert!(Path::new(&big).exists());
}

#[test]
fn bundled_examples_give_their_documented_verdicts() {
    // (example, exit code, rules that must appear)
    let cases: &[(&str, i32, &[&str])] = &[
        (
            "chatbot-llama",
            0,
            &[
                "no-user-cap",
                "no-field-of-use-restrictions",
                "osi-approved",
            ],
        ),
        ("image-studio", 1, &["no-non-commercial", "no-revenue-cap"]),
        ("open-source-stack", 0, &[]),
        ("open-washing", 1, &["license-mismatch", "no-proprietary"]),
        ("fine-tune", 1, &["license-missing", "no-user-cap"]),
        ("monorepo", 0, &[]),
        ("organization", 0, &["no-user-cap", "no-proprietary"]),
    ];
    for (dir, code, rules) in cases {
        let (got, v) = json(&["check", &format!("examples/{dir}")]);
        assert_eq!(got, *code, "examples/{dir}: {v}");
        let found: Vec<String> = hits(&v).into_iter().map(|(r, _)| r).collect();
        for r in *rules {
            assert!(
                found.iter().any(|f| f == r),
                "examples/{dir}: no {r} in {found:?}"
            );
        }
        let readme = std::fs::read_to_string(format!("examples/{dir}/README.md")).unwrap();
        assert!(
            readme.contains(&format!("**Exit code: {code}**")),
            "examples/{dir}/README.md does not state exit code {code}"
        );
    }
    let (_, v) = json(&["check", "examples/organization"]);
    assert_eq!(v["summary"]["suppressed"], 2, "{v}");
    assert_eq!(
        json(&["check", "examples/organization", "--no-waivers"]).0,
        1
    );
    let (_, v) = json(&["check", "examples/open-source-stack"]);
    assert_eq!(v["summary"]["warnings"], 0, "{v}");
    assert_eq!(v["summary"]["errors"], 0, "{v}");
}

#[test]
fn an_unknown_model_under_proprietary_terms_is_proprietary() {
    let (code, v) = check_text(b"models:\n  - id: acme/closed-model\n    license: proprietary\n");
    assert_eq!(code, 0, "{v}");
    let rules: Vec<String> = hits(&v).into_iter().map(|(r, _)| r).collect();
    // Proprietary terms: not OSI-approved, outputs restricted; a service has no revision to pin.
    assert_eq!(
        rules,
        [
            "no-output-use-restrictions",
            "no-proprietary",
            "osi-approved"
        ]
    );
}
