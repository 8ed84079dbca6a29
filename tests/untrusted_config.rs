//! Issue 14, configs from an untrusted pull request: locks that also freeze parameters and
//! waivers (7), config discovery that stops at a boundary and says what applied (10), a
//! waiver glob that cannot crash the run (11), and the smaller config messages. Each test
//! reproduces the attack as the issue describes it.

mod common;

use common::{run_in, run_with, tree};

const MANIFEST: &str = "version: 1\nproject:\n  name: shop\n  commercial: true\nmodels:\n  - id: black-forest-labs/FLUX.1-dev\n    license: flux-1-dev-non-commercial-license\n    revision: 0ef5fff789c832c5c7f4e127f94c8b54bbcced44\n";

/// The organization's file: non-commercial models and unlisted licenses are errors, locked.
const ORG: &str = "version: 1\nrules:\n  no-non-commercial: { level: error, locked: true }\n  license-allowed: { level: error, locked: true }\n  min-openness: { level: error, locked: true }\nparams:\n  allowed_licenses: [apache-2.0, mit]\n  min_openness: open-weights\n";

fn errors(stdout: &str) -> Vec<(String, u64, String)> {
    let v: serde_json::Value = serde_json::from_str(stdout).expect("json");
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["file"].as_str().unwrap().to_string(),
                e["line"].as_u64().unwrap_or(0),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn item7_a_lock_freezes_params_and_refuses_waivers_from_the_repository() {
    // The attack: the repository extends the locked org file, replaces its params and
    // waives the locked rule for every model until 9999.
    let repo = "version: 1\nextends: [../org/org.yaml]\nparams:\n  allowed_licenses: [apache-2.0, mit, flux-1-dev-non-commercial-license]\n  min_openness: proprietary\nwaivers:\n  - {rule: no-non-commercial, model: \"*\", reason: mine, expires: 9999-12-31}\n";
    let dir = tree(&[
        ("org/org.yaml", ORG),
        ("repo/.git/HEAD", ""),
        ("repo/.modelgate.yaml", repo),
        ("repo/ai-models.yaml", MANIFEST),
    ]);
    let r = run_in(&dir.path().join("repo"), &["check", "--format", "json"]);
    assert_eq!(r.code, 2, "{}\n{}", r.stdout, r.stderr);
    let errs = errors(&r.stdout);
    let find = |what: &str| {
        errs.iter()
            .find(|e| e.2.contains(what))
            .unwrap_or_else(|| panic!("no `{what}` in {errs:?}"))
    };
    let e = find("parameter `allowed_licenses` is frozen");
    assert_eq!((e.0.as_str(), e.1), (".modelgate.yaml", 4), "{e:?}");
    assert!(
        e.2.contains("rule `license-allowed` is locked by ") && e.2.contains("org/org.yaml:4:"),
        "{e:?}"
    );
    assert_eq!(find("parameter `min_openness` is frozen").1, 5);
    let e = find("allows no waivers from other files");
    assert_eq!((e.0.as_str(), e.1), (".modelgate.yaml", 7), "{e:?}");
    assert!(
        e.2.contains("rule `no-non-commercial` is locked by ") && e.2.contains("org/org.yaml:3:")
    );
    assert_eq!(errs.len(), 3, "{errs:?}");
}

#[test]
fn item7_allow_waivers_and_max_waiver_days() {
    let org = "version: 1\nmax_waiver_days: 90\nrules:\n  no-non-commercial: { level: error, locked: true, allow_waivers: true }\n";
    let today = chrono::Utc::now().date_naive();
    let soon = today + chrono::Days::new(30);
    // Allowed by the lock and within 90 days: the waiver applies.
    let ok = format!("version: 1\nextends: [../org/org.yaml]\nwaivers:\n  - {{rule: no-non-commercial, model: \"black-forest-labs/*\", reason: trial, expires: {soon}}}\n");
    let dir = tree(&[
        ("org/org.yaml", org),
        ("repo/.git/HEAD", ""),
        ("repo/.modelgate.yaml", &ok),
        ("repo/ai-models.yaml", MANIFEST),
    ]);
    let repo = dir.path().join("repo");
    let r = run_in(&repo, &["check", "--format", "json"]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // The attack's waiver, 9999-12-31: over the cap, named with its line.
    let far = "version: 1\nextends: [../org/org.yaml]\nwaivers:\n  - {rule: no-non-commercial, model: \"*\", reason: mine, expires: 9999-12-31}\n";
    std::fs::write(repo.join(".modelgate.yaml"), far).unwrap();
    let r = run_in(&repo, &["check", "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let errs = errors(&r.stdout);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!((errs[0].0.as_str(), errs[0].1), (".modelgate.yaml", 4));
    assert!(
        errs[0].2.contains("expires on 9999-12-31")
            && errs[0].2.contains("org/org.yaml:2:")
            && errs[0].2.contains("allows at most 90"),
        "{errs:?}"
    );
    // A lower layer may not raise the cap.
    let raise = "version: 1\nextends: [../org/org.yaml]\nmax_waiver_days: 3650\n";
    std::fs::write(repo.join(".modelgate.yaml"), raise).unwrap();
    let r = run_in(&repo, &["check", "--format", "json"]);
    assert_eq!(r.code, 2);
    assert!(errors(&r.stdout)[0]
        .2
        .contains("would raise the limit of 90 days"));
    // `config show` says what the lock freezes and allows, and the cap.
    std::fs::write(repo.join(".modelgate.yaml"), &ok).unwrap();
    let r = run_in(&repo, &["config", "show"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("waivers from later files allowed"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("max_waiver_days: 90"), "{}", r.stdout);
}

#[test]
fn item7_config_show_lists_the_frozen_params() {
    let dir = tree(&[(".git/HEAD", ""), (".modelgate.yaml", ORG)]);
    let r = run_in(dir.path(), &["config", "show"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("  license-allowed:"))
        .unwrap();
    assert!(
        line.contains("params frozen: allowed_licenses, denied_licenses")
            && line.contains("no waivers from later files"),
        "{line}"
    );
}

#[test]
fn item10_without_git_an_ancestor_config_does_not_apply_and_the_report_says_so() {
    // An ancestor's config (think /tmp or a base image) that would silence everything.
    let quiet = "version: 1\nrules:\n  no-non-commercial: off\n  license-allowed: off\n";
    let dir = tree(&[
        (".modelgate.yaml", quiet),
        ("work/project/ai-models.yaml", MANIFEST),
    ]);
    let project = dir.path().join("work/project");
    let r = run_in(&project, &["check", "--color", "never"]);
    assert_eq!(r.code, 1, "the ancestor's config applied:\n{}", r.stdout);
    assert!(
        r.stdout.contains("\nconfig: none (built-in defaults)\n"),
        "{}",
        r.stdout
    );
    // Named on the command line from above, the project is still its own boundary.
    let r = run_in(
        &dir.path().join("work"),
        &["check", "project", "--format", "json"],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["configs"], serde_json::json!([[]]));
    // Inside a repository the search goes up to its root, and the report names the chain.
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    let org = tree(&[("base.yaml", "version: 1\n")]);
    let top = format!(
        "version: 1\nextends: [{}]\nrules:\n  no-non-commercial: off\n  license-allowed: off\n",
        org.path().join("base.yaml").display()
    );
    std::fs::write(dir.path().join(".modelgate.yaml"), top).unwrap();
    let r = run_in(&project, &["check", "--color", "never"]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let line = r
        .stdout
        .lines()
        .find(|l| l.starts_with("config: "))
        .unwrap();
    assert!(
        line.starts_with(&format!(
            "config: {}/.modelgate.yaml ← ",
            dir.path().display()
        )) && line.ends_with("base.yaml"),
        "{line}"
    );
}

#[test]
fn item11_a_huge_waiver_glob_is_an_error_naming_the_waiver_and_others_are_still_checked() {
    let glob = "*".repeat(100_000);
    let bad = format!(
        "version: 1\nwaivers:\n  - rule: no-non-commercial\n    model: \"{glob}\"\n    reason: r\n    expires: 2999-01-01\n"
    );
    let long = format!(
        "version: 1\nwaivers:\n  - rule: no-non-commercial\n    model: \"{}*\"\n    reason: r\n    expires: 2999-01-01\n",
        "a".repeat(20_000)
    );
    let dir = tree(&[
        (".git/HEAD", ""),
        ("a/.modelgate.yaml", &bad),
        ("a/ai-models.yaml", MANIFEST),
        ("b/.modelgate.yaml", &long),
        ("b/ai-models.yaml", MANIFEST),
        ("c/ai-models.yaml", MANIFEST),
    ]);
    let r = run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let errs = errors(&r.stdout);
    assert_eq!(errs.len(), 2, "{errs:?}");
    for (file, e) in [
        ("a/.modelgate.yaml", &errs[0]),
        ("b/.modelgate.yaml", &errs[1]),
    ] {
        assert_eq!((e.0.as_str(), e.1), (file, 4), "{e:?}");
        assert!(
            e.2.contains("glob is") && e.2.contains("the limit is 512"),
            "{e:?}"
        );
    }
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["file"] == "c/ai-models.yaml" && f["rule"] == "no-non-commercial"));
}

#[test]
fn smaller_config_messages() {
    let dir = tree(&[(".git/HEAD", ""), ("ai-models.yaml", MANIFEST)]);
    let at = |config: &str| {
        std::fs::write(dir.path().join(".modelgate.yaml"), config).unwrap();
        let r = run_in(dir.path(), &["check", "--format", "json"]);
        (r.code, errors(&r.stdout))
    };
    // `version: "1"` is accepted, as in manifests.
    assert_eq!(at("version: \"1\"\n").0, 1);
    // `version: 2.0` is quoted as written, and the help does not contradict the message.
    let (code, e) = at("version: 2.0\n");
    assert_eq!(code, 2);
    assert_eq!(e[0].2, "unsupported config version `2.0`");
    // An impossible date is called impossible.
    let (_, e) = at("version: 1\nwaivers:\n  - {rule: no-non-commercial, model: a/b, reason: r, expires: 2026-02-30}\n");
    assert!(
        e[0].2
            .contains("impossible date: `2026-02-30` does not exist"),
        "{e:?}"
    );
    let (_, e) = at("version: 1\nwaivers:\n  - {rule: no-non-commercial, model: a/b, reason: r, expires: 30.02.2026}\n");
    assert!(
        e[0].2.contains("must be a date written YYYY-MM-DD"),
        "{e:?}"
    );
}

#[test]
fn smaller_numbers_are_quoted_as_written() {
    let manifest = "version: 1\nproject:\n  name: x\n  commercial: 1.0\n  monthly_active_users: 1e3\nmodels: []\n";
    let dir = tree(&[(".git/HEAD", ""), ("ai-models.yaml", manifest)]);
    let r = run_in(dir.path(), &["check", "--format", "json"]);
    assert_eq!(r.code, 2);
    let msgs: Vec<String> = errors(&r.stdout).into_iter().map(|e| e.2).collect();
    assert!(msgs.iter().any(|m| m.ends_with("found `1.0`")), "{msgs:?}");
    assert!(msgs.iter().any(|m| m.ends_with("found `1e3`")), "{msgs:?}");
}

#[test]
fn smaller_the_same_rule_in_two_level_flags_is_a_usage_error() {
    let r = run_with(
        &[
            "check",
            "tests/fixtures/basic",
            "--deny",
            "no-user-cap",
            "--allow",
            "no-user-cap",
        ],
        &[],
        None,
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "`--allow no-user-cap` and `--deny no-user-cap` give rule `no-user-cap` two levels"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn smaller_a_duplicate_waiver_is_not_said_to_match_a_model_that_no_longer_violates() {
    let config = "version: 1\nwaivers:\n  - {rule: no-non-commercial, model: \"black-forest-labs/*\", reason: r, expires: 2999-01-01}\n  - {rule: no-non-commercial, model: black-forest-labs/FLUX.1-dev, reason: r, expires: 2999-01-01}\n";
    let dir = tree(&[
        (".git/HEAD", ""),
        (".modelgate.yaml", config),
        ("ai-models.yaml", MANIFEST),
    ]);
    let r = run_in(dir.path(), &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let unused: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "waiver-unused")
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(unused.len(), 1, "{unused:?}");
    assert!(
        unused[0].contains("the waiver at .modelgate.yaml:3 already covers"),
        "{unused:?}"
    );
}

#[test]
fn item7_a_later_lock_cannot_grant_itself_waivers_or_unfreeze_params() {
    let repo = "version: 1\nextends: [../org/org.yaml]\nrules:\n  no-non-commercial: { level: error, locked: true, allow_waivers: true }\n  license-allowed: { level: error, locked: true, params: [] }\nparams:\n  allowed_licenses: [flux-1-dev-non-commercial-license]\nwaivers:\n  - {rule: no-non-commercial, model: \"*\", reason: mine, expires: 2999-12-31}\n";
    let dir = tree(&[
        ("org/org.yaml", ORG),
        ("repo/.git/HEAD", ""),
        ("repo/.modelgate.yaml", repo),
        ("repo/ai-models.yaml", MANIFEST),
    ]);
    let r = run_in(&dir.path().join("repo"), &["check", "--format", "json"]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let errs = errors(&r.stdout);
    let lines: Vec<u64> = errs.iter().map(|e| e.1).collect();
    assert_eq!(lines, vec![7, 9], "{errs:?}");
    assert!(errs[0].2.contains("parameter `allowed_licenses` is frozen"));
    assert!(errs[1].2.contains("allows no waivers from other files"));
}
