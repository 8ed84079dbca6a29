//! `modelgate policy test|list|doc`, `explain <rule>`, `check --explain`, and the safety
//! checks on third-party policies (time limit, recursion, rule contract).

use std::time::{Duration, Instant};

use serde_json::Value;

mod common;
use common::run;

/// Run `args` as given (they carry their own `--format json`); the exit code and the report.
fn json(args: &[&str]) -> (i32, Value) {
    let r = run(args);
    (r.code, r.json())
}

#[test]
fn builtin_pack_tests_pass_with_coverage_over_90() {
    let (code, v) = json(&["policy", "test", "--coverage", "--format", "json"]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["summary"]["failed"], 0);
    assert!(v["summary"]["total"].as_u64().unwrap() >= 45);
    let pct = v["coverage"]["percent"].as_f64().unwrap();
    assert!(pct >= 90.0, "built-in coverage {pct}%");
    // Test files are not "policies under test"; every rule file and lib.rego is.
    let files: Vec<&str> = v["coverage"]["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"builtin:lib.rego"), "{files:?}");
    assert!(files.contains(&"builtin:no_user_cap.rego"), "{files:?}");
    assert!(!files
        .iter()
        .any(|f| f.ends_with("_test.rego") || f.ends_with("testing.rego")));
}

#[test]
fn a_failing_user_test_is_exit_1_and_named_with_its_place() {
    let r = run(&["policy", "test", "tests/fixtures/policy-tests"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains(
            "FAIL  tests/fixtures/policy-tests/max_params_test.rego:12  test_big_model_is_accepted"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains(
        "ok    tests/fixtures/policy-tests/max_params_test.rego:7  test_big_model_fires"
    ));
    assert!(
        r.stdout.contains("2 tests: 1 passed, 1 failed"),
        "{}",
        r.stdout
    );
    // Only the user's tests run when a directory is given.
    assert!(!r.stdout.contains("builtin:"), "{}", r.stdout);

    let (code, v) = json(&[
        "policy",
        "test",
        "tests/fixtures/policy-tests",
        "-f",
        "json",
    ]);
    assert_eq!(code, 1);
    let failed: Vec<&Value> = v["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["passed"] == false)
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["name"], "test_big_model_is_accepted");
    assert_eq!(failed[0]["line"], 12);
}

#[test]
fn coverage_is_per_file_and_the_threshold_fails_the_run() {
    // The fixture's `too_large` helper is never reached by a test (line 22); `metadata` is
    // not counted.
    let r = run(&[
        "policy",
        "test",
        "tests/fixtures/policy-tests",
        "--coverage",
    ]);
    assert!(
        r.stdout.contains(
            "83.3%     5/6     tests/fixtures/policy-tests/max_params.rego  (not covered: 22)"
        ),
        "{}",
        r.stdout
    );
    // Built-in pack passes a 90% threshold...
    assert_eq!(run(&["policy", "test", "--coverage-min", "90"]).code, 0);
    // ...and a user pack that is below it fails, saying so.
    let (code, v) = json(&[
        "policy",
        "test",
        "tests/fixtures/custom-policy-tests",
        "--coverage-min",
        "95",
        "-f",
        "json",
    ]);
    assert_eq!(code, 1, "{v}");
    assert_eq!(v["summary"]["failed"], 0, "{v}");
    assert!(v["coverage"]["percent"].as_f64().unwrap() < 95.0);
    let r = run(&[
        "policy",
        "test",
        "tests/fixtures/custom-policy-tests",
        "--coverage-min",
        "95",
    ]);
    assert!(
        r.stdout.contains("is below --coverage-min 95"),
        "{}",
        r.stdout
    );
    assert_eq!(
        run(&["policy", "test", "--coverage-min", "120"]).code,
        2,
        "a percentage above 100 is a usage error"
    );
}

#[test]
fn policy_that_does_not_compile_is_exit_2_naming_file_and_line() {
    for cmd in [
        vec!["policy", "test", "tests/fixtures/policy-syntax"],
        vec![
            "check",
            "tests/fixtures/basic",
            "--policy",
            "tests/fixtures/policy-syntax",
        ],
    ] {
        let r = run(&cmd);
        assert_eq!(r.code, 2, "{cmd:?}");
        assert!(
            r.stderr
                .contains("tests/fixtures/policy-syntax/bad.rego:9:1"),
            "{}",
            r.stderr
        );
    }
}

#[test]
fn a_non_terminating_policy_is_stopped_by_the_limit_and_named() {
    let started = Instant::now();
    let (code, v) = json(&[
        "check",
        "tests/fixtures/basic",
        "--policy",
        "tests/fixtures/policy-loop",
        "--policy-timeout",
        "0.5",
        "--format",
        "json",
    ]);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert_eq!(code, 2);
    let msg = v["errors"][0]["message"].as_str().unwrap();
    assert!(
        msg.contains("tests/fixtures/policy-loop/loop.rego: rule `slow`"),
        "{msg}"
    );
    assert!(msg.contains("time limit of 0.5 s"), "{msg}");
}

#[test]
fn recursion_is_rejected_before_evaluation_naming_file_line_and_cycle() {
    let started = Instant::now();
    let r = run(&[
        "check",
        "tests/fixtures/basic",
        "--policy",
        "tests/fixtures/policy-recursive",
    ]);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("tests/fixtures/policy-recursive/rec.rego:5: recursion is not allowed"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains(
            "`modelgate.rules.countdown.depth` (line 5) → `modelgate.rules.countdown.depth` (line 5)"
        ),
        "{}",
        r.stderr
    );
    // Through an import, across packages and files.
    let r = run(&["policy", "test", "tests/fixtures/policy-mutual"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "`acme.helpers.pong` (line 5) → `modelgate.rules.ping.check` (line 7) → `acme.helpers.pong` (line 5)"
        ),
        "{}",
        r.stderr
    );
    // Names that merely look alike are not recursion.
    let r = run(&[
        "check",
        "tests/fixtures/basic",
        "--policy",
        "tests/fixtures/policy-shadow",
        "--allow",
        "shadow",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn rule_packages_must_follow_the_contract() {
    let r = run(&[
        "check",
        "tests/fixtures/basic",
        "--policy",
        "tests/fixtures/policy-no-violations",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(
        "tests/fixtures/policy-no-violations/nothing.rego: rule package `modelgate.rules.nothing` defines no `violations` set"
    ), "{}", r.stderr);
    let r = run(&[
        "check",
        "tests/fixtures/basic",
        "--policy",
        "tests/fixtures/policy-nested",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "tests/fixtures/policy-nested/deep.rego: package `modelgate.rules.team.deep` is nested"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn policy_list_shows_default_and_effective_levels() {
    let (code, v) = json(&[
        "policy",
        "list",
        "--policy",
        "tests/fixtures/policy-custom",
        "--deny",
        "osi-approved",
        "--allow",
        "no-proprietary",
        "-f",
        "json",
    ]);
    assert_eq!(code, 0);
    let rules = v["rules"].as_array().unwrap();
    let get = |id: &str| rules.iter().find(|r| r["id"] == id).cloned().unwrap();
    let osi = get("osi-approved");
    assert_eq!(osi["default_level"], "warning");
    assert_eq!(osi["level"], "error");
    assert_eq!(osi["level_origin"], "command line --deny osi-approved");
    assert_eq!(osi["file"], "builtin:osi_approved.rego");
    assert_eq!(get("no-proprietary")["level"], "off");
    assert_eq!(get("no-user-cap")["level_origin"], "default");
    assert!(rules.len() >= 12, "built-ins and the custom rule");
    assert!(rules.iter().any(|r| r["file"]
        .as_str()
        .unwrap()
        .starts_with("tests/fixtures/policy-custom/")));

    let r = run(&["policy", "list", "--deny", "osi-approved"]);
    assert!(r.stdout.starts_with("RULE "), "{}", r.stdout);
    assert!(r
        .stdout
        .lines()
        .any(|l| l.starts_with("osi-approved")
            && l.contains("error (command line --deny osi-approved)")));
    assert_eq!(run(&["policy", "list", "--deny", "osi-aproved"]).code, 2);
}

#[test]
fn rule_docs_come_from_metadata() {
    let r = run(&["policy", "doc"]);
    assert_eq!(r.code, 0);
    // 17 Rego rules with examples, and 4 native rules (waiver and drift rules).
    for (section, n) in [
        ("**What it checks.**", 21),
        ("**Why it matters.**", 21),
        ("**How to fix.**", 21),
        ("**Reported:**", 17),
    ] {
        assert_eq!(r.stdout.matches(section).count(), n, "{section}");
    }
    let r = run(&["explain", "no-user-cap"]);
    assert_eq!(r.code, 0);
    for part in [
        "no-user-cap — License caps monthly active users",
        "Why it matters:",
        "How to fix:",
        "Reported:",
        "    - id: meta-llama/Llama-3.1-8B-Instruct",
    ] {
        assert!(r.stdout.contains(part), "{part}\n{}", r.stdout);
    }
}

#[test]
fn check_explain_gives_the_facts_and_the_level_origin() {
    let (code, v) = json(&[
        "check",
        "tests/fixtures/basic",
        "--explain",
        "--deny",
        "no-user-cap",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "no-user-cap")
        .unwrap();
    let x = &f["explanation"];
    assert_eq!(x["level"], "error");
    assert_eq!(x["level_origin"], "command line --deny no-user-cap");
    assert_eq!(x["default_level"], "warning");
    let facts = x["facts"].as_array().unwrap();
    let term = facts.iter().find(|t| t["fact"] == "term llama3.1").unwrap();
    assert_eq!(term["value"]["user_cap_mau"], 700000000);
    assert!(term["source"]
        .as_str()
        .unwrap()
        .contains("meta-llama/llama-models"));
    let judged = facts
        .iter()
        .find(|t| t["fact"] == "license judged")
        .unwrap();
    assert_eq!(judged["value"]["from"], "catalog");
    let other = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "attribution-required")
        .unwrap();
    assert_eq!(other["explanation"]["level_origin"], "default");
    // Without --explain the report is unchanged.
    let (_, plain) = json(&["check", "tests/fixtures/basic", "--format", "json"]);
    assert!(plain["findings"][0].get("explanation").is_none());

    let r = run(&[
        "check",
        "tests/fixtures/basic",
        "--explain",
        "--deny",
        "no-user-cap",
        "--color",
        "never",
    ]);
    assert!(
        r.stdout
            .contains("why: level error (command line --deny no-user-cap; default warning)"),
        "{}",
        r.stdout
    );
}

#[test]
fn input_prints_the_document_policies_receive() {
    let (code, v) = json(&["input", "tests/fixtures/basic/ai-models.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(v["input_version"], 1);
    assert_eq!(v["manifest"]["path"], "tests/fixtures/basic/ai-models.yaml");
    // A user policy that echoes what it received sees exactly this document.
    let (_, report) = json(&[
        "check",
        "tests/fixtures/basic/ai-models.yaml",
        "--policy",
        "tests/fixtures/policy-echo",
        "--format",
        "json",
        "--fail-on",
        "never",
    ]);
    let echoed = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "echo-input")
        .unwrap();
    let seen: Value = serde_json::from_str(echoed["message"].as_str().unwrap()).unwrap();
    assert_eq!(seen, v);
}

fn builtin_engine() -> modelgate::engine::Engine {
    modelgate::engine::Engine::new(true, &[], &[], modelgate::engine::DEFAULT_TIMEOUT)
        .expect("built-in pack loads")
}

#[test]
fn readme_rule_tables_match_the_rule_metadata() {
    let mut rules = builtin_engine().rules().to_vec();
    rules.extend(modelgate::ruleset::native_rules());
    let table = modelgate::ruledoc::table(&rules);
    for file in ["README.md", "policies/README.md"] {
        let text = std::fs::read_to_string(file).expect("readable");
        let want = modelgate::ruledoc::replace_table(&text, &table)
            .unwrap_or_else(|| panic!("{file} lost its rule-table markers"));
        if want == text {
            continue;
        }
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(file, want).expect("writable");
            continue;
        }
        panic!(
            "{file}: the rule table is out of date with the rules' metadata.\n\
             Regenerate it with `UPDATE_DOCS=1 cargo test --test policy readme`, or paste the \
             output of `modelgate policy doc --table` between the markers."
        );
    }
}

#[test]
fn every_documented_example_gives_the_documented_verdict() {
    let engine = builtin_engine();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut checked = 0;
    for rule in engine.rules() {
        let ex = rule
            .examples
            .as_ref()
            .unwrap_or_else(|| panic!("{} has no examples", rule.id));
        let config = dir.path().join(".modelgate.yaml");
        std::fs::write(&config, ex.config.as_deref().unwrap_or("{}\n")).expect("writable");
        for (text, fires) in [(&ex.fail, true), (&ex.pass, false)] {
            let path = dir.path().join("ai-models.yaml");
            std::fs::write(&path, text).expect("writable");
            let mut builder = modelgate::ruleset::Builder::new(modelgate::ruleset::Options {
                policies: Vec::new(),
                timeout: std::time::Duration::from_secs(5),
                base: None,
                flags: Vec::new(),
                local_cards: false,
            });
            let opts = modelgate::runner::RunOptions {
                config: Some(config.clone()),
                no_waivers: false,
                explain: false,
                scan: false,
                stdin: None,
            };
            let report = modelgate::runner::run(&mut builder, &opts, &[path])
                .unwrap_or_else(|e| panic!("{}: {:?}", rule.id, e.errors));
            assert!(report.errors.is_empty(), "{}: {:?}", rule.id, report.errors);
            let hit = report.findings.iter().any(|f| f.rule == rule.id);
            assert_eq!(
                hit,
                fires,
                "{}: example {} the rule:\n{text}",
                rule.id,
                if fires { "does not trip" } else { "trips" }
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 34);
}

#[test]
fn custom_policy_example_is_tested_and_enforced() {
    let (code, v) = json(&[
        "policy",
        "test",
        "examples/custom-policy/policies",
        "--coverage-min",
        "100",
        "-f",
        "json",
    ]);
    assert_eq!(code, 0, "{v}");
    assert!(v["summary"]["passed"].as_u64().unwrap() >= 5);
    let (code, v) = json(&[
        "check",
        "examples/custom-policy",
        "--policy",
        "examples/custom-policy/policies",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "{v}");
    let errors: Vec<(&str, &str)> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| (f["rule"].as_str().unwrap(), f["model"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [("edge-model-size", "mistralai/Mixtral-8x22B-v0.1")]
    );
}
