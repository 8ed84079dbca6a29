//! Rego unit tests: every `test_*` rule in the loaded files must evaluate to `true`.

use serde::Serialize;

use crate::engine::{Engine, PolicyError};

/// The result of one test rule.
#[derive(Debug, Clone, Serialize)]
pub struct TestResult {
    pub file: String,
    pub line: usize,
    pub package: String,
    pub name: String,
    pub passed: bool,
    /// Why it failed: `false`/undefined, or the evaluation error.
    pub error: Option<String>,
}

/// `(package, [(test name, line)])` declared in one Rego source.
fn tests_in(source: &str) -> (Option<String>, Vec<(String, usize)>) {
    let mut package = None;
    let mut tests: Vec<(String, usize)> = Vec::new();
    for (i, line) in source.lines().enumerate() {
        if let Some(p) = line.strip_prefix("package ") {
            package = Some(p.trim().to_string());
        }
        if line.starts_with("test_") {
            let name: String = line
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !tests.iter().any(|(n, _)| *n == name) {
                tests.push((name, i + 1));
            }
        }
    }
    (package, tests)
}

/// Run every test rule found in `files` (display name, source) against `engine`, which must
/// already hold those files.
pub fn run(engine: &Engine, files: &[(String, String)]) -> Vec<TestResult> {
    let mut results = Vec::new();
    for (file, source) in files {
        let (package, tests) = tests_in(source);
        let Some(package) = package else { continue };
        for (name, line) in tests {
            let mut e = engine.clone();
            let outcome = e.eval_path(&format!("data.{package}.{name}"), None);
            let (passed, error) = match outcome {
                Ok(serde_json::Value::Bool(true)) => (true, None),
                Ok(_) => (false, Some("the test is false or undefined".to_string())),
                Err(msg) => (false, Some(msg)),
            };
            results.push(TestResult {
                file: file.clone(),
                line,
                package: package.clone(),
                name,
                passed,
                error,
            });
        }
    }
    results
}

/// The built-in pack with its tests, ready for [`run`].
pub fn builtin() -> Result<(Engine, Vec<(String, String)>), PolicyError> {
    let files: Vec<(String, String)> = crate::engine::BUILTIN_TESTS
        .iter()
        .map(|(n, s)| (format!("builtin:{n}"), s.to_string()))
        .collect();
    let engine = Engine::new(true, &files, &[], crate::engine::DEFAULT_TIMEOUT)?;
    Ok((engine, files))
}
