//! Reading a report at a glance (issue 18): the model table, `--summary`, `--quiet`, the concise
//! and HTML formats, grouped attribution notes, standard input, and the CLI basics
//! (completions, man pages, the long version).

mod common;

use common::{run, run_with};

const GLANCE: &str = "tests/fixtures/glance";

/// The model table's rows (the lines between its header and the blank line after it).
fn table_rows(out: &str) -> Vec<&str> {
    let mut lines = out.lines().skip_while(|l| !l.starts_with("VERDICT"));
    lines.next().expect("a table header");
    lines.take_while(|l| !l.is_empty()).collect()
}

#[test]
fn model_table_closes_the_human_report() {
    let r = run(&["check", GLANCE, "--color", "never"]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let header = r.stdout.find("VERDICT  MODEL").expect("a table");
    let last_diagnostic = r.stdout.rfind("help:").expect("diagnostics");
    assert!(
        last_diagnostic < header,
        "the table follows the diagnostics"
    );
    let rows = table_rows(&r.stdout);
    assert_eq!(rows.len(), 7, "{}", r.stdout);
    // Sorted by verdict, then id; piped, cells are whole.
    let verdicts: Vec<&str> = rows
        .iter()
        .map(|r| r.split_whitespace().next().unwrap())
        .collect();
    let mut sorted = verdicts.clone();
    sorted.sort_by_key(|v| {
        ["error", "warning", "note", "ok"]
            .iter()
            .position(|x| x == v)
    });
    assert_eq!(verdicts, sorted, "{}", r.stdout);
    assert!(rows[0].starts_with("error"), "{}", r.stdout);
    assert!(r.stdout.contains("sentence-transformers/all-MiniLM-L6-v2"));
    assert!(!r.stdout.contains('…'), "nothing is cut when piped");
    // The counts come last.
    assert!(r
        .stdout
        .trim_end()
        .lines()
        .last()
        .unwrap()
        .contains("in 1 manifest (7 models)"));
}

#[test]
fn summary_only_prints_the_table_and_the_counts() {
    let r = run(&["check", GLANCE, "--summary", "only", "--color", "never"]);
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains("help:"), "no diagnostics:\n{}", r.stdout);
    insta::assert_snapshot!("summary_only_glance", r.stdout);
}

#[test]
fn summary_none_and_table_rows() {
    let r = run(&["check", GLANCE, "--summary", "none", "--color", "never"]);
    assert!(!r.stdout.contains("VERDICT"), "{}", r.stdout);
    let r = run(&["check", GLANCE, "--summary", "only", "--table-rows", "2"]);
    assert_eq!(
        table_rows(&r.stdout).len(),
        3,
        "two rows and the fold line:\n{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("… 5 more models not shown"),
        "{}",
        r.stdout
    );
}

#[test]
fn quiet_prints_only_errors_and_the_counts() {
    let r = run(&["check", GLANCE, "--quiet", "--color", "never"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("error[no-user-cap]") || r.stdout.contains("error["),
        "{}",
        r.stdout
    );
    for word in ["warning[", "note[", "suppressed error[", "VERDICT"] {
        assert!(
            !r.stdout.contains(word),
            "{word} in quiet output:\n{}",
            r.stdout
        );
    }
    assert!(r
        .stdout
        .trim_end()
        .lines()
        .last()
        .unwrap()
        .contains("(7 models)"));
}

#[test]
fn concise_format() {
    let r = run(&["check", GLANCE, "--format", "concise"]);
    assert_eq!(r.code, 1);
    for line in r.stdout.lines().take(r.stdout.lines().count() - 1) {
        assert!(
            line.starts_with("tests/fixtures/glance/ai-models.yaml:"),
            "{line}"
        );
    }
    insta::assert_snapshot!("concise_glance", r.stdout);
}

#[test]
fn markdown_has_the_model_table() {
    let r = run(&["check", GLANCE, "--format", "markdown"]);
    let table = r
        .stdout
        .split("#### Models\n\n")
        .nth(1)
        .expect("a model table");
    let rows: Vec<&str> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    assert_eq!(rows.len(), 7, "{}", r.stdout);
    assert!(rows[0].starts_with("| 🔴 error |"), "{}", r.stdout);
    assert!(table.contains("suppressed: `no-non-commercial`"), "{table}");
}

#[test]
fn permissive_attribution_notes_are_grouped_in_the_human_report_only() {
    let r = run(&["check", GLANCE, "--color", "never"]);
    assert_eq!(
        r.stdout.matches("note[attribution-required]").count(),
        3,
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("3 models are under permissive licenses that require attribution"),
        "{}",
        r.stdout
    );
    // Llama's and FLUX.1 [dev]'s own duties stay notes of their own.
    assert!(r.stdout.contains("requires attribution: Built with Llama"));
    assert!(r.stdout.contains("which requires attribution: Notice:"));
    let json = run(&["check", GLANCE, "--format", "json"]).json();
    let notes = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "attribution-required")
        .count();
    assert_eq!(notes, 5, "every model keeps its finding in JSON");
}

#[test]
fn stdin_is_checked_as_the_stdin_filename() {
    let text = std::fs::read_to_string(format!("{GLANCE}/ai-models.yaml")).unwrap();
    let mut c = common::modelgate();
    c.args([
        "check",
        "-",
        "--stdin-filename",
        "tests/fixtures/glance/ai-models.yaml",
        "--format",
        "json",
    ])
    .current_dir(env!("CARGO_MANIFEST_DIR"))
    .write_stdin(text.clone());
    let out = c.output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1));
    let findings = v["findings"].as_array().unwrap();
    assert!(findings
        .iter()
        .all(|f| f["file"] == "tests/fixtures/glance/ai-models.yaml"));
    // The waiver of the config beside the stdin filename applies.
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "no-non-commercial" && f["suppressed"] == true),
        "{v:#}"
    );
    // Without --stdin-filename the text is `<stdin>`, governed by the current directory.
    let mut c = common::modelgate();
    c.args(["check", "-", "--format", "concise"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .write_stdin(text);
    let out = c.output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("<stdin>:"), "{stdout}");
    assert!(
        stdout.contains("error[no-non-commercial]"),
        "not waived here: {stdout}"
    );
}

#[test]
fn stdin_errors_are_located_and_usage_is_checked() {
    let mut c = common::modelgate();
    c.args([
        "check",
        "-",
        "--stdin-filename",
        "buffer.yaml",
        "--format",
        "concise",
    ])
    .write_stdin("models:\n  - id: [unclosed\n");
    let out = c.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("buffer.yaml:"), "{stdout}");
    let r = run(&["check", "-", GLANCE]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("cannot be combined"), "{}", r.stderr);
    let r = run(&["check", GLANCE, "--stdin-filename", "x.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("give `-`"), "{}", r.stderr);
}

#[test]
fn html_report_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let r = run(&[
        "check",
        GLANCE,
        "--format",
        "html",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("VERDICT"), "the human report on stdout");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(html.matches("<tr class=\"model-row\"").count(), 7);
    assert!(html.contains("Research-only use, approved by legal (LEGAL-7)"));
}

#[test]
fn completions_for_every_shell_and_man_pages() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef modelgate"),
        ("fish", "complete -c modelgate"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let r = run(&["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        assert!(
            r.stdout.contains(marker),
            "{shell}: {}",
            &r.stdout[..200.min(r.stdout.len())]
        );
        assert!(
            r.stdout.contains("stdin-filename"),
            "{shell} completes check's flags"
        );
    }
    let r = run(&["man"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.starts_with(".ie \\n(.g .ds Aq") || r.stdout.contains(".TH modelgate"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("completions"), "subcommands are listed");
    let r = run(&["man", "check"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains(".TH modelgate-check 1"),
        "{}",
        &r.stdout[..300]
    );
    assert!(r.stdout.contains("stdin\\-filename"));
    let r = run(&["man", "nope"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("no subcommand `nope`"));
}

#[test]
fn long_version() {
    let short = run(&["--version"]);
    assert_eq!(short.code, 0);
    assert_eq!(short.stdout.lines().count(), 1);
    let r = run_with(&["--version", "--verbose"], &[], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with(&short.stdout), "{}", r.stdout);
    for key in [
        "commit: ",
        "knowledge base: ",
        "knowledge base entries: ",
        "SPDX License List: ",
        "regorus: 0.14.",
        "target: ",
    ] {
        assert!(r.stdout.contains(key), "{key} missing:\n{}", r.stdout);
    }
    assert!(!r.stdout.contains("regorus: unknown"));
}
