//! Issue 14, "safe on untrusted pull requests": each test reproduces one attack as the issue
//! describes it (items 1, 2, 3, 12, 15 and the smaller ones here; 4, 5 and 6, the output
//! injections, in `tests/untrusted_output.rs`).

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A secret in the environment of every run: it must never appear in any output.
const SECRET: &str = "MODELGATE_TEST_SECRET_7f3a9c";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Out {
    fn both(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
}

/// Run the binary in `dir` with the secret in its environment, killed after `limit`.
fn run_limited(dir: &Path, args: &[&str], limit: Duration) -> Out {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("modelgate"))
        .args(args)
        .current_dir(dir)
        .env("MY_SECRET", SECRET)
        .env_remove("MODELGATE_CONFIG")
        .env_remove("NO_COLOR")
        .env("COLUMNS", "100")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    let started = Instant::now();
    loop {
        if let Some(_status) = child.try_wait().expect("wait") {
            break;
        }
        if started.elapsed() > limit {
            child.kill().ok();
            let out = child.wait_with_output().expect("output");
            panic!(
                "hung: `modelgate {}` killed after {limit:?}\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().expect("exit code");
    assert!(
        code != 101 && !stderr.contains("panicked"),
        "panic:\n{stderr}"
    );
    Out {
        code,
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    }
}

fn run(dir: &Path, args: &[&str]) -> Out {
    run_limited(dir, args, Duration::from_secs(30))
}

/// A fresh repository root (config discovery and the symlink rule stop there).
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn write(path: &Path, content: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

const GOOD: &str = "version: 1\nmodels:\n  - id: gpt-4o\n    provider: openai\n";
const FORMATS: &[&str] = &["human", "json", "sarif", "github", "junit", "markdown"];

/// Item 1: a manifest, a config, an `extends:` target, `config show` and `input` through a
/// symlink to `/proc/self/environ` never print the environment.
#[test]
fn symlinks_to_the_process_environment_do_not_leak() {
    let r = repo();
    let d = r.path();
    // The issue's reproduction: `ln -s /proc/self/environ ai-models.yml`.
    std::fs::create_dir_all(d.join("m")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", d.join("m/ai-models.yml")).unwrap();
    write(&d.join("c/ai-models.yaml"), GOOD);
    std::os::unix::fs::symlink("/proc/self/environ", d.join("c/.modelgate.yaml")).unwrap();
    write(&d.join("e/ai-models.yaml"), GOOD);
    write(
        &d.join("e/.modelgate.yaml"),
        "version: 1\nextends: env.yaml\n",
    );
    std::os::unix::fs::symlink("/proc/self/environ", d.join("e/env.yaml")).unwrap();
    for format in FORMATS {
        let out = run(d, &["check", "--color", "never", "--format", format]);
        assert_eq!(out.code, 2, "{format}: {}", out.both());
        assert!(
            !out.both().contains(SECRET),
            "{format} leaks:\n{}",
            out.both()
        );
    }
    let out = run(d, &["check", "--color", "never", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    // The manifest, the config and the `extends:` target: each refused, none read.
    let refused = errors
        .iter()
        .filter(|e| e["message"].as_str().unwrap().contains("special file"))
        .count();
    assert_eq!(refused, 3, "{errors:?}");
    assert!(
        errors.iter().any(|e| e["file"] == "m/ai-models.yml"),
        "{errors:?}"
    );
    for args in [
        &["config", "show", "c"][..],
        &["config", "show", "e"],
        &["config", "show", "e", "--format", "json"],
        &["input", "m/ai-models.yml"],
        &["sbom", "m"],
        &["explain", "gpt-4o"],
    ] {
        let out = run(d, args);
        assert!(
            !out.both().contains(SECRET),
            "{args:?} leaks:\n{}",
            out.both()
        );
    }
    assert_eq!(run(d, &["input", "m/ai-models.yml"]).code, 2);
}

/// Item 1: a symlink to any file outside the repository is not followed, and a file outside
/// it named directly (`extends: /elsewhere/x.yaml`) is never quoted in a snippet.
#[test]
fn files_outside_the_repository_are_not_quoted() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.yaml");
    // Not YAML: a parse error would quote the first line as its snippet.
    write(&secret, &format!("{SECRET}: [unclosed\n"));
    let r = repo();
    let d = r.path();
    std::fs::create_dir_all(d.join("m")).unwrap();
    std::os::unix::fs::symlink(&secret, d.join("m/ai-models.yaml")).unwrap();
    write(&d.join("x/ai-models.yaml"), GOOD);
    write(
        &d.join("x/.modelgate.yaml"),
        &format!("version: 1\nextends: {}\n", secret.display()),
    );
    for format in FORMATS {
        let out = run(d, &["check", "--color", "never", "--format", format]);
        assert_eq!(out.code, 2, "{format}: {}", out.both());
        assert!(
            !out.both().contains(SECRET),
            "{format} leaks:\n{}",
            out.both()
        );
    }
    let out = run(d, &["check", "m", "--format", "json"]);
    assert!(
        out.stdout.contains("outside the repository"),
        "{}",
        out.stdout
    );
    // The config error is still located.
    let out = run(d, &["check", "x", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(v["errors"][0]["line"].is_u64(), "{v}");
    // A symlink inside the repository is followed as before.
    write(&d.join("real/models.yaml"), GOOD);
    std::fs::create_dir_all(d.join("inside")).unwrap();
    std::os::unix::fs::symlink("../real/models.yaml", d.join("inside/ai-models.yaml")).unwrap();
    let out = run(d, &["check", "inside", "--format", "json"]);
    assert_eq!(out.code, 0, "{}", out.both());
    assert!(
        out.stdout.contains("\"rule\": \"no-proprietary\""),
        "{}",
        out.stdout
    );
}

/// Item 2: a manifest symlinked to `/proc/kmsg`, and a FIFO swapped in for a regular file
/// while modelgate runs, never hang.
#[test]
fn devices_and_swapped_fifos_do_not_hang() {
    let r = repo();
    let d = r.path();
    std::fs::create_dir_all(d.join("k")).unwrap();
    std::os::unix::fs::symlink("/proc/kmsg", d.join("k/ai-models.yaml")).unwrap();
    let out = run_limited(
        d,
        &["check", "k", "--format", "json"],
        Duration::from_secs(20),
    );
    assert_eq!(out.code, 2, "{}", out.both());

    // Between the type check and the open, the manifest becomes a FIFO (and back), over and
    // over: no run may block on it. (A stress run: the window is microseconds wide, so it is
    // hit only now and then; `source::tests` opens a FIFO through the same path every time.)
    let w = d.join("w");
    std::fs::create_dir_all(&w).unwrap();
    let regular = d.join("regular.yaml");
    write(&regular, GOOD);
    let fifo = d.join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let target = w.join("ai-models.yaml");
    std::fs::copy(&regular, &target).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let swapper = {
        let (stop, regular, fifo, target, tmp) = (
            stop.clone(),
            regular.clone(),
            fifo.clone(),
            target.clone(),
            w.join(".swap"),
        );
        std::thread::spawn(move || {
            let mut i = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let from = if i.is_multiple_of(2) { &fifo } else { &regular };
                let _ = std::fs::remove_file(&tmp);
                if std::fs::hard_link(from, &tmp).is_ok() {
                    let _ = std::fs::rename(&tmp, &target);
                }
                i += 1;
            }
        })
    };
    let started = Instant::now();
    let mut runs = 0;
    while runs < 20 || started.elapsed() < Duration::from_secs(3) {
        let out = run_limited(
            d,
            &["check", "w", "--format", "json"],
            Duration::from_secs(20),
        );
        assert!(matches!(out.code, 0 | 2), "{}", out.both());
        runs += 1;
        if runs >= 60 {
            break;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
}

/// Item 3: outputs never replace an input of the run.
#[test]
fn outputs_never_overwrite_inputs() {
    let r = repo();
    let d = r.path();
    write(&d.join("ai-models.yaml"), GOOD);
    write(&d.join(".modelgate.yaml"), "version: 1\n");
    let manifest = std::fs::read(d.join("ai-models.yaml")).unwrap();
    let config = std::fs::read(d.join(".modelgate.yaml")).unwrap();

    // The issue's reproduction: `modelgate baseline create ai-models.yaml`.
    let out = run(d, &["baseline", "create", "ai-models.yaml"]);
    assert_eq!(out.code, 2, "{}", out.both());
    assert!(out.stderr.contains("not written"), "{}", out.stderr);
    for args in [
        &["check", "--format", "json", "--output", "ai-models.yaml"][..],
        &["check", "--format", "sarif", "--output", ".modelgate.yaml"],
        &["check", "--format", "json", "--output", "./ai-models.yaml"],
        &["sbom", "--output", "ai-models.yaml"],
        &["baseline", "create", ".modelgate.yaml"],
    ] {
        let out = run(d, args);
        assert_eq!(out.code, 2, "{args:?}: {}", out.both());
        assert!(out.stderr.contains("not"), "{args:?}: {}", out.stderr);
    }
    // The very `--baseline` file.
    assert_eq!(run(d, &["baseline", "create", "b.json"]).code, 0);
    let baseline = std::fs::read(d.join("b.json")).unwrap();
    let out = run(
        d,
        &[
            "check",
            "--baseline",
            "b.json",
            "--format",
            "json",
            "--output",
            "b.json",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.both());
    // A hard link to the manifest is the same file.
    std::fs::hard_link(d.join("ai-models.yaml"), d.join("link.json")).unwrap();
    let out = run(d, &["check", "--format", "json", "--output", "link.json"]);
    assert_eq!(out.code, 2, "{}", out.both());
    // A file that is not a baseline is not replaced by one.
    write(&d.join("notes.json"), "{\"mine\": true}\n");
    assert_eq!(run(d, &["baseline", "create", "notes.json"]).code, 2);
    assert_eq!(
        std::fs::read_to_string(d.join("notes.json")).unwrap(),
        "{\"mine\": true}\n"
    );

    assert_eq!(std::fs::read(d.join("ai-models.yaml")).unwrap(), manifest);
    assert_eq!(std::fs::read(d.join(".modelgate.yaml")).unwrap(), config);
    assert_eq!(std::fs::read(d.join("b.json")).unwrap(), baseline);
}

/// Item 3: `--output` into a missing directory creates it (the README's example), `-` is
/// standard output, and a report replaces the old file by a rename (a new inode), never by
/// writing into it.
#[test]
fn outputs_are_atomic_and_create_their_directory() {
    use std::os::unix::fs::MetadataExt;
    let r = repo();
    let d = r.path();
    write(&d.join("ai-models.yaml"), GOOD);
    let out = run(
        d,
        &[
            "check",
            "--format",
            "junit",
            "--output",
            "reports/modelgate.xml",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.both());
    let first = std::fs::metadata(d.join("reports/modelgate.xml")).unwrap();
    assert!(std::fs::read_to_string(d.join("reports/modelgate.xml"))
        .unwrap()
        .contains("<testsuites"));
    run(
        d,
        &[
            "check",
            "--format",
            "junit",
            "--output",
            "reports/modelgate.xml",
        ],
    );
    let second = std::fs::metadata(d.join("reports/modelgate.xml")).unwrap();
    assert_ne!(first.ino(), second.ino(), "replaced by a rename");
    let names: Vec<_> = std::fs::read_dir(d.join("reports")).unwrap().collect();
    assert_eq!(names.len(), 1, "no temporary file left");

    let out = run(d, &["check", "--format", "json", "--output", "-"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.trim_start().starts_with('{'), "{}", out.stdout);
    let out = run(d, &["sbom", "--output", "-"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("CycloneDX"), "{}", out.stdout);
    assert!(!d.join("-").exists(), "no file named `-`");
}

/// Item 12: a policy that does not load, or a broken baseline, still gives the requested report,
/// with the error in it, and exit 2.
#[test]
fn setup_errors_are_reported_in_every_format() {
    let r = repo();
    let d = r.path();
    write(&d.join("ai-models.yaml"), GOOD);
    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policy-syntax");
    let policy = policy.to_str().unwrap();
    write(
        &d.join("bad.json"),
        "{\"version\": 1,\n \"findings\": [\n  {\"rule\": 3}\n]}\n",
    );
    for setup in [&["--policy", policy][..], &["--baseline", "bad.json"]] {
        for format in FORMATS {
            let mut args = vec!["check", "--format", format];
            args.extend(setup);
            let out = run(d, &args);
            assert_eq!(out.code, 2, "{args:?}: {}", out.both());
            assert!(
                !out.stderr.is_empty(),
                "{args:?}: the error is on stderr too"
            );
            match *format {
                "json" => {
                    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
                    let e = &v["errors"][0];
                    assert!(e["line"].as_u64().is_some_and(|l| l >= 1), "{v}");
                    assert!(e["column"].as_u64().is_some_and(|c| c >= 1), "{v}");
                }
                "sarif" => {
                    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
                    let inv = &v["runs"][0]["invocations"][0];
                    assert_eq!(inv["executionSuccessful"], false, "{v}");
                    let note = &inv["toolExecutionNotifications"][0];
                    let region = &note["locations"][0]["physicalLocation"]["region"];
                    assert!(region["startLine"].as_u64().is_some(), "{note}");
                }
                "junit" => assert!(out.stdout.contains("<error"), "{}", out.stdout),
                "markdown" => {
                    assert!(
                        out.stdout.contains("could not be checked"),
                        "{}",
                        out.stdout
                    )
                }
                "github" => assert!(out.stdout.starts_with("::error "), "{}", out.stdout),
                _ => assert!(out.stdout.is_empty() || out.stderr.contains("error")),
            }
        }
        let mut args = vec!["check", "--format", "sarif", "--output", "out/m.sarif"];
        args.extend(setup);
        assert_eq!(run(d, &args).code, 2);
        let sarif = std::fs::read_to_string(d.join("out/m.sarif")).expect("written");
        assert!(sarif.contains("\"executionSuccessful\": false"), "{sarif}");
        std::fs::remove_dir_all(d.join("out")).unwrap();
    }
    // Baseline errors in plain words: no serde type names, no column 0.
    let out = run(d, &["check", "--baseline", "bad.json"]);
    assert!(out.stderr.contains("bad.json:3:"), "{}", out.stderr);
    write(&d.join("worse.json"), "[]\n");
    let out = run(d, &["check", "--baseline", "worse.json"]);
    assert!(
        !out.stderr.contains("FileDoc") && !out.stderr.contains(":0"),
        "{}",
        out.stderr
    );
    write(&d.join("cut.json"), "{\"version\": 1,\n");
    let out = run(d, &["check", "--baseline", "cut.json"]);
    assert!(
        out.stderr.contains("cut.json:2:1") || out.stderr.contains("cut.json:1:"),
        "{}",
        out.stderr
    );
}

/// Item 15: output that cannot be written is exit 2 with a message, never exit 0. (A stdout
/// closed with `>&-` cannot be told apart: Rust's runtime reopens it on `/dev/null` before
/// `main`, exactly as `subprocess.DEVNULL` would hand it over.)
#[test]
fn unwritable_stdout_is_an_error() {
    let r = repo();
    let d = r.path();
    write(
        &d.join("ai-models.yaml"),
        "version: 1\nmodels:\n  - id: Qwen/Qwen2.5-7B-Instruct\n",
    );
    let bin = assert_cmd::cargo::cargo_bin("modelgate");
    for (args, redirect) in [
        ("--help", ">/dev/full"),
        ("--version", ">/dev/full"),
        ("check", ">/dev/full"),
        ("check --format sarif", ">/dev/full"),
        ("check --format json", ">/dev/full"),
    ] {
        let out = Command::new("bash")
            .arg("-c")
            .arg(format!("exec \"$0\" {args} {redirect}"))
            .arg(&bin)
            .current_dir(d)
            .env_remove("MODELGATE_CONFIG")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args} {redirect}: {stderr}");
        assert!(
            stderr.contains("cannot write output"),
            "{args} {redirect}: {stderr}"
        );
    }
}

/// The smaller ones: baseline paths are normalised, a backslash stays in a name, global git
/// excludes do not hide a manifest, a manifest named twice counts once, `NO_COLOR` yields to
/// `--color always`, `scan` reports what it skipped.
#[test]
fn smaller_findings_of_the_issue() {
    let r = repo();
    let d = r.path();
    write(&d.join("a/ai-models.yaml"), GOOD);
    // Baseline entries spelled `./a/ai-models.yaml` and `a//ai-models.yaml`.
    write(
        &d.join("b.json"),
        "{\"version\": 1, \"findings\": [\n {\"rule\": \"no-proprietary\", \"manifest\": \"./a/ai-models.yaml\", \"model\": \"gpt-4o\"},\n {\"rule\": \"license-missing\", \"manifest\": \"a//ai-models.yaml\", \"model\": \"gone\"}\n]}\n",
    );
    let out = run(
        d,
        &["check", "a", "--baseline", "b.json", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(v["baseline"]["baselined"].as_u64().unwrap() >= 1, "{v}");
    assert_eq!(v["baseline"]["stale"].as_array().unwrap().len(), 1, "{v}");

    // `a\b/ai-models.yaml` and `a/b/ai-models.yaml` are two manifests.
    write(&d.join("a\\b/ai-models.yaml"), GOOD);
    write(&d.join("a/b/ai-models.yaml"), GOOD);
    let out = run(d, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let files: std::collections::BTreeSet<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(
        files.contains("a\\b/ai-models.yaml") && files.contains("a/b/ai-models.yaml"),
        "{files:?}"
    );
    assert_eq!(v["summary"]["manifests"], 3, "{v}");

    // The same manifest named twice, or as a file and through its directory.
    let out = run(
        d,
        &[
            "check",
            "a/ai-models.yaml",
            "./a/ai-models.yaml",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["summary"]["manifests"], 1, "{v}");
    assert_eq!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "no-proprietary")
            .count(),
        1,
        "{v}"
    );
    let out = run(
        d,
        &["check", "a/b", "a/b/ai-models.yaml", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["summary"]["manifests"], 1, "{v}");

    // A global excludes file that lists manifests does not hide them.
    let home = tempfile::tempdir().unwrap();
    write(&home.path().join("git/ignore"), "ai-models.yaml\n");
    let out = Command::new(assert_cmd::cargo::cargo_bin("modelgate"))
        .args(["check", "--format", "json"])
        .current_dir(d)
        .env("XDG_CONFIG_HOME", home.path())
        .env("HOME", home.path())
        .env_remove("MODELGATE_CONFIG")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["manifests"], 3, "{v}");

    // `--color always` colours even with NO_COLOR set (as the README says).
    let out = common::run_with(
        &["check", "a", "--color", "always"],
        &[("NO_COLOR", "1")],
        Some(d),
    );
    assert!(out.stdout.contains("\u{1b}["), "{}", out.stdout);

    // `scan` does not count what it skipped.
    let s = tempfile::tempdir().unwrap();
    write(
        &s.path().join("ok.py"),
        "m = 'meta-llama/Llama-3.1-8B-Instruct'\n",
    );
    let mut big = "# huggingface\n".repeat(80_000);
    big.push_str("m = 'meta-llama/Llama-3.1-8B-Instruct'\n");
    write(&s.path().join("big.py"), &big);
    std::fs::write(
        s.path().join("latin1.py"),
        b"# huggingface \xe9\nm = 'gpt-4o'\n",
    )
    .unwrap();
    let out = run(s.path(), &["scan", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["summary"]["files_scanned"], 1, "{v}");
    assert_eq!(v["summary"]["files_skipped"], 2, "{v}");
    let out = run(s.path(), &["scan"]);
    assert!(out.stdout.contains("2 files skipped"), "{}", out.stdout);
}
