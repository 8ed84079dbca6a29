//! Helpers shared by the CLI test files: run the built binary as a user would, without colour,
//! at a fixed width, and without an organization config leaking in from the environment.

#![allow(dead_code)] // each test file uses a different subset

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

pub fn modelgate() -> Command {
    let mut c = Command::cargo_bin("modelgate").expect("binary");
    c.env_remove("NO_COLOR")
        .env_remove("MODELGATE_CONFIG")
        .env_remove("HF_HOME")
        // No local model cards from this machine's cache: tests that want cards set their own.
        .env("HF_HUB_CACHE", "/nonexistent/modelgate-tests/hf-hub")
        .env("COLUMNS", "100");
    c
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Standard output as JSON (panics with both streams when it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }
}

/// Run with `args` in `dir` (default: the crate root) with extra environment variables.
pub fn run_with(args: &[&str], env: &[(&str, &str)], dir: Option<&Path>) -> Run {
    let mut c = modelgate();
    c.args(args);
    for (k, v) in env {
        c.env(k, v);
    }
    c.current_dir(dir.unwrap_or(Path::new(env!("CARGO_MANIFEST_DIR"))));
    let out = c.output().expect("runs");
    Run {
        code: out.status.code().expect("exit code"),
        stdout: String::from_utf8(out.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(out.stderr).expect("utf-8 stderr"),
    }
}

pub fn run(args: &[&str]) -> Run {
    run_with(args, &[], None)
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    run_with(args, &[], Some(dir))
}

/// Run with `--format json` appended; the exit code and the parsed report.
pub fn json(args: &[&str]) -> (i32, Value) {
    let mut a = args.to_vec();
    a.extend(["--format", "json"]);
    let r = run(&a);
    (r.code, r.json())
}

/// A temporary directory holding `files` as (relative path, text), directories created.
pub fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}
