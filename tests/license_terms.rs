//! License terms that decide real cases (issue 15): caps with their period and usage-aware
//! levels, display thresholds, excluded territories, output-use restrictions, copyleft against
//! distribution, `osi-approved` on proprietary services and `revision-pinned` on snapshot
//! names. Each case is a realistic manifest under `tests/fixtures/terms/`, run through
//! `check --format json` as a user would.

mod common;

use common::{json, run, run_in};
use serde_json::Value;

const DIR: &str = "tests/fixtures/terms";

/// The findings of one rule: (severity, message).
fn findings(v: &Value, rule: &str) -> Vec<(String, String)> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| {
            (
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn check(name: &str) -> Value {
    json(&["check", &format!("{DIR}/{name}.yaml")]).1
}

fn one(v: &Value, rule: &str) -> (String, String) {
    let f = findings(v, rule);
    assert_eq!(f.len(), 1, "{rule}: {f:#?}");
    f.into_iter().next().unwrap()
}

#[test]
fn kimi_k2_threshold_is_a_display_duty_not_a_cap() {
    for name in ["kimi-above", "kimi-below"] {
        let v = check(name);
        assert!(findings(&v, "no-user-cap").is_empty(), "{name}: {v}");
        assert!(findings(&v, "no-revenue-cap").is_empty(), "{name}: {v}");
    }
    let above = findings(&check("kimi-above"), "attribution-required");
    let duty = above
        .iter()
        .find(|(_, m)| m.contains("displaying \"Kimi K2"))
        .expect("the threshold is stated");
    assert_eq!(duty.0, "note");
    assert!(duty.1.contains(
        "more than 100,000,000 monthly active users or more than USD 20,000,000 in monthly revenue"
    ));
    assert!(duty
        .1
        .contains("150,000,000 monthly active users: over the threshold, the duty applies"));
    let below = findings(&check("kimi-below"), "attribution-required");
    assert!(below.iter().any(|(_, m)| m.contains(
        "declares 2,000,000 monthly active users, 500,000 USD monthly revenue: under the threshold"
    )));
}

#[test]
fn devstral_monthly_cap_compares_monthly_revenue() {
    let (level, msg) = one(&check("devstral-monthly"), "no-revenue-cap");
    assert_eq!(level, "error");
    assert!(
        msg.contains("whose rights end above USD 20,000,000 in monthly revenue"),
        "{msg}"
    );
    assert!(
        msg.contains("USD 25,000,000 a month: over the cap"),
        "{msg}"
    );
    // USD 120M a year is USD 10M a month: under a USD 20M monthly cap.
    let (level, msg) = one(&check("devstral-annual-under"), "no-revenue-cap");
    assert_eq!(level, "note");
    assert!(
        msg.contains("USD 120,000,000 a year, about USD 10,000,000 a month: under the cap"),
        "{msg}"
    );
}

#[test]
fn stability_annual_cap_levels_follow_the_declared_revenue() {
    let (level, msg) = one(&check("stability-annual"), "no-revenue-cap");
    assert_eq!(level, "error");
    assert!(
        msg.contains("above USD 1,000,000 in annual revenue"),
        "{msg}"
    );
    assert!(msg.contains("USD 4,500,000 a year: over the cap"), "{msg}");
    let (level, msg) = one(&check("stability-none"), "no-revenue-cap");
    assert_eq!(level, "warning");
    assert!(msg.contains("declares no revenue"), "{msg}");
}

#[test]
fn an_explicit_level_wins_over_the_findings_own() {
    let (_, v) = json(&[
        "check",
        &format!("{DIR}/stability-annual.yaml"),
        "--warn",
        "no-revenue-cap",
    ]);
    assert_eq!(one(&v, "no-revenue-cap").0, "warning");
}

#[test]
fn llama4_and_the_eu() {
    let (level, msg) = one(&check("llama4-eu"), "no-territory-restrictions");
    assert_eq!(level, "error");
    assert!(msg.contains("does not apply in EU"), "{msg}");
    assert!(msg.contains("declares the market(s) EU"), "{msg}");
    let (level, msg) = one(&check("llama4-none"), "no-territory-restrictions");
    assert_eq!(level, "warning");
    assert!(msg.contains("declares no markets"), "{msg}");
    assert!(findings(&check("llama4-us"), "no-territory-restrictions").is_empty());
}

#[test]
fn hunyuan_in_south_korea() {
    let (level, msg) = one(&check("hunyuan-kr"), "no-territory-restrictions");
    assert_eq!(level, "error");
    assert!(msg.contains("EU, GB, KR"), "{msg}");
}

#[test]
fn llama31_distillation_is_an_output_use_error() {
    let (level, msg) = one(&check("llama31-distill"), "no-output-use-restrictions");
    assert_eq!(level, "error");
    assert!(msg.contains("usage includes distillation"), "{msg}");
    // Without that usage it is a note.
    let (level, _) = one(&check("llama4-us"), "no-output-use-restrictions");
    assert_eq!(level, "note");
}

#[test]
fn yolo_in_saas_is_network_copyleft() {
    let (level, msg) = one(&check("yolo-saas"), "copyleft");
    assert_eq!(level, "warning");
    assert!(msg.contains("network copyleft"), "{msg}");
    assert!(msg.contains("`saas`"), "{msg}");
    // An error under the commercial-safe preset.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".modelgate.yaml"),
        "preset: commercial-safe\n",
    )
    .unwrap();
    std::fs::copy(
        format!("{}/{DIR}/yolo-saas.yaml", env!("CARGO_MANIFEST_DIR")),
        dir.path().join("ai-models.yaml"),
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "ai-models.yaml", "--format", "json"]);
    assert_eq!(one(&r.json(), "copyleft").0, "error");
}

#[test]
fn gpt4o_fails_osi_approved() {
    let v = check("gpt4o");
    let (level, msg) = one(&v, "osi-approved");
    assert_eq!(level, "warning");
    assert!(
        msg.contains("proprietary model under its provider's terms"),
        "{msg}"
    );
    assert_eq!(one(&v, "no-proprietary").0, "note");
}

#[test]
fn revision_pinned_does_not_judge_services() {
    // Hosted services publish no weights to pin: neither a dated snapshot name nor an alias
    // raises `revision-pinned`.
    assert!(findings(&check("api-dated"), "revision-pinned").is_empty());
    let undated = findings(&check("api-undated"), "revision-pinned");
    assert!(undated.is_empty(), "{undated:#?}");
}

#[test]
fn markets_are_validated_with_suggestions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ai-models.yaml");
    std::fs::write(
        &path,
        "project:\n  markets: [uk, de, Europe, XQ]\nmodels:\n  - id: mistralai/Mistral-7B-v0.1\n",
    )
    .unwrap();
    let r = run(&["check", path.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr);
    assert!(all.contains("`uk` is not a valid market"), "{all}");
    assert!(all.contains("did you mean `GB`?"), "{all}");
    assert!(all.contains("did you mean `EU`?"), "{all}");
    assert!(all.contains("`XQ` is not a valid market"), "{all}");
    assert!(!all.contains("`de` is not"), "{all}");
}

#[test]
fn input_document_carries_the_terms() {
    let r = run(&["input", &format!("{DIR}/devstral-monthly.yaml")]);
    let v = r.json();
    assert_eq!(v["project"]["monthly_revenue_usd"], 25000000);
    assert_eq!(v["project"]["markets"], serde_json::json!([]));
    let t = &v["models"][0]["license"]["alternatives"][0][0];
    assert_eq!(t["revenue_cap"]["period"], "monthly");
    assert_eq!(t["revenue_cap"]["amount_usd"], 20000000);
    assert_eq!(t["copyleft"], "none");
    let r = run(&["input", &format!("{DIR}/yolo-saas.yaml")]);
    let t = &r.json()["models"][0]["license"]["alternatives"][0][0];
    assert_eq!(t["copyleft"], "network");
}

#[test]
fn explain_shows_the_terms() {
    let r = run(&["explain", "mistral-modified-mit"]);
    assert!(
        r.stdout.contains("USD 20,000,000 monthly (rights-end"),
        "{}",
        r.stdout
    );
    let r = run(&["explain", "tencent-hunyuan-community"]);
    assert!(
        r.stdout.contains("EU, GB, KR (use-location, all models)"),
        "{}",
        r.stdout
    );
}

/// Runs `check` on a copy of `fixture` under a `.modelgate.yaml` holding `config`.
fn check_under(config: &str, fixture: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".modelgate.yaml"), config).unwrap();
    std::fs::copy(
        format!("{}/{DIR}/{fixture}.yaml", env!("CARGO_MANIFEST_DIR")),
        dir.path().join("ai-models.yaml"),
    )
    .unwrap();
    let r = run_in(dir.path(), &["check", "ai-models.yaml", "--format", "json"]);
    r.json()
}

#[test]
fn a_findings_own_level_meets_config_presets_and_locks() {
    // A config's explicit level wins over the finding's own (over the cap would be an error).
    let v = check_under("rules:\n  no-revenue-cap: note\n", "stability-annual");
    assert_eq!(one(&v, "no-revenue-cap").0, "note");
    // A preset's level is replaced by the finding's own: under the cap is a note even under
    // commercial-safe, over it an error, nothing declared the preset's error.
    let v = check_under("preset: commercial-safe\n", "devstral-annual-under");
    assert_eq!(one(&v, "no-revenue-cap").0, "note");
    let v = check_under("preset: commercial-safe\n", "stability-none");
    assert_eq!(one(&v, "no-revenue-cap").0, "error");
    // A lock is a floor: a note below a lock at warning is raised to warning.
    let v = check_under(
        "rules:\n  no-revenue-cap: { level: warning, locked: true }\n",
        "devstral-annual-under",
    );
    assert_eq!(one(&v, "no-revenue-cap").0, "warning");
    // A rule that is off stays off.
    let v = check_under("rules:\n  no-revenue-cap: off\n", "stability-annual");
    assert!(findings(&v, "no-revenue-cap").is_empty());
}
