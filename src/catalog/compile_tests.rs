//! Unit tests of `compile.rs`.
use super::*;

const LICENSES: &str = "licenses:\n  - id: acme\n    name: Acme License\n    spdx_id: null\n    osi_approved: false\n    user_cap_mau: null\n    revenue_cap_usd: null\n    field_of_use_restrictions: false\n    commercial_use: allowed\n    attribution: null\n    naming_rule: null\n    source: acme LICENSE\n    confidence: high\n    terms:\n      revenue_cap: null\n      user_cap: null\n      excluded_territories: null\n      copyleft: none\n      flow_down: false\n";

fn model(id: &str, license: &str, extra: &str) -> String {
    format!("  - id: {id}\n    family: F {id}\n    developer: D\n    modality: text\n    license: {license}\n    license_name: N\n    weights_available: true\n    training_data_open: false\n    training_code_open: false\n    openness: open-weights\n    mof_class: null\n    source: S\n    confidence: high\n{extra}")
}

fn run(models: &str) -> Result<(String, Stats), Vec<String>> {
    let l = crate::yaml::parse(LICENSES).unwrap();
    let m = crate::yaml::parse(&format!("models:\n{models}")).unwrap();
    compile(
        &[Source {
            file: "licenses.yaml".into(),
            doc: &l,
        }],
        &[Source {
            file: "models/x.yaml".into(),
            doc: &m,
        }],
    )
}

fn errors(models: &str) -> String {
    run(models).err().unwrap_or_default().join("\n")
}

#[test]
fn a_valid_catalog_compiles() {
    let (_, stats) = run(&(model("a/one", "acme", "    variants: [a/one-instruct]\n")
        + &model("b/two", "Apache-2.0", "")))
    .unwrap();
    assert_eq!(stats.entries, 2);
    assert_eq!(stats.repo_ids, 3);
}

#[test]
fn unknown_keys_and_licenses_are_located() {
    let e = errors(&model("a/one", "acme", "    colour: red\n"));
    assert!(
        e.contains("models/x.yaml:15:13: model entry: unknown field `colour`"),
        "{e}"
    );
    let e = errors(&model("a/one", "no-such-license", ""));
    assert!(
        e.contains("models/x.yaml:6:14: license `no-such-license`"),
        "{e}"
    );
}

#[test]
fn duplicates_are_refused() {
    let e =
        errors(&(model("a/one", "acme", "") + &model("b/two", "acme", "    variants: [A/One]\n")));
    assert!(
        e.contains("`A/One` is listed twice (also under `a/one`)"),
        "{e}"
    );
}

#[test]
fn a_pattern_that_misroutes_siblings_is_refused() {
    let family = model(
        "q/qwen2-7b",
        "Apache-2.0",
        "    patterns: [\"q/qwen2-*\"]\n",
    );
    let size = model("q/qwen2-3b", "acme", "");
    let e = errors(&(family.clone() + &size));
    assert!(
        e.contains("`q/qwen2-3b` (under `acme`) also matches `q/qwen2-*`"),
        "{e}"
    );
    // With its own, more specific pattern the size entry is fine.
    let size = model("q/qwen2-3b", "acme", "    patterns: [\"q/qwen2-3b*\"]\n");
    let r = run(&(family + &size));
    assert!(r.is_ok(), "{:?}", r.err());
}

#[test]
fn service_patterns_may_not_swallow_open_weights() {
    let open = model("openai/gpt-oss-20b", "Apache-2.0", "");
    let api = model(
        "openai/gpt",
        "proprietary",
        "    hf: false\n    api_patterns: [\"gpt-*\"]\n",
    );
    let e = errors(&(open + &api));
    assert!(
        e.contains(
            "service pattern `gpt-*` also matches the open-weights repo `openai/gpt-oss-20b`"
        ),
        "{e}"
    );
}

#[test]
fn base_models_must_exist_and_compose() {
    let e = errors(&model("a/distill", "MIT", "    base_model: z/missing\n"));
    assert!(
        e.contains("`base_model: z/missing` is not an exact id"),
        "{e}"
    );
    let (out, _) = run(
        &(model("a/distill", "MIT", "    base_model: b/base\n") + &model("b/base", "acme", ""))
    )
    .unwrap();
    assert!(out.contains(r#"\"license\":\"(MIT) AND (acme)\""#), "{out}");
}
