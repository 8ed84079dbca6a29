//! Issue 14, policies and policy limits from an untrusted pull request: one time budget per
//! manifest (13), a large legal manifest (14), OPA's test layout (16), built-in calls checked
//! at load time and `print()` shown (17), and `--policy` locations that collide, load nothing
//! or take over the built-in pack's packages (18). Each test reproduces the issue's attack.

mod common;

use std::time::{Duration, Instant};

use common::{run, run_in, tree};

fn rule(package: &str, id: &str, body: &str) -> String {
    format!(
        "package modelgate.rules.{package}\n\nmetadata := {{\"id\": \"{id}\", \"title\": \"t\", \"severity\": \"error\", \"description\": \"d\", \"remediation\": \"r\"}}\n\nviolations contains v if {{\n{body}\n\tv := {{\"msg\": \"m\", \"path\": []}}\n}}\n"
    )
}

fn check_with(policies: &[&str], extra: &[&str]) -> common::Run {
    let mut args = vec!["check", "tests/fixtures/basic", "--format", "json"];
    for p in policies {
        args.extend(["--policy", p]);
    }
    args.extend(extra);
    run(&args)
}

/// The errors of a run, each `file: message`: from the JSON report when it has them, else
/// from standard error (an error that stops the whole run is reported there).
fn messages(r: &common::Run) -> Vec<String> {
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&r.stdout) {
        let errors = v["errors"].as_array().cloned().unwrap_or_default();
        if !errors.is_empty() {
            return errors
                .iter()
                .map(|e| {
                    format!(
                        "{}: {}",
                        e["file"].as_str().unwrap_or(""),
                        e["message"].as_str().unwrap_or("")
                    )
                })
                .collect();
        }
    }
    r.stderr
        .lines()
        .filter_map(|l| l.strip_prefix("modelgate: error: "))
        .map(str::to_string)
        .collect()
}

fn first_error(r: &common::Run) -> String {
    messages(r)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no error: {}\n{}", r.stdout, r.stderr))
}

#[test]
fn item13_one_budget_per_manifest_and_the_slow_rule_is_named() {
    let started = Instant::now();
    let r = check_with(&["tests/fixtures/policy-loop"], &["--policy-timeout", "2"]);
    let took = started.elapsed();
    assert_eq!(r.code, 2, "{}", r.stdout);
    let m = first_error(&r);
    assert!(
        m.contains("policy-loop/loop.rego: rule `slow`") && m.contains("time limit of 2 s"),
        "{m}"
    );
    // One 2 s budget, not one for every rule and then another for the slow one (4 s and up).
    assert!(took < Duration::from_millis(3500), "took {took:?}");
}

#[test]
fn item13_unusable_time_limits_are_usage_errors() {
    for bad in ["0", "nan", "inf", "-1", "NaN", "1e9", "soon"] {
        let r = run(&["check", "tests/fixtures/basic", "--policy-timeout", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stdout);
        assert!(
            r.stderr.contains("--policy-timeout") && r.stderr.contains(&format!("`{bad}`")),
            "{bad}: {}",
            r.stderr
        );
        let r = run(&["policy", "test", "--policy-timeout", bad]);
        assert_eq!(r.code, 2, "{bad}: {}", r.stdout);
    }
}

#[test]
fn item14_a_legal_manifest_of_100000_models_checks() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("version: 1\nproject:\n  name: big\nmodels:\n");
    for i in 0..100_000 {
        text.push_str(&format!(
            "  - id: acme/model-{i}\n    license: apache-2.0\n    revision: 0123456789abcdef0123456789abcdef{i:08x}\n"
        ));
    }
    // The duplicate check still finds the one repeat, at its line.
    text.push_str("  - id: ACME/model-7\n    license: apache-2.0\n");
    let file = dir.path().join("ai-models.yaml");
    std::fs::write(&file, &text).unwrap();
    let started = Instant::now();
    let r = run_in(dir.path(), &["check", "--format", "json"]);
    let took = started.elapsed();
    assert_eq!(r.code, 2, "{}", r.stderr);
    let v = r.json();
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["line"], 300_005);
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("declared twice (first on line 26)"));
    assert!(took < Duration::from_secs(60), "took {took:?}");
    // Without the repeat every model is checked, no policy error. (All 100 000 take about
    // 50 s of CPU in a debug build: a tenth here; the release binary's figure for all of
    // them is in the report of issue 14.)
    let cut = text.find("  - id: acme/model-10000\n").unwrap();
    std::fs::write(&file, &text[..cut]).unwrap();
    let r = run_in(
        dir.path(),
        &["check", "--format", "json", "--policy-timeout", "60"],
    );
    assert_ne!(r.code, 2, "{}", r.stdout.get(..2000).unwrap_or(&r.stdout));
    assert_eq!(r.json()["summary"]["models"], 10_000);
}

#[test]
fn item16_opa_test_packages_are_not_rule_packages() {
    let dir = tree(&[
        ("foo.rego", &rule("foo", "foo", "\tsome m in input.models\n\tm.id == \"x/y\"")),
        (
            "foo_test.rego",
            "package modelgate.rules.foo_test\n\nimport data.modelgate.rules.foo\n\ntest_flags_x if {\n\tcount(foo.violations) == 1 with input as {\"models\": [{\"id\": \"x/y\"}]}\n}\n",
        ),
    ]);
    let r = run(&["policy", "test", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("ok    ") && r.stdout.contains("test_flags_x"),
        "{}",
        r.stdout
    );
}

#[test]
fn item17_unknown_builtins_are_load_errors_with_their_place() {
    for (call, col) in [
        ("http.send({\"url\": \"http://x\"})", 7),
        ("opa.runtime()", 7),
    ] {
        let dir = tree(&[("r.rego", &rule("r", "r", &format!("\tx := {call}\n\tx")))]);
        let r = check_with(&[dir.path().to_str().unwrap()], &[]);
        assert_eq!(r.code, 2, "{}", r.stdout);
        let m = first_error(&r);
        let name = call.split('(').next().unwrap();
        assert!(
            m.contains(&format!("r.rego:6:{col}: `{name}` is not a function")),
            "{m}"
        );
        // One error for the run, not one per manifest.
        assert_eq!(messages(&r).len(), 1, "{:?}", messages(&r));
    }
}

#[test]
fn item17_non_deterministic_builtins_are_refused_in_rules_allowed_in_tests() {
    for call in ["time.now_ns()", "rand.intn(\"x\", 10)"] {
        let dir = tree(&[("r.rego", &rule("r", "r", &format!("\t{call} < 0")))]);
        let r = check_with(&[dir.path().to_str().unwrap()], &[]);
        assert_eq!(r.code, 2, "{}", r.stdout);
        let m = first_error(&r);
        assert!(
            m.contains("r.rego:6:2:") && m.contains("different value on each run"),
            "{m}"
        );
    }
    let dir = tree(&[
        ("r.rego", &rule("r", "r", "\tfalse")),
        (
            "r_test.rego",
            "package modelgate.rules.r\n\ntest_clock if {\n\ttime.now_ns() > 0\n\tprint(\"clock read\", 42)\n\tcount(violations) == 0\n}\n",
        ),
    ]);
    let r = run(&["policy", "test", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // print() output is shown under its test.
    let lines: Vec<&str> = r.stdout.lines().collect();
    let at = lines.iter().position(|l| l.contains("test_clock")).unwrap();
    assert!(
        lines[at + 1].trim_start().starts_with("print: ")
            && lines[at + 1].ends_with("r_test.rego:5: clock read 42"),
        "{}",
        r.stdout
    );
}

#[test]
fn item17_print_in_a_rule_goes_to_stderr_during_check() {
    let dir = tree(&[(
        "r.rego",
        &rule(
            "r",
            "r",
            "\tsome m in input.models\n\tprint(\"seen\", m.id)\n\tfalse",
        ),
    )]);
    let r = check_with(&[dir.path().to_str().unwrap()], &[]);
    assert_ne!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("r.rego:7: seen meta-llama/Llama-3.1-8B-Instruct"),
        "{}",
        r.stderr
    );
    assert!(!r.stdout.contains("seen"));
}

#[test]
fn item18_two_policy_locations_defining_the_same_rule_are_an_error_naming_both() {
    let text = rule("dup", "dup", "\tfalse");
    let a = tree(&[("dup.rego", &text)]);
    let b = tree(&[("dup.rego", &text)]);
    let r = check_with(
        &[a.path().to_str().unwrap(), b.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    let m = first_error(&r);
    let (fa, fb) = (
        a.path().join("dup.rego").display().to_string(),
        b.path().join("dup.rego").display().to_string(),
    );
    assert!(
        m.starts_with(&format!("{fb}:3: "))
            && m.contains("rule package `modelgate.rules.dup` is already defined by")
            && m.contains(&format!("{fa}:3")),
        "{m}"
    );
}

#[test]
fn item18_a_policy_location_that_loads_nothing_is_an_error() {
    let empty = tree(&[]);
    let upper = tree(&[("X.REGO", &rule("x", "x", "\tfalse"))]);
    for dir in [&empty, &upper] {
        let r = check_with(&[dir.path().to_str().unwrap()], &[]);
        assert_eq!(r.code, 2, "{}", r.stdout);
        let m = first_error(&r);
        assert!(
            m.contains("no policy here: the location holds no `.rego` file"),
            "{m}"
        );
        assert!(m.contains("lower-case `.rego`"), "{m}");
    }
}

#[test]
fn item18_user_modules_may_not_take_over_the_built_in_packages() {
    for (package, why) in [
        ("modelgate", "it holds the built-in pack"),
        ("modelgate.lib", "the built-in pack uses it"),
        ("modelgate.rules", "it holds the built-in pack"),
        ("modelgate.rules.license_allowed", "a built-in rule uses it"),
    ] {
        let dir = tree(&[("evil.rego", &format!("package {package}\n\nx := 1\n"))]);
        let r = check_with(&[dir.path().to_str().unwrap()], &[]);
        assert_eq!(r.code, 2, "{package}: {}", r.stdout);
        let m = first_error(&r);
        let blamed = dir.path().join("evil.rego").display().to_string();
        assert!(
            m.starts_with(&format!(
                "{blamed}:1: package `{package}` is reserved: {why}"
            )),
            "{package}: {m}"
        );
        assert!(!m.contains("builtin:"), "{m}");
    }
}
