//! CI integrations seen from the command line: every `--format` on one fixed report,
//! `--output`, baselines (create, apply, stale entries, bad files) and file errors in every
//! format. The independent validators (SARIF Multitool, JUnit XSD) run in
//! `tests/integration/validate-formats.sh`, from `.ci/run`.

use std::path::Path;

use serde_json::Value;

mod common;
use common::{run, run_in, Run};

const FORMATS: [&str; 6] = ["human", "json", "sarif", "github", "junit", "markdown"];

/// The fixed report: tests/fixtures/basic, two findings baselined, one stale entry.
fn fixed(format: &str) -> Run {
    run(&[
        "check",
        "tests/fixtures/basic",
        "--baseline",
        "tests/fixtures/ci-baseline/baseline.json",
        "--color",
        "never",
        "--format",
        format,
    ])
}

#[test]
fn every_format_on_the_fixed_report() {
    for format in FORMATS {
        let r = fixed(format);
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{format}: {}", r.stderr);
        assert!(!r.stdout.contains('\u{1b}'), "{format}: colour codes");
        insta::assert_snapshot!(format!("fixed_{format}"), r.stdout);
    }
}

#[test]
fn sarif_results_suppressions_and_stale_entries() {
    let v: Value = serde_json::from_str(&fixed("sarif").stdout).unwrap();
    let run = &v["runs"][0];
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 22);
    let suppressed: Vec<&Value> = results
        .iter()
        .filter(|r| r.get("suppressions").is_some())
        .collect();
    assert_eq!(suppressed.len(), 2);
    let flux = suppressed
        .iter()
        .find(|r| r["ruleId"] == "no-non-commercial")
        .unwrap();
    assert_eq!(
        flux["suppressions"][0]["justification"],
        "research-only use, approved by legal (LEGAL-7)"
    );
    assert_eq!(flux["baselineState"], "unchanged");
    // The region underlines the value: `license: flux-...` has no license line, so the id.
    let region = &flux["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 12);
    assert_eq!(region["startColumn"], 9);
    assert_eq!(
        region["endColumn"],
        9 + "black-forest-labs/FLUX.1-dev".len() as u64
    );
    let notes = run["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert_eq!(
        notes.len(),
        1,
        "one stale entry; the unchecked manifest's is not stale"
    );
    assert_eq!(notes[0]["descriptor"]["id"], "stale-baseline-entry");
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        15
    );
}

#[test]
fn output_writes_the_format_and_keeps_the_human_report_on_stdout() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["sarif", "junit", "markdown", "human"] {
        let out = dir.path().join(format!("report.{format}"));
        let r = run(&[
            "check",
            "tests/fixtures/basic",
            "--baseline",
            "tests/fixtures/ci-baseline/baseline.json",
            "--color",
            "never",
            "--format",
            format,
            "--output",
            out.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert_eq!(
            r.stdout,
            fixed("human").stdout,
            "{format}: stdout is the human report"
        );
        let written = std::fs::read_to_string(&out).unwrap();
        assert_eq!(
            written,
            fixed(format).stdout,
            "{format}: file holds the format"
        );
    }
    // A missing directory is created (the README's `--output reports/modelgate.xml`).
    let r = run(&[
        "check",
        "tests/fixtures/basic",
        "--format",
        "sarif",
        "--output",
        dir.path().join("no/such/dir/x.sarif").to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let written = std::fs::read_to_string(dir.path().join("no/such/dir/x.sarif")).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    // A directory cannot be written as a file.
    let r = run(&[
        "check",
        "tests/fixtures/basic",
        "--format",
        "sarif",
        "--output",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is a directory"), "{}", r.stderr);
}

#[test]
fn file_errors_appear_in_every_format() {
    for format in FORMATS {
        let r = run(&[
            "check",
            "tests/fixtures/bad",
            "--format",
            format,
            "--color",
            "never",
        ]);
        assert_eq!(r.code, 2, "{format}");
        assert!(
            r.stdout.contains("tests/fixtures/bad/nested/ai-models.yml"),
            "{format} does not name the broken file:\n{}",
            r.stdout
        );
    }
    let sarif: Value =
        serde_json::from_str(&run(&["check", "tests/fixtures/bad", "--format", "sarif"]).stdout)
            .unwrap();
    let inv = &sarif["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert!(inv["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .all(|n| n["level"] == "error"));
    let junit = run(&["check", "tests/fixtures/bad", "--format", "junit"]).stdout;
    assert!(junit.contains("<error type=\"file-error\""), "{junit}");
}

#[test]
fn fail_on_moves_the_junit_failures_with_the_exit_code() {
    let r = run(&[
        "check",
        "tests/fixtures/basic",
        "--format",
        "junit",
        "--fail-on",
        "never",
    ]);
    assert_eq!(r.code, 0);
    assert!(!r.stdout.contains("<failure"), "{}", r.stdout);
    assert!(r.stdout.contains("<system-out>"), "findings stay visible");
    let r = run(&[
        "check",
        "tests/fixtures/basic",
        "--format",
        "junit",
        "--fail-on",
        "note",
    ]);
    assert_eq!(r.code, 1);
    // 7 models × 17 rules = 119 cases; one failing case per (model, rule) with findings.
    assert!(
        r.stdout
            .contains("tests=\"119\" failures=\"21\" errors=\"0\""),
        "{}",
        r.stdout
    );
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const MANIFEST: &str = "version: 1
project:
  name: adoption
models:
  - id: black-forest-labs/FLUX.1-dev
  - id: acme/internal-model
    license: MIT
    revision: 0123456789abcdef0123456789abcdef01234567
";

#[test]
fn baseline_round_trip_new_findings_and_stale_entries() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("svc/ai-models.yaml"), MANIFEST);
    std::fs::create_dir(root.join("ci")).unwrap();
    let r = run_in(root, &["baseline", "create", "ci/modelgate-baseline.json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("wrote ci/modelgate-baseline.json"),
        "{}",
        r.stdout
    );
    let text = std::fs::read_to_string(root.join("ci/modelgate-baseline.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    let entries = v["findings"].as_array().unwrap();
    assert!(!entries.is_empty());
    // Paths are relative to the baseline file, and no entry records a line.
    assert!(entries
        .iter()
        .all(|e| e["manifest"] == "../svc/ai-models.yaml" && e.get("line").is_none()));
    assert!(entries
        .iter()
        .any(|e| e["rule"] == "no-non-commercial" && e["model"] == "black-forest-labs/FLUX.1-dev"));

    // Everything is baselined: exit 0, from the root or from another directory.
    for (cwd, baseline, target) in [
        (root.to_path_buf(), "ci/modelgate-baseline.json", "svc"),
        (root.join("svc"), "../ci/modelgate-baseline.json", "."),
    ] {
        let r = run_in(
            &cwd,
            &["check", target, "--baseline", baseline, "--color", "never"],
        );
        assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
        assert!(
            r.stdout
                .contains("findings baselined (not shown), 0 stale entries"),
            "{}",
            r.stdout
        );
        assert!(!r.stdout.contains("no-non-commercial"), "{}", r.stdout);
    }

    // Edits move every line and add a model: only the new model's findings are reported.
    write(
        &root.join("svc/ai-models.yaml"),
        &MANIFEST.replace(
            "models:\n",
            "# a comment\nmodels:\n  - id: black-forest-labs/FLUX.1-Kontext-dev\n    revision: 0123456789abcdef0123456789abcdef01234567\n",
        ),
    );
    let r = run_in(
        root,
        &[
            "check",
            "svc",
            "--baseline",
            "ci/modelgate-baseline.json",
            "--format",
            "json",
        ],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let active: Vec<&Value> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["suppressed"] == false)
        .collect();
    assert!(!active.is_empty());
    assert!(
        active
            .iter()
            .all(|f| f["model"] == "black-forest-labs/FLUX.1-Kontext-dev"),
        "{active:?}"
    );
    assert_eq!(v["baseline"]["stale"].as_array().unwrap().len(), 0);
    assert!(v["baseline"]["baselined"].as_u64().unwrap() > 0);

    // A model goes away: its entries are stale, reported, and do not fail the run.
    write(
        &root.join("svc/ai-models.yaml"),
        "version: 1\nmodels:\n  - id: acme/internal-model\n    license: MIT\n    revision: 0123456789abcdef0123456789abcdef01234567\n",
    );
    let r = run_in(
        root,
        &[
            "check",
            "svc",
            "--baseline",
            "ci/modelgate-baseline.json",
            "--color",
            "never",
        ],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stdout.contains("stale: `no-non-commercial` for `black-forest-labs/FLUX.1-dev` in svc/ai-models.yaml (ci/modelgate-baseline.json:"),
        "{}",
        r.stdout
    );
}

#[test]
fn bad_baselines_are_usage_errors_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
    let manifest = manifest.to_str().unwrap();
    let cases = [
        ("missing.json", None, "missing.json: no such file"),
        ("syntax.json", Some("{\"version\": 1,\n  \"findings\": [}\n"), "syntax.json:2:"),
        (
            "field.json",
            Some("{\"version\": 1, \"findings\": [\n {\"rule\": \"x\", \"manifest\": \"m\", \"model\": null, \"lines\": 3}]}"),
            "field.json:2:",
        ),
        ("version.json", Some("{\"version\": 9, \"findings\": []}"), "version 9 is not supported"),
    ];
    for (name, text, expect) in cases {
        if let Some(t) = text {
            write(&root.join(name), t);
        }
        let r = run_in(root, &["check", manifest, "--baseline", name]);
        assert_eq!(r.code, 2, "{name}: {}", r.stdout);
        assert!(r.stderr.contains(expect), "{name}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "{name}: nothing is checked");
    }
}

#[test]
fn baseline_create_refuses_a_run_with_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.json");
    let r = run(&[
        "baseline",
        "create",
        out.to_str().unwrap(),
        "tests/fixtures/bad",
    ]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("was not written"), "{}", r.stderr);
    assert!(!out.exists());
}

#[test]
fn baseline_create_keeps_reasons_of_entries_it_rewrites() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(&root.join("ai-models.yaml"), MANIFEST);
    assert_eq!(run_in(root, &["baseline", "create", "b.json"]).code, 0);
    let text = std::fs::read_to_string(root.join("b.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    for e in v["findings"].as_array_mut().unwrap() {
        if e["rule"] == "no-non-commercial" {
            e["reason"] = "accepted until the migration (PLAT-9)".into();
        }
    }
    write(
        &root.join("b.json"),
        &serde_json::to_string_pretty(&v).unwrap(),
    );
    assert_eq!(run_in(root, &["baseline", "create", "b.json"]).code, 0);
    let again = std::fs::read_to_string(root.join("b.json")).unwrap();
    assert!(
        again.contains("accepted until the migration (PLAT-9)"),
        "{again}"
    );
    let r = run_in(
        root,
        &["check", "--baseline", "b.json", "--format", "sarif"],
    );
    assert!(r.stdout.contains("accepted until the migration (PLAT-9)"));
}

fn repo_file(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).expect(path)
}

#[test]
fn readme_documents_the_workflow_hooks_and_action_inputs() {
    let readme = repo_file("README.md");
    let workflow = repo_file("examples/ci/github-workflow.yml");
    assert!(
        readme.contains(&workflow),
        "README must quote examples/ci/github-workflow.yml verbatim"
    );
    let hooks = modelgate::yaml::parse(&repo_file(".pre-commit-hooks.yaml")).unwrap();
    let ids: Vec<&str> = hooks
        .value
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["modelgate", "modelgate-policy-test"]);
    for id in ids {
        assert!(
            readme.contains(&format!("id: {id}")),
            "README lacks hook {id}"
        );
    }
    let action = modelgate::yaml::parse(&repo_file("action.yml")).unwrap();
    let inputs = action.value["inputs"].as_object().unwrap();
    for name in inputs.keys() {
        assert!(
            readme.contains(&format!("| `{name}` |")),
            "README's input table lacks `{name}`"
        );
    }
    // Every format the CLI offers is in the README's format table.
    for format in FORMATS {
        assert!(readme.contains(&format!("| `{format}` |")), "{format}");
    }
}
