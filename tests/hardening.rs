//! Hostile and broken input. Every bad manifest or config is an error (exit 2) that names the
//! file and, where the file has one, the place; nothing panics or hangs; each run stays within
//! a time and memory bound; and the manifests that are fine are still checked and reported in
//! the same run. `check` never writes to what it reads.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Address-space limit for one run (KiB): far above what a check needs, far below what an
/// unbounded alias expansion, nesting or file read would take.
const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;
/// Wall-time limit for one run (debug build, shared machine).
const TIME_LIMIT: Duration = Duration::from_secs(60);

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
    json: Value,
}

/// `modelgate check <args> --format json` in `dir`, under `ulimit -v` and a timeout.
fn check_bounded(dir: &Path, args: &[&str]) -> Run {
    let bin = assert_cmd::cargo::cargo_bin("modelgate");
    let started = Instant::now();
    let out = assert_cmd::Command::new("bash")
        .arg("-c")
        .arg(format!(
            "ulimit -v {MEMORY_LIMIT_KIB} && exec \"$0\" \"$@\""
        ))
        .arg(&bin)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .current_dir(dir)
        .env_remove("MODELGATE_CONFIG")
        .timeout(TIME_LIMIT)
        .output()
        .expect("runs");
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or_else(|| {
        panic!("killed (timeout or signal) after {elapsed:?}\nstdout: {stdout}\nstderr: {stderr}")
    });
    assert!(
        !stderr.contains("panicked") && code != 101,
        "panic:\n{stderr}"
    );
    assert!(elapsed < TIME_LIMIT, "took {elapsed:?}");
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}\n{stderr}"));
    Run {
        code,
        stdout,
        stderr,
        json,
    }
}

/// A fresh directory that is its own repository root (config discovery stops there).
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn write(path: &Path, content: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// Whether permission bits are enforced for this process (they are not for root).
fn permissions_enforced(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    let enforced = std::fs::read(&probe).is_err();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::remove_file(&probe).unwrap();
    enforced
}

fn errors_for<'a>(v: &'a Value, file_suffix: &str) -> Vec<&'a Value> {
    v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["file"].as_str().unwrap().ends_with(file_suffix))
        .collect()
}

/// Findings in files whose path contains `part`.
fn findings_for<'a>(v: &'a Value, part: &str) -> Vec<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"].as_str().unwrap().contains(part))
        .collect()
}

/// The `no-proprietary` findings in files whose path contains `part` (the known finding of
/// [`GOOD`]; `gpt-4o` draws other rules' findings too).
fn proprietary_for<'a>(v: &'a Value, part: &str) -> Vec<&'a Value> {
    findings_for(v, part)
        .into_iter()
        .filter(|f| f["rule"] == "no-proprietary")
        .collect()
}

/// A manifest with one known finding: `no-proprietary` on `gpt-4o`, line 3, column 9.
const GOOD: &[u8] = b"version: 1\nmodels:\n  - id: gpt-4o\n    provider: openai\n";

fn deep_block(levels: usize) -> Vec<u8> {
    let mut s = "- ".repeat(levels);
    s.push_str("x\n");
    s.into_bytes()
}

fn deep_flow(levels: usize, open: &str, close: &str) -> Vec<u8> {
    let mut s = open.repeat(levels);
    s.push('x');
    s.push_str(&close.repeat(levels));
    s.push('\n');
    s.into_bytes()
}

fn alias_bomb() -> Vec<u8> {
    // Nine levels of ten aliases each: a billion nodes if expanded.
    let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..9 {
        let prev = format!("*a{}", i - 1);
        s.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
    }
    s.into_bytes()
}

/// About 50 MB of comments.
fn fifty_megabytes() -> Vec<u8> {
    let line = format!("# {}\n", "x".repeat(97));
    line.repeat(500_000).into_bytes()
}

/// Hostile contents shared by the manifest and config suites: (case, content, expected message
/// part, whether the error has a line).
fn hostile() -> Vec<(&'static str, Vec<u8>, &'static str, bool)> {
    vec![
        (
            "a-list",
            b"- id: a/b\n- id: c/d\n".to_vec(),
            "mapping",
            true,
        ),
        (
            "invalid-utf8",
            b"version: 1\nmodels:\n  - id: \xff\xfe\n".to_vec(),
            "not valid UTF-8",
            true,
        ),
        (
            "nul-byte",
            b"version: 1\nmodels:\n  - id: a\x00b\n".to_vec(),
            "invalid YAML",
            true,
        ),
        (
            "tabs",
            b"version: 1\nmodels:\n\t- id: a/b\n".to_vec(),
            "invalid YAML",
            true,
        ),
        (
            "duplicate-keys",
            b"version: 1\nversion: 1\n".to_vec(),
            "duplicate key `version`",
            true,
        ),
        ("alias-bomb", alias_bomb(), "aliases expand", true),
        (
            "deep-block",
            deep_block(100_000),
            "nesting deeper than",
            true,
        ),
        (
            "deep-flow-seq",
            deep_flow(100_000, "[", "]"),
            // The parser's own recursion limit or ours, whichever comes first.
            "invalid YAML",
            true,
        ),
        (
            "deep-flow-map",
            deep_flow(100_000, "{a: ", "}"),
            // The parser's own recursion limit or ours, whichever comes first.
            "invalid YAML",
            true,
        ),
        (
            "unclosed-flow",
            "[".repeat(100_000).into_bytes(),
            "invalid YAML",
            true,
        ),
        (
            "non-string-key",
            b"version: 1\n? [a, b]\n: c\n".to_vec(),
            "keys must be plain strings",
            true,
        ),
        (
            "two-documents",
            b"version: 1\n---\nversion: 1\n".to_vec(),
            "more than one YAML document",
            true,
        ),
        ("version-1.10", b"version: 1.10\n".to_vec(), "`1.10`", true),
        ("fifty-mb", fifty_megabytes(), "limited to", false),
    ]
}

#[test]
fn hostile_manifests_are_errors_and_the_rest_is_still_checked() {
    let dir = repo();
    let root = dir.path();
    let mut cases = hostile();
    cases.extend([
        ("empty", Vec::new(), "empty", false),
        (
            "only-comments",
            b"# nothing here\n\n".to_vec(),
            "empty",
            false,
        ),
        (
            "duplicate-ids",
            b"models:\n  - id: a/b\n  - id: A/B\n".to_vec(),
            "declared twice",
            true,
        ),
        (
            "list-as-id",
            b"models:\n  - id: [1.10]\n".to_vec(),
            "must be a string",
            true,
        ),
    ]);
    for (name, content, _, _) in &cases {
        write(&root.join("bad").join(name).join("ai-models.yaml"), content);
    }
    // Accepted: the encodings YAML allows, and JSON (YAML 1.2 is a superset). Their findings
    // are placed where the model is written.
    let accepted: [(&str, &[u8], u64); 4] = [
        ("good", GOOD, 3),
        (
            "bom-crlf",
            b"\xef\xbb\xbfversion: 1\r\nmodels:\r\n  - id: gpt-4o\r\n",
            3,
        ),
        (
            "json",
            b"{\n  \"models\": [\n    {\"id\": \"gpt-4o\"}\n  ]\n}\n",
            3,
        ),
        ("yml", GOOD, 3),
    ];
    for (name, content, _) in accepted {
        let file = if name == "yml" {
            "ai-models.yml"
        } else {
            "ai-models.yaml"
        };
        write(&root.join("ok").join(name).join(file), content);
    }
    write(
        &root.join("ok/numbers/ai-models.yaml"),
        b"version: 1\nmodels:\n  - id: 1.10\n    license: 2.0\n",
    );
    // Named like a manifest but not a readable file.
    std::fs::create_dir_all(root.join("bad/directory/ai-models.yaml/inner")).unwrap();
    std::fs::create_dir_all(root.join("bad/symlink-loop")).unwrap();
    std::os::unix::fs::symlink(
        "ai-models.yaml",
        root.join("bad/symlink-loop/ai-models.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink("..", root.join("bad/symlink-loop/up")).unwrap();
    std::fs::create_dir_all(root.join("bad/dangling")).unwrap();
    std::os::unix::fs::symlink("nowhere.yaml", root.join("bad/dangling/ai-models.yml")).unwrap();
    let enforced = permissions_enforced(root);
    {
        use std::os::unix::fs::PermissionsExt;
        let p = root.join("bad/unreadable/ai-models.yaml");
        write(&p, GOOD);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    }

    let r = check_bounded(root, &["."]);
    let v = &r.json;
    assert_eq!(r.code, 2, "{}", r.stdout);

    for (name, _, expect, placed) in &cases {
        let file = format!("bad/{name}/ai-models.yaml");
        let errs = errors_for(v, &file);
        assert!(
            !errs.is_empty(),
            "{name}: no error for {file} in {}",
            r.stdout
        );
        let e = errs
            .iter()
            .find(|e| e["message"].as_str().unwrap().contains(expect))
            .unwrap_or_else(|| panic!("{name}: no error with {expect:?} in {errs:?}"));
        assert_eq!(e["file"], file.as_str(), "{name}");
        if *placed {
            assert!(
                e["line"].as_u64().is_some_and(|l| l >= 1) && e["column"].is_u64(),
                "{name}: no place in {e}"
            );
        }
    }
    let at = |file: &str| -> String {
        let errs = errors_for(v, file);
        assert_eq!(errs.len(), 1, "{file}: {}", r.stdout);
        errs[0]["message"].as_str().unwrap().to_string()
    };
    assert!(
        at("bad/directory/ai-models.yaml").contains("is a directory"),
        "{}",
        r.stdout
    );
    assert!(at("bad/symlink-loop/ai-models.yaml").contains("cannot read"));
    assert!(at("bad/dangling/ai-models.yml").contains("cannot read"));
    if enforced {
        assert!(at("bad/unreadable/ai-models.yaml").contains("permission denied"));
    } else {
        println!(
            "note: permission bits are not enforced for this user (root?); the unreadable-file \
             case was read normally and is not asserted"
        );
    }
    // The looping `up` symlink is not followed: nothing is found twice.
    let files: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"].as_str().unwrap())
        .collect();
    assert!(files.iter().all(|f| !f.contains("/up/")), "{files:?}");

    // Every accepted manifest is checked, and its finding placed on the model.
    for (name, _, line) in accepted {
        let found = proprietary_for(v, &format!("ok/{name}/"));
        assert_eq!(found.len(), 1, "{name}: {}", r.stdout);
        assert_eq!(found[0]["rule"], "no-proprietary", "{name}");
        assert_eq!(found[0]["line"], line, "{name}: {}", found[0]);
    }
    // Numbers where strings belong keep the text as written.
    assert!(
        findings_for(v, "ok/numbers/")
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("`1.10`")),
        "{}",
        r.stdout
    );
    let bom = proprietary_for(v, "ok/bom-crlf/");
    assert_eq!(bom[0]["column"], 9, "the BOM is not a column: {}", bom[0]);
    let expected_manifests = accepted.len() + 1 + usize::from(!enforced);
    assert_eq!(
        v["summary"]["manifests"].as_u64(),
        Some(expected_manifests as u64),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.is_empty() || !r.stderr.contains("error"),
        "{}",
        r.stderr
    );
}

#[test]
fn hostile_configs_are_errors_and_other_trees_are_still_checked() {
    let dir = repo();
    let root = dir.path();
    let mut cases = hostile();
    cases.extend([
        (
            "unknown-key",
            b"rules:\n  osi-approved: error\npolices: []\n".to_vec(),
            "unknown key `polices`",
            true,
        ),
        (
            "number-as-level",
            b"rules:\n  osi-approved: 1.10\n".to_vec(),
            "osi-approved",
            true,
        ),
    ]);
    for (name, content, _, _) in &cases {
        let d = root.join("bad").join(name);
        write(&d.join(".modelgate.yaml"), content);
        write(&d.join("ai-models.yaml"), GOOD);
    }
    std::fs::create_dir_all(root.join("bad/directory/.modelgate.yaml")).unwrap();
    write(&root.join("bad/directory/ai-models.yaml"), GOOD);
    std::fs::create_dir_all(root.join("bad/symlink-loop")).unwrap();
    std::os::unix::fs::symlink(
        ".modelgate.yaml",
        root.join("bad/symlink-loop/.modelgate.yaml"),
    )
    .unwrap();
    write(&root.join("bad/symlink-loop/ai-models.yaml"), GOOD);
    // Accepted: empty configs set nothing; BOM, CRLF and JSON are read like any YAML.
    let accepted: [(&str, &[u8]); 4] = [
        ("empty", b""),
        ("only-comments", b"# nothing\n"),
        (
            "bom-crlf",
            b"\xef\xbb\xbfrules:\r\n  no-proprietary: error\r\n",
        ),
        ("json", b"{\"rules\": {\"no-proprietary\": \"error\"}}\n"),
    ];
    for (name, content) in accepted {
        let d = root.join("ok").join(name);
        write(&d.join(".modelgate.yaml"), content);
        write(&d.join("ai-models.yaml"), GOOD);
    }

    let r = check_bounded(root, &["."]);
    let v = &r.json;
    assert_eq!(r.code, 2, "{}", r.stdout);
    for (name, _, expect, placed) in &cases {
        let file = format!("bad/{name}/.modelgate.yaml");
        let errs = errors_for(v, &file);
        assert!(
            !errs.is_empty(),
            "{name}: no error for {file} in {}",
            r.stdout
        );
        assert!(
            errs.iter()
                .any(|e| e["message"].as_str().unwrap().contains(expect)),
            "{name}: {errs:?}"
        );
        if *placed {
            assert!(errs[0]["line"].is_u64(), "{name}: no place in {errs:?}");
        }
        // A manifest under a broken config is not checked with some other config instead.
        assert!(
            findings_for(v, &format!("bad/{name}/ai-models.yaml")).is_empty(),
            "{name}"
        );
    }
    for name in ["directory", "symlink-loop"] {
        let errs = errors_for(v, &format!("bad/{name}/.modelgate.yaml"));
        assert_eq!(errs.len(), 1, "{name}: {}", r.stdout);
        assert!(
            findings_for(v, &format!("bad/{name}/")).is_empty(),
            "{name}"
        );
    }
    for (name, _) in accepted {
        let found = proprietary_for(v, &format!("ok/{name}/ai-models.yaml"));
        assert_eq!(found.len(), 1, "{name}: {}", r.stdout);
        let expected = if matches!(name, "bom-crlf" | "json") {
            "error"
        } else {
            "note"
        };
        assert_eq!(found[0]["severity"], expected, "{name}: {}", found[0]);
    }
    assert_eq!(
        v["summary"]["manifests"].as_u64(),
        Some(accepted.len() as u64),
        "{}",
        r.stdout
    );

    // A CRLF config with a BOM reports problems at the right place.
    let crlf = repo();
    write(
        &crlf.path().join(".modelgate.yaml"),
        b"\xef\xbb\xbf# org rules\r\nrules:\r\n  osi-aproved: error\r\n",
    );
    write(&crlf.path().join("ai-models.yaml"), GOOD);
    let r = check_bounded(crlf.path(), &["."]);
    assert_eq!(r.code, 2);
    let e = &r.json["errors"][0];
    assert_eq!(
        (&e["line"], &e["column"]),
        (&Value::from(3), &Value::from(3)),
        "{e}"
    );
}

#[test]
fn check_never_writes_to_what_it_reads() {
    let dir = repo();
    let root = dir.path();
    let files: Vec<(PathBuf, &[u8])> = vec![
        (root.join("a/ai-models.yaml"), GOOD),
        (root.join("b/ai-models.yaml"), b"models: [\n"),
        (
            root.join(".modelgate.yaml"),
            b"rules:\n  no-proprietary: warning\nwaivers:\n  - {rule: no-proprietary, model: nothing, reason: r, expires: 2001-01-01}\n",
        ),
    ];
    for (p, c) in &files {
        write(p, c);
    }
    let before: Vec<_> = files
        .iter()
        .map(|(p, _)| {
            let m = std::fs::metadata(p).unwrap();
            (m.modified().unwrap(), m.len())
        })
        .collect();
    let listing = |root: &Path| -> Vec<PathBuf> {
        let mut all: Vec<PathBuf> = walk(root);
        all.sort();
        all
    };
    let entries = listing(root);
    // Let a write, if any, show up as a different mtime.
    std::thread::sleep(Duration::from_millis(20));
    for format in ["json", "human"] {
        let bin = assert_cmd::cargo::cargo_bin("modelgate");
        let out = std::process::Command::new(bin)
            .args(["check", ".", "--format", format])
            .current_dir(root)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
    }
    for ((p, c), (mtime, len)) in files.iter().zip(before) {
        let m = std::fs::metadata(p).unwrap();
        assert_eq!(m.modified().unwrap(), mtime, "{}", p.display());
        assert_eq!(m.len(), len);
        assert_eq!(&std::fs::read(p).unwrap(), c);
    }
    assert_eq!(listing(root), entries, "no file created or removed");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn hostile_policies_give_errors_or_findings_never_crashes() {
    let dir = repo();
    let root = dir.path();
    write(
        &root.join("fine/ai-models.yaml"),
        b"models:\n  - id: acme/fine\n    license: MIT\n",
    );
    write(
        &root.join("boom/ai-models.yaml"),
        b"models:\n  - id: acme/boom\n    license: MIT\n",
    );

    // Run-time errors and malformed violations: the failing manifest is an error naming the
    // rule, the other is checked, and every malformed violation is a finding.
    let r = check_bounded(root, &[".", "--policy", &fixture("policy-hostile")]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    let v = &r.json;
    let errs = errors_for(v, "boom/ai-models.yaml");
    assert_eq!(errs.len(), 1, "{}", r.stdout);
    let m = errs[0]["message"].as_str().unwrap();
    assert!(
        m.contains("policy evaluation failed") && m.contains("rule `type-error`"),
        "{m}"
    );
    assert!(m.contains("type_error.rego"), "{m}");
    let malformed: Vec<(String, u64, Value)> = findings_for(v, "fine/ai-models.yaml")
        .into_iter()
        .filter(|f| f["rule"] == "malformed")
        .map(|f| {
            (
                f["message"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["model"].clone(),
            )
        })
        .collect();
    let find = |part: &str| {
        malformed
            .iter()
            .find(|(m, _, _)| m.contains(part))
            .unwrap_or_else(|| panic!("no finding with {part:?} in {malformed:?}"))
    };
    // At the model entry (line 2, the `id`), with the model named.
    assert_eq!(find("nowhere").1, 2);
    assert_eq!(find("nowhere").2, "acme/fine");
    let no_msg = find("without a `msg` string");
    assert!(no_msg.0.contains("wrong key"), "{no_msg:?}");
    assert_eq!(no_msg.1, 3, "at the license it points to");
    assert_eq!(find("a bare string").1, 1);
    assert!(find("not an object: 42").0.contains("42"));
    assert_eq!(find("path is a number").1, 1);
    // Past the last model: at the `models` list.
    assert_eq!(find("past the end").1, 2);
    assert_eq!(malformed.len(), 6, "{malformed:?}");
    // The built-in rules still ran on the manifest that did not fail.
    assert!(findings_for(v, "fine/ai-models.yaml")
        .iter()
        .any(|f| f["rule"] == "revision-pinned"));

    // A policy that does not terminate: stopped by the time limit, named, in bounded time.
    let started = Instant::now();
    let r = check_bounded(
        root,
        &[
            ".",
            "--policy",
            &fixture("policy-loop"),
            "--policy-timeout",
            "1",
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(started.elapsed() < Duration::from_secs(30));
    for e in r.json["errors"].as_array().unwrap() {
        let m = e["message"].as_str().unwrap();
        assert!(m.contains("rule `slow`") && m.contains("time limit"), "{m}");
    }
    assert_eq!(r.json["errors"].as_array().unwrap().len(), 2);

    // Policies that cannot be loaded: a clear error naming the file, before anything runs.
    for (name, expect) in [
        ("policy-syntax", "bad.rego"),
        ("policy-recursive", "recursion is not allowed"),
        ("policy-mutual", "recursion is not allowed"),
        ("policy-broken", "broken.rego"),
        ("policy-no-violations", "defines no `violations`"),
    ] {
        let bin = assert_cmd::cargo::cargo_bin("modelgate");
        let out = assert_cmd::Command::new(bin)
            .args(["check", ".", "--policy", &fixture(name)])
            .current_dir(root)
            .timeout(TIME_LIMIT)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(expect), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

/// Inputs the fuzzers found crashing (tests/fixtures/fuzz-regressions, one file each): each is
/// checked like a manifest (`manifest-*`) or config (`config-*`) and must give a verdict, not a
/// panic.
#[test]
fn fuzz_regressions_do_not_crash() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-regressions");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let content = std::fs::read(&path).unwrap();
        let root = repo();
        if name.starts_with("config-") {
            write(&root.path().join(".modelgate.yaml"), &content);
            write(&root.path().join("ai-models.yaml"), GOOD);
        } else {
            write(&root.path().join("ai-models.yaml"), &content);
        }
        let r = check_bounded(root.path(), &["."]);
        assert!([0, 1, 2].contains(&r.code), "{name}: {}", r.stderr);
        seen += 1;
    }
    assert!(seen >= 1);
    // The first one: a license whose text has a multi-byte character where `LicenseRef-`
    // would end was sliced mid-character.
    let root = repo();
    write(
        &root.path().join("ai-models.yaml"),
        "models:\n  - id: acme/a\n    license: apache-0bｿre\n  - id: acme/b\n    license: LicenseRefｿ-x\n"
            .as_bytes(),
    );
    let r = check_bounded(root.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(findings_for(&r.json, "ai-models.yaml")
        .iter()
        .any(|f| f["rule"] == "license-unknown"));
}

/// Issue 14, item 8: the spellings people paste for a known model do not escape the knowledge
/// base (and so `license-mismatch`).
#[test]
fn pasted_spellings_of_a_known_model_are_still_judged() {
    let dir = repo();
    let spellings = [
        "https://huggingface.co/meta-llama/Llama-3.1-8B-Instruct/tree/main",
        "hf://meta-llama/Llama-3.1-8B-Instruct",
        "meta-llama//Llama-3.1-8B-Instruct",
        "meta-llama/Llama-3.1-8B-Instruct.git",
        "meta-llama/Llama-3.1-8B-Instruct@main",
    ];
    for (i, s) in spellings.iter().enumerate() {
        // One manifest per spelling: two of them in one manifest would be the same model twice.
        let sub = dir.path().join(format!("m{i}"));
        std::fs::create_dir_all(&sub).unwrap();
        write(
            &sub.join("ai-models.yaml"),
            format!("version: 1\nmodels:\n  - id: \"{s}\"\n    license: apache-2.0\n").as_bytes(),
        );
    }
    let r = check_bounded(dir.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for s in spellings {
        let rules: Vec<&str> = r.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["model"] == s)
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert!(
            rules.contains(&"license-mismatch") && rules.contains(&"no-user-cap"),
            "{s}: {rules:?}"
        );
    }
}

/// Issue 14, item 9: `license: NOASSERTION` (or `NONE`) states that no license is known.
#[test]
fn noassertion_counts_as_missing() {
    let dir = repo();
    write(
        &dir.path().join("ai-models.yaml"),
        b"version: 1\nmodels:\n  - id: acme/a\n    license: NOASSERTION\n  - id: acme/b\n    license: NONE\n",
    );
    let r = check_bounded(dir.path(), &["."]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for m in ["acme/a", "acme/b"] {
        let rules: Vec<&str> = r.json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["model"] == m)
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert!(rules.contains(&"license-missing"), "{m}: {rules:?}");
    }
}
