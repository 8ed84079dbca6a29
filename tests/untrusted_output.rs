//! Issue 14, items 4, 5 and 6: a manifest, config and policy tree full of control characters,
//! line breaks, bidi overrides, backticks and markup. In every output format and on both
//! streams: no raw control or invisible format character, no line that GitHub Actions would
//! run as a workflow command unless modelgate wrote it as one, and no Markdown link, image or
//! HTML from the files. (`tests/integration/markdown-render.sh` renders the Markdown with a
//! CommonMark renderer on top.)

use std::path::Path;
use std::process::Command;

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Out {
    let out = Command::new(assert_cmd::cargo::cargo_bin("modelgate"))
        .args(args)
        .current_dir(dir)
        .env_remove("MODELGATE_CONFIG")
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .output()
        .expect("runs");
    let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
    assert!(!stderr.contains("panicked"), "{stderr}");
    Out {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr,
    }
}

fn write(path: &Path, content: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// A hostile manifest: YAML escapes put ESC, CR, DEL, C1, bidi overrides and isolates, line
/// breaks with workflow commands, backticks, links, images and HTML in ids, licenses, keys
/// and values.
const MANIFEST: &str = r#"version: 1
models:
  - id: "evil\e[2J\e[1;1HAPPROVED\rBY LEGAL"
    license: "MIT\e[8m hidden"
  - id: "x`](https://evil.example/a) ![t](https://evil.example/t.png) <img src=https://evil.example/i.png> ``y"
    license: "[click](https://evil.example) <b>bold</b>"
  - id: "bidi\u202Etxt.exe\u2066a\u2069 del\x7f c1\x85\x9b zw\u200b"
  - id: "line\n::error file=x::pwned\n::stop-commands::tok"
    license: "Apache-2.0\r::warning::spoof"
  - id: gpt-4o
    provider: openai
"#;

/// A manifest whose unknown key carries the same (a validation error quotes it).
const KEYS: &str = r#"version: 1
models:
  - id: gpt-4o
    "k\e[31mey\n::error::key\u202E": 1
"#;

/// A hostile config: a waiver whose reason, owner and model carry the same.
const CONFIG: &str = r#"version: 1
waivers:
  - rule: no-proprietary
    model: gpt-4o
    reason: "ok\r\e[2KAPPROVED BY LEGAL\n::error::fake\u202E `x](https://evil.example)"
    owner: "own\e]8;;https://evil.example\e\\er"
    expires: 2099-12-31
"#;

/// A rule whose metadata and messages carry control characters and markup.
const POLICY: &str = r#"package modelgate.rules.hostile

metadata := {"id": "hostile-rule", "title": "T\u001b[2J\u202e [x](https://evil.example)", "severity": "warning", "description": "d\u0007", "remediation": "r\r::error::r"}

violations contains v if {
	some i, m in input.models
	v := {"msg": sprintf("model %s\u001b[8m\n::error::policy <img src=https://evil.example/p.png>", [m.id]), "path": ["models", i]}
}
"#;

/// Characters that must never reach an output raw.
fn unsafe_char(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{9}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{feff}')
}

fn tree() -> tempfile::TempDir {
    let r = tempfile::tempdir().unwrap();
    let d = r.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    // A directory named with a line break and a workflow command.
    let odd = d.join("svc\n::error file=a,line=1::injected\n::add-mask::x");
    write(&odd.join("ai-models.yaml"), MANIFEST);
    write(&odd.join(".modelgate.yaml"), CONFIG);
    write(&d.join("keys/ai-models.yaml"), KEYS);
    // Raw control bytes where YAML does not allow them: the parse error's snippet shows them.
    write(
        &d.join("raw/ai-models.yaml"),
        "version: 1\nmodels:\n  - id: a\u{1b}[2Jb\r\n    license: \u{202e}MIT\u{7}\n",
    );
    write(&d.join("pol/hostile.rego"), POLICY);
    // A policy that does not parse, with raw control bytes on the line its error quotes.
    write(
        &d.join("polbad/broken.rego"),
        "package modelgate.rules.broken\n\nx := \"\u{1b}[2J\u{202e}\n::error::fake\" +\n",
    );
    r
}

fn assert_clean(what: &str, text: &str, commands_allowed: bool) {
    if let Some((i, c)) = text.char_indices().find(|&(_, c)| unsafe_char(c)) {
        panic!(
            "{what}: raw {:?} at byte {i}:\n{}",
            c,
            &text[i.saturating_sub(80)..(i + 40).min(text.len())]
        );
    }
    for line in text.lines() {
        let body = line.trim_start();
        if !body.starts_with("::") {
            continue;
        }
        // Only the `github` format writes commands: annotations with properties, nothing else.
        let own = ["::error file=", "::warning file=", "::notice file="]
            .iter()
            .any(|p| body.starts_with(p));
        assert!(
            commands_allowed && own,
            "{what}: a workflow command line:\n{line}"
        );
    }
}

/// Items 4 and 5 on every format, both streams, colour on and off.
#[test]
fn hostile_tree_cannot_inject_into_any_output() {
    let r = tree();
    let d = r.path();
    for format in ["human", "json", "sarif", "github", "junit", "markdown"] {
        for color in ["never", "always"] {
            let out = run(
                d,
                &[
                    "check", "--policy", "pol", "--format", format, "--color", color,
                ],
            );
            assert_eq!(out.code, 2, "{format}: {}", out.stderr);
            let what = format!("check --format {format} --color {color}");
            assert_clean(
                &format!("{what} (stdout)"),
                &strip_sgr(&out.stdout, color),
                format == "github",
            );
            assert_clean(&format!("{what} (stderr)"), &out.stderr, false);
        }
    }
    // A policy that does not load: the error, in every format.
    for format in ["human", "json", "sarif", "github", "junit", "markdown"] {
        let out = run(d, &["check", "--policy", "polbad", "--format", format]);
        assert_eq!(out.code, 2, "{format}: {}", out.stderr);
        let what = format!("check --policy polbad --format {format}");
        assert_clean(&format!("{what} (stdout)"), &out.stdout, format == "github");
        assert_clean(&format!("{what} (stderr)"), &out.stderr, false);
    }
    // The values are shown, escaped, not dropped.
    let out = run(d, &["check", "--policy", "pol", "--color", "never"]);
    assert!(out.stdout.contains("\\u{1b}[2J"), "{}", out.stdout);
    assert!(out.stdout.contains("\\u{202e}"), "{}", out.stdout);
    assert!(out.stdout.contains("svc\\n::error"), "{}", out.stdout);
    assert!(
        out.stdout.contains("k\\u{1b}[31mey\\n::error::key"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("evil\\u{1b}[2J"), "{}", out.stdout);
    for args in [
        &[
            "config",
            "show",
            "svc\n::error file=a,line=1::injected\n::add-mask::x",
        ][..],
        &[
            "config",
            "show",
            "svc\n::error file=a,line=1::injected\n::add-mask::x",
            "--format",
            "json",
        ],
        &[
            "input",
            "svc\n::error file=a,line=1::injected\n::add-mask::x/ai-models.yaml",
        ],
        &[
            "sbom",
            "svc\n::error file=a,line=1::injected\n::add-mask::x",
        ],
        &["input", "raw/ai-models.yaml"],
        &["policy", "list", "--policy", "pol"],
        &["policy", "list", "--policy", "pol", "--format", "json"],
        &["policy", "doc", "--policy", "pol"],
        &["policy", "test", "pol"],
        &["explain", "hostile-rule", "--policy", "pol"],
        &["scan"],
        &["baseline", "create", "base.json", "--policy", "pol"],
    ] {
        let out = run(d, args);
        assert_clean(&format!("{args:?} (stdout)"), &out.stdout, false);
        assert_clean(&format!("{args:?} (stderr)"), &out.stderr, false);
    }
}

/// Colour sequences modelgate itself writes (`ESC [ ... m`) are allowed with `--color always`;
/// the files' own (`ESC[8m` hides text, `ESC[31m` recolours it) are not.
fn strip_sgr(s: &str, color: &str) -> String {
    if color != "always" {
        return s.to_string();
    }
    for own in ["\u{1b}[8m", "\u{1b}[31mey", "\u{1b}[2J"] {
        assert!(
            !s.contains(own),
            "the files' escape sequence {own:?} is output raw"
        );
    }
    sgr_removed(s)
}

/// Remove `ESC [ digits ; ... m` sequences (a tiny matcher; no regex crate in the tests).
fn sgr_removed(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == 0x1b && b.get(i + 1) == Some(&b'[') {
            let mut j = i + 2;
            while j < b.len() && (b[j].is_ascii_digit() || b[j] == b';') {
                j += 1;
            }
            if b.get(j) == Some(&b'm') {
                i = j + 1;
                continue;
            }
        }
        let c = s[i..].chars().next().unwrap();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Item 6: in the Markdown report, no user text can close a code span, open a link or image,
/// or add HTML; cells and the whole summary are bounded.
#[test]
fn markdown_report_has_no_user_markup_and_is_bounded() {
    let r = tree();
    let d = r.path();
    let out = run(d, &["check", "--policy", "pol", "--format", "markdown"]);
    let md = &out.stdout;
    for line in md.lines() {
        // Code spans show their text literally; outside them, HTML only from the template
        // and no link or image (every `](` follows an escaped `\]`).
        let plain = without_code_spans(line);
        for (i, _) in plain.match_indices('<') {
            let tag = &plain[i..];
            assert!(
                ["<br>", "<details>", "</details>", "<summary>", "</summary>"]
                    .iter()
                    .any(|t| tag.starts_with(t)),
                "HTML from user text: {line}"
            );
        }
        for (i, _) in plain.match_indices("](") {
            assert!(plain[..i].ends_with('\\'), "a link in: {line}");
        }
    }
    assert!(
        md.contains("evil.example"),
        "the text is shown, escaped: {md}"
    );

    // Bounds: a 5000-character id is cut in its cell; the summary stays far below 1 MiB.
    let b = tempfile::tempdir().unwrap();
    std::fs::create_dir(b.path().join(".git")).unwrap();
    let mut manifest = String::from("version: 1\nmodels:\n");
    for i in 0..400 {
        manifest.push_str(&format!("  - id: org/m{i}-{}\n", "x".repeat(5000)));
    }
    write(&b.path().join("ai-models.yaml"), &manifest);
    let out = run(b.path(), &["check", "--format", "markdown"]);
    assert!(out.stdout.len() < 600 * 1024, "{} bytes", out.stdout.len());
    assert!(out.stdout.contains("… and "), "the rest is counted");
    for line in out.stdout.lines() {
        assert!(
            line.chars().count() < 5 * 450 + 100,
            "an unbounded row: {} chars",
            line.len()
        );
    }
}

/// The line with its code spans (as CommonMark closes them) removed.
fn without_code_spans(line: &str) -> String {
    let mut out = String::new();
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\' && i + 1 < b.len() {
            out.push_str(&line[i..i + 2]);
            i += 2;
            continue;
        }
        if b[i] == b'`' {
            let run = b[i..].iter().take_while(|&&c| c == b'`').count();
            let fence = &line[i..i + run];
            // The closing run of exactly the same length.
            let mut j = i + run;
            let mut closed = None;
            while let Some(k) = line[j..].find(fence) {
                let at = j + k;
                let len = b[at..].iter().take_while(|&&c| c == b'`').count();
                if len == run {
                    closed = Some(at + run);
                    break;
                }
                j = at + len;
            }
            match closed {
                Some(end) => i = end,
                None => {
                    out.push_str(fence);
                    i += run;
                }
            }
            continue;
        }
        let c = line[i..].chars().next().unwrap();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// Item 4: the snippet shows the escapes, and the underline still sits under the value (spans
/// are moved onto the escaped text).
#[test]
fn escaped_snippets_keep_their_underline() {
    let r = tempfile::tempdir().unwrap();
    let d = r.path();
    std::fs::create_dir(d.join(".git")).unwrap();
    write(
        &d.join("ai-models.yaml"),
        "version: 1\nmodels:\n  - id: a\u{1b}[2J\u{202e}b\r\n    license: MIT\u{7}\n",
    );
    let out = run(d, &["check", "--color", "never"]);
    assert_clean("human", &out.stdout, false);
    insta::assert_snapshot!("escaped_snippet", out.stdout);
}
