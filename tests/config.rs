//! Configuration files: layering with provenance, locks, presets, parameters, custom policies
//! and data, waivers with expiry, `config show` and `init`. Fixture trees under
//! tests/fixtures/config/.

use std::path::Path;

use serde_json::Value;

const F: &str = "tests/fixtures/config";

mod common;
use common::{json, run, run_with};

/// (rule, severity, model, suppressed) of each finding, sorted.
fn hits(v: &Value) -> Vec<(String, String, String, bool)> {
    let mut out: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
                f["model"].as_str().unwrap_or("-").to_string(),
                f["suppressed"].as_bool().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn has(v: &Value, rule: &str, severity: &str, model: &str) -> bool {
    hits(v)
        .iter()
        .any(|(r, s, m, _)| r == rule && s == severity && m == model)
}

#[test]
fn layers_merge_with_provenance() {
    let repo = format!("{F}/layers/team/repo");
    let r = run(&["config", "show", &repo]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("config_show_layers", r.stdout);
    let (code, v) = {
        let r = run(&["config", "show", &repo, "--format", "json"]);
        (r.code, serde_json::from_str::<Value>(&r.stdout).unwrap())
    };
    assert_eq!(code, 0);
    insta::assert_json_snapshot!("config_show_layers_json", v);

    // The merged levels and parameters are what `check` applies.
    let (code, v) = json(&["check", &repo]);
    assert_eq!(code, 1);
    let llama = "meta-llama/Llama-3.1-8B-Instruct";
    // org locks no-user-cap at error (commercial-safe would too); team raises revision-pinned;
    // repo turns no-proprietary off and lowers osi-approved to a note.
    assert!(has(&v, "no-user-cap", "error", llama));
    assert!(has(&v, "osi-approved", "note", llama));
    assert!(has(
        &v,
        "revision-pinned",
        "error",
        "google-bert/bert-base-uncased"
    ));
    assert!(!hits(&v).iter().any(|h| h.0 == "no-proprietary"));
    // The repo's allowed_providers (azure-openai) replaced the org's list key by key.
    assert!(has(&v, "provider-allowed", "error", "gpt-4o"));
    assert!(has(&v, "provider-allowed", "error", "claude-3-5-sonnet"));
    // The org's monthly_active_users reaches the no-user-cap message.
    let msg = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "no-user-cap")
        .unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.ends_with("(this project expects 2,000,000: under the cap)"),
        "{msg}"
    );
}

#[test]
fn lowering_a_locked_rule_is_a_config_error_naming_both_places() {
    let r = run(&["check", &format!("{F}/locked/repo")]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("locked_lowered_human", r.stdout);
    assert!(r.stdout.contains(
        "rule `no-user-cap` is locked at `error` by tests/fixtures/config/locked/org/org.yaml:4:13"
    ));
    assert!(r
        .stdout
        .contains("tests/fixtures/config/locked/repo/.modelgate.yaml:3:16"));

    // Nor can a command-line flag lower it; raising is fine.
    let repo = format!("{F}/layers/team/repo");
    let r = run(&["check", &repo, "--allow", "no-user-cap"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("`--allow no-user-cap` would lower rule")
            && r.stderr.contains("org/org.yaml:6:40"),
        "{}",
        r.stderr
    );
    let (code, v) = json(&["check", &repo, "--deny", "attribution-required"]);
    assert_eq!(code, 1);
    assert!(has(
        &v,
        "attribution-required",
        "error",
        "meta-llama/Llama-3.1-8B-Instruct"
    ));
}

#[test]
fn raising_a_locked_rule_and_unlocking_attempts() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org.yaml");
    std::fs::write(
        &org,
        "rules:\n  osi-approved: { level: warning, locked: true }\n",
    )
    .unwrap();
    let manifest = Path::new(F).join("waivers/services/chat/ai-models.yaml");
    std::fs::copy(&manifest, dir.path().join("ai-models.yaml")).unwrap();
    std::fs::write(
        dir.path().join(".modelgate.yaml"),
        "extends: org.yaml\nrules:\n  osi-approved: error\n",
    )
    .unwrap();
    let r = run_with(&["check", "--format", "json"], &[], Some(dir.path()));
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(has(
        &v,
        "osi-approved",
        "error",
        "meta-llama/Llama-3.1-8B-Instruct"
    ));
    std::fs::write(
        dir.path().join(".modelgate.yaml"),
        "extends: org.yaml\nrules:\n  osi-approved: { level: error, locked: false }\n",
    )
    .unwrap();
    let r = run_with(&["check"], &[], Some(dir.path()));
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains(
            "rule `osi-approved` is locked by org.yaml:2:43; a later file cannot unlock it"
        ),
        "{}",
        r.stdout
    );
    // A preset named below a lock does not lower it.
    std::fs::write(
        dir.path().join(".modelgate.yaml"),
        "extends: org.yaml\npreset: recommended\nrules:\n  no-user-cap: off\n",
    )
    .unwrap();
    let r = run_with(
        &["config", "show", "--format", "json"],
        &[],
        Some(dir.path()),
    );
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["rules"]["osi-approved"]["level"], "warning");
    assert_eq!(v["rules"]["no-user-cap"]["level"], "off");
}

#[test]
fn waivers_suppress_expire_and_go_stale() {
    let dir = format!("{F}/waivers");
    let (code, v) = json(&["check", &dir]);
    // The expired waiver is an error of its own; its finding counts again.
    assert_eq!(code, 1);
    insta::assert_json_snapshot!("waivers_json", v);
    let llama = "meta-llama/Llama-3.1-8B-Instruct";
    let h = hits(&v);
    assert!(h.contains(&("no-user-cap".into(), "error".into(), llama.into(), true)));
    assert!(h.contains(&("osi-approved".into(), "warning".into(), llama.into(), false)));
    assert!(h.contains(&("waiver-expired".into(), "error".into(), llama.into(), false)));
    assert!(h.contains(&(
        "waiver-unused".into(),
        "warning".into(),
        "stabilityai/*".into(),
        false
    )));
    assert_eq!(v["summary"]["suppressed"], 1);
    let waived = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["suppressed"] == true)
        .unwrap();
    assert_eq!(
        waived["suppression"]["reason"],
        "Legal reviewed the 700M MAU cap against our forecast (LEGAL-482)"
    );
    let r = run(&["check", &dir]);
    insta::assert_snapshot!("waivers_human", r.stdout);
    assert!(r.stdout.contains("suppressed error[no-user-cap]"));

    // An audit ignores every waiver (and reports none of them).
    let (code, v) = json(&["check", &dir, "--no-waivers"]);
    assert_eq!(code, 1);
    let h = hits(&v);
    assert!(h.contains(&("no-user-cap".into(), "error".into(), llama.into(), false)));
    assert!(!h.iter().any(|x| x.0.starts_with("waiver-") || x.3));
}

#[test]
fn a_waived_finding_does_not_fail_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ai-models.yaml"),
        "version: 1\nmodels:\n  - id: black-forest-labs/FLUX.1-dev\n    license: flux-1-dev-non-commercial-license\n    revision: 0ef5fff789c832c5c7f4e127f94c8b54bbcced44\n",
    )
    .unwrap();
    std::fs::write(dir.path().join(".modelgate.yaml"), "preset: recommended\n").unwrap();
    let r = run_with(&["check"], &[], Some(dir.path()));
    assert_eq!(r.code, 1, "{}", r.stdout);
    std::fs::write(
        dir.path().join(".modelgate.yaml"),
        "waivers:\n  - rule: no-non-commercial\n    model: black-forest-labs/FLUX.1-*\n    manifest: ai-models.yaml\n    reason: internal research demo only, never shipped\n    expires: 2099-01-01\n",
    )
    .unwrap();
    let r = run_with(&["check"], &[], Some(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(r.stdout.contains("1 suppressed"), "{}", r.stdout);
    let r = run_with(&["check", "--no-waivers"], &[], Some(dir.path()));
    assert_eq!(r.code, 1);
    // A manifest glob that does not cover the manifest does not waive it.
    std::fs::write(
        dir.path().join(".modelgate.yaml"),
        "waivers:\n  - rule: no-non-commercial\n    model: black-forest-labs/FLUX.1-*\n    manifest: services/**\n    reason: r\n    expires: 2099-01-01\n",
    )
    .unwrap();
    let r = run_with(&["check", "--format", "json"], &[], Some(dir.path()));
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(hits(&v).iter().any(|h| h.0 == "waiver-unused"));
}

#[test]
fn config_errors_have_places_and_do_not_hide_other_manifests() {
    let r = run(&["check", &format!("{F}/bad")]);
    assert_eq!(r.code, 2);
    insta::assert_snapshot!("bad_config_human", r.stdout);

    // The bad config stops its own manifests only.
    let (code, v) = json(&["check", &format!("{F}/bad"), &format!("{F}/waivers")]);
    assert_eq!(code, 2);
    assert_eq!(v["errors"].as_array().unwrap().len(), 8);
    assert!(v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["file"] == "tests/fixtures/config/bad/.modelgate.yaml" && e["line"].is_u64()));
    assert_eq!(
        v["summary"]["manifests"], 1,
        "the other tree is still checked"
    );
    assert!(has(
        &v,
        "waiver-expired",
        "error",
        "meta-llama/Llama-3.1-8B-Instruct"
    ));

    // Unknown rule ids (checked once custom policies are loaded) and extends cycles.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".modelgate.yaml"),
        "rules:\n  osi-aproved: error\nwaivers:\n  - {rule: no-such-rule, model: x, reason: r, expires: 2099-01-01}\n",
    )
    .unwrap();
    std::fs::copy(
        Path::new(F).join("waivers/services/chat/ai-models.yaml"),
        dir.path().join("ai-models.yaml"),
    )
    .unwrap();
    let r = run_with(&["check", "--format", "json"], &[], Some(dir.path()));
    assert_eq!(r.code, 2);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let errs: Vec<(u64, u64, &str)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        errs,
        vec![
            (2, 3, "unknown rule `osi-aproved`"),
            (4, 12, "unknown rule `no-such-rule`")
        ]
    );
    assert_eq!(
        v["errors"][0]["help"].as_str().unwrap().split('?').next(),
        Some("did you mean `osi-approved`")
    );

    let (code, v) = json(&[
        "check",
        &format!("{F}/cycle"),
        "--config",
        &format!("{F}/cycle/a.yaml"),
    ]);
    assert_eq!(code, 2);
    let e = &v["errors"][0];
    assert_eq!(
        e["message"],
        "`extends` forms a cycle: tests/fixtures/config/cycle/a.yaml → tests/fixtures/config/cycle/b.yaml → tests/fixtures/config/cycle/a.yaml"
    );
    assert_eq!(
        (&e["file"], &e["line"], &e["column"]),
        (
            &Value::from("tests/fixtures/config/cycle/b.yaml"),
            &Value::from(3),
            &Value::from(5)
        )
    );

    let r = run(&["check", &format!("{F}/waivers"), "--config", "no/such.yaml"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains("cannot read config `no/such.yaml`"),
        "{}",
        r.stdout
    );
}

#[test]
fn env_config_is_the_lowest_layer() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("org.yaml");
    std::fs::write(
        &org,
        "preset: strict-open-source\nrules:\n  revision-pinned: { level: error, locked: true }\n",
    )
    .unwrap();
    let org = org.to_str().unwrap();
    let repo = format!("{F}/presets");
    let r = run_with(
        &["check", &repo, "--format", "json"],
        &[("MODELGATE_CONFIG", org)],
        None,
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(r.code, 1);
    let llama = "meta-llama/Llama-3.1-8B-Instruct";
    assert!(has(&v, "min-openness", "error", llama));
    assert!(has(&v, "osi-approved", "error", llama));
    // A repository config on top still cannot lower the env layer's lock.
    let cfg = dir.path().join("repo.yaml");
    std::fs::write(&cfg, "rules:\n  revision-pinned: note\n").unwrap();
    let r = run_with(
        &["check", &repo, "--config", cfg.to_str().unwrap()],
        &[("MODELGATE_CONFIG", org)],
        None,
    );
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("is locked at `error` by"), "{}", r.stdout);
}

#[test]
fn presets_judge_the_same_manifest_differently() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = Path::new(F).join("presets/ai-models.yaml");
    std::fs::copy(&manifest, dir.path().join("ai-models.yaml")).unwrap();
    let llama = "meta-llama/Llama-3.1-8B-Instruct";
    let olmo = "allenai/OLMo-2-1124-7B";
    let mut verdicts = Vec::new();
    for preset in ["recommended", "strict-open-source", "commercial-safe"] {
        std::fs::write(
            dir.path().join(".modelgate.yaml"),
            format!("preset: {preset}\n"),
        )
        .unwrap();
        let r = run_with(&["check", "--format", "json"], &[], Some(dir.path()));
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        let errors: Vec<String> = hits(&v)
            .into_iter()
            .filter(|h| h.1 == "error")
            .map(|h| format!("{}:{}", h.0, h.2))
            .collect();
        assert!(
            !errors.iter().any(|e| e.ends_with(olmo)),
            "{preset}: {errors:?}"
        );
        verdicts.push((preset, r.code, errors));
    }
    assert_eq!(
        verdicts,
        vec![
            ("recommended", 0, vec![]),
            (
                "strict-open-source",
                1,
                vec![
                    format!("min-openness:{llama}"),
                    format!("no-field-of-use-restrictions:{llama}"),
                    format!("no-user-cap:{llama}"),
                    format!("osi-approved:{llama}"),
                ]
            ),
            ("commercial-safe", 1, vec![format!("no-user-cap:{llama}")]),
        ]
    );
}

#[test]
fn custom_policies_and_data_from_the_config() {
    let (code, v) = json(&["check", &format!("{F}/custom")]);
    assert_eq!(code, 1);
    let edge: Vec<_> = hits(&v)
        .into_iter()
        .filter(|h| h.0 == "edge-size")
        .collect();
    assert_eq!(
        edge,
        vec![(
            "edge-size".into(),
            "error".into(),
            "meta-llama/Llama-3.1-70B-Instruct".into(),
            false
        )]
    );
    // Rules from the config's policies can be configured like built-in ones.
    let (code, v) = json(&["check", &format!("{F}/custom"), "--allow", "edge-size"]);
    assert_eq!(code, 0);
    assert!(!hits(&v).iter().any(|h| h.0 == "edge-size"));
}

#[test]
fn init_writes_starters_that_pass_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_with(&["init"], &[], Some(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stdout,
        "created ai-models.yaml and .modelgate.yaml\nnext: list your models in ai-models.yaml, then run `modelgate check`\n"
    );
    let manifest = std::fs::read_to_string(dir.path().join("ai-models.yaml")).unwrap();
    // The starters are valid: check passes and config show resolves the config.
    let r = run_with(&["check"], &[], Some(dir.path()));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let r = run_with(&["config", "show"], &[], Some(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(".modelgate.yaml  [found]"),
        "{}",
        r.stdout
    );
    // Uncommenting the example models gives a manifest modelgate accepts.
    let uncommented: String = manifest
        .replace("models: []\n", "models:\n")
        .lines()
        .map(|l| {
            l.strip_prefix('#')
                .filter(|r| r.starts_with("  "))
                .unwrap_or(l)
        })
        .map(|l| {
            l.replace(
                "<40-character commit hash from the Hub>",
                "c9745ed1d9f207416be6d2e6f8de32d1f16199bf",
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::write(sub.join("ai-models.yaml"), uncommented).unwrap();
    let r = run_with(&["check", "sub", "--format", "json"], &[], Some(dir.path()));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["models"], 2);

    // A second init writes nothing and says why.
    std::fs::write(dir.path().join(".modelgate.yaml"), "# mine\n").unwrap();
    let r = run_with(&["init"], &[], Some(dir.path()));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("ai-models.yaml, .modelgate.yaml already exist"),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".modelgate.yaml")).unwrap(),
        "# mine\n"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("ai-models.yaml")).unwrap(),
        manifest
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn recommended_preset_is_every_rule_at_its_default() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".modelgate.yaml"), "preset: recommended\n").unwrap();
    let r = run_with(
        &["config", "show", "--format", "json"],
        &[],
        Some(dir.path()),
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let rules = v["rules"].as_object().unwrap();
    for (id, e) in rules {
        assert_eq!(e["level"], e["default"], "{id}");
        assert_eq!(
            e["origin"]["kind"], "preset",
            "{id} is missing from the preset"
        );
    }
}

#[test]
fn config_schema_matches_the_validator() {
    let r = run(&["schema", "config"]);
    assert_eq!(r.code, 0);
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
    let sorted = |list: &[&str]| {
        let mut k: Vec<String> = list.iter().map(|s| s.to_string()).collect();
        k.sort();
        k
    };
    assert_eq!(keys(&v), sorted(modelgate::config::TOP_KEYS));
    assert_eq!(
        keys(&v["properties"]["waivers"]["items"]),
        sorted(modelgate::config::WAIVER_KEYS)
    );
    let params: Vec<&str> = modelgate::config::BUILTIN_PARAMS
        .iter()
        .map(|(n, _)| *n)
        .collect();
    assert_eq!(keys(&v["properties"]["params"]), sorted(&params));
    let presets: Vec<&str> = modelgate::config::PRESETS.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        v["properties"]["preset"]["enum"],
        serde_json::json!(presets)
    );
    // A config using every key is accepted.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("p")).unwrap();
    std::fs::write(
        dir.path().join("p/r.rego"),
        "package modelgate.rules.r\n\nmetadata := {\"id\": \"r\", \"title\": \"t\", \"severity\": \"note\", \"description\": \"d\", \"remediation\": \"r\"}\n\nviolations contains 1 if false\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("d.yaml"), "x: 1\n").unwrap();
    std::fs::write(dir.path().join("base.yaml"), "{}\n").unwrap();
    std::fs::write(
        dir.path().join(".modelgate.yaml"),
        "version: 1\nextends: base.yaml\npreset: strict-open-source\nrules:\n  osi-approved: warning\n  no-user-cap: {level: error, locked: true, allow_waivers: true, params: [custom]}\nmax_waiver_days: 36500\nparams:\n  allowed_licenses: [MIT]\n  denied_licenses: [cc-by-nc-4.0]\n  allowed_providers: [openai]\n  monthly_active_users: 10\n  min_openness: open-weights\n  custom: {a: 1}\npolicies: p\ndata: [d.yaml]\nwaivers:\n  - {rule: osi-approved, model: x, manifest: '**', reason: r, expires: 2099-01-01, owner: o}\n",
    )
    .unwrap();
    let r = run_with(&["config", "show"], &[], Some(dir.path()));
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[test]
fn special_files_are_refused_not_read() {
    // /dev/zero never ends: reading it as a config or manifest must be refused up front.
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let r = run(&["check", &format!("{F}/waivers"), "--config", "/dev/zero"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout.contains("/dev/zero: is not a regular file"),
        "{}",
        r.stdout
    );
    let r = run(&["check", "/dev/zero"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stdout
            .contains("/dev/zero: is not a regular file or a directory"),
        "{}",
        r.stdout
    );
}

#[test]
fn scan_from_the_config_and_waivers_on_drift() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ai-models.yaml"),
        "version: 1\nmodels:\n  - id: google-bert/bert-base-uncased\n    license: Apache-2.0\n    revision: 86b5e0934494bd15c9632b12f734a8a67f723594\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("app.py"),
        "from transformers import AutoModel\n\nbert = AutoModel.from_pretrained(\"google-bert/bert-base-uncased\")\nllm = AutoModel.from_pretrained(\"mistralai/Mistral-7B-v0.1\")\n",
    )
    .unwrap();
    // Without scan: clean.
    std::fs::write(dir.path().join(".modelgate.yaml"), "scan: false\n").unwrap();
    let r = run_with(&["check"], &[], Some(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stdout);
    // `scan: true` in the config: the undeclared model is an error at its line of code.
    std::fs::write(dir.path().join(".modelgate.yaml"), "scan: true\n").unwrap();
    let r = run_with(&["check", "--format", "json"], &[], Some(dir.path()));
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "undeclared-model")
        .expect("undeclared-model");
    assert_eq!(
        (&f["file"], &f["line"]),
        (&Value::from("app.py"), &Value::from(4))
    );
    // A waiver covers it like any other finding.
    std::fs::write(
        dir.path().join(".modelgate.yaml"),
        "scan: true\nwaivers:\n  - rule: undeclared-model\n    model: mistralai/*\n    reason: evaluation script, not shipped\n    expires: 2099-01-01\n",
    )
    .unwrap();
    let r = run_with(&["check", "--format", "json"], &[], Some(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["summary"]["suppressed"], 1);
}

#[test]
fn init_from_scan_declares_what_the_code_uses() {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        for entry in walk(from) {
            let rel = entry.strip_prefix(from).unwrap();
            let dest = to.join(rel);
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::copy(&entry, dest).unwrap();
        }
    };
    copy(Path::new("tests/fixtures/polyglot"), dir.path());
    std::fs::remove_file(dir.path().join("ai-models.yaml")).unwrap();
    let r = run_with(&["init", "--from-scan"], &[], Some(dir.path()));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(dir.path().join("ai-models.yaml")).unwrap();
    assert!(text.contains("  - id: meta-llama/Llama-3.1-8B-Instruct\n    license: llama3.1"));
    assert!(text.contains("# found at app/inference.py:"), "{text}");
    // Every model the scan finds is now declared; the TODO licenses are for a human.
    let r = run_with(
        &["check", "--scan", "--format", "json"],
        &[],
        Some(dir.path()),
    );
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["errors"].as_array().unwrap().is_empty(), "{v}");
    assert!(!hits(&v).iter().any(|h| h.0 == "undeclared-model"), "{v}");
    assert!(hits(&v).iter().any(|h| h.0 == "license-unknown"));
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn waived_findings_in_the_ci_formats() {
    let dir = format!("{F}/waivers");
    // SARIF: a suppression with the waiver's reason and place.
    let r = run(&["check", &dir, "--format", "sarif"]);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let suppressed: Vec<&Value> = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["ruleId"], "no-user-cap");
    let s = &suppressed[0]["suppressions"][0];
    assert_eq!(s["status"], "accepted");
    assert!(s["justification"]
        .as_str()
        .unwrap()
        .starts_with("Legal reviewed the 700M MAU cap"));
    assert_eq!(
        s["location"]["physicalLocation"]["artifactLocation"]["uri"],
        "tests/fixtures/config/waivers/.modelgate.yaml"
    );
    // JUnit: the waived case is skipped; the expired waiver fails.
    let r = run(&["check", &dir, "--format", "junit"]);
    assert!(r.stdout.contains("skipped=\"1\""), "{}", r.stdout);
    assert!(r.stdout.contains("name=\"waiver-expired\""), "{}", r.stdout);
    // Markdown: a waived section with the reason.
    let r = run(&["check", &dir, "--format", "markdown"]);
    assert!(r.stdout.contains("1 waived finding"), "{}", r.stdout);
    // GitHub annotations leave waived findings out.
    let r = run(&["check", &dir, "--format", "github"]);
    assert!(!r.stdout.contains("title=no-user-cap"), "{}", r.stdout);
    assert!(r.stdout.contains("title=waiver-expired"), "{}", r.stdout);
}

#[test]
fn conflicting_data_files_are_a_config_error_at_the_data_list() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d1.yaml"), "sizes:\n  a: 1\n").unwrap();
    std::fs::write(dir.path().join("d2.yaml"), "sizes:\n  a: 2\n").unwrap();
    std::fs::write(
        dir.path().join(".modelgate.yaml"),
        "data: [d1.yaml, d2.yaml]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ai-models.yaml"),
        "version: 1\nmodels:\n  - id: gpt-4o\n    provider: openai\n",
    )
    .unwrap();
    let r = run_with(&["check", "--format", "json"], &[], Some(dir.path()));
    assert_eq!(r.code, 2);
    let e = &r.json()["errors"][0];
    assert_eq!(e["file"], ".modelgate.yaml");
    assert_eq!(
        (&e["line"], &e["column"]),
        (&Value::from(1), &Value::from(17))
    );
    assert!(e["message"]
        .as_str()
        .unwrap()
        .starts_with("the data files cannot be merged"));
}
