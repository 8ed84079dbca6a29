//! Rego unit tests (`modelgate policy test`): every `test_*` rule in the files under test must
//! evaluate to `true`. Optionally measures line coverage of the policies under test.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use crate::engine::{self, Engine, PathError, PolicyError};

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
    /// What `print()` wrote while the test ran (`file:line: text`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub output: Vec<String>,
}

/// Line coverage of one policy file.
#[derive(Debug, Clone, Serialize)]
pub struct FileCoverage {
    pub file: String,
    pub covered: usize,
    pub total: usize,
    pub percent: f64,
    /// Lines with an expression no test evaluated.
    pub not_covered: Vec<u32>,
}

/// Line coverage of the policies under test.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub files: Vec<FileCoverage>,
    pub covered: usize,
    pub total: usize,
    pub percent: f64,
}

/// What to test.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Run the built-in pack's tests and measure its coverage.
    pub builtin: bool,
    /// Directories (or files) of user policies and their `_test.rego` files.
    pub dirs: Vec<PathBuf>,
    pub timeout: Duration,
}

/// A loaded test suite: the engine holding every policy, and the files under test.
pub struct Suite {
    pub engine: Engine,
    /// Display names of the files whose tests run and whose coverage is measured.
    pub files: Vec<String>,
}

fn is_test_file(name: &str) -> bool {
    name.ends_with("_test.rego") || name.ends_with("testing.rego")
}

/// Load the built-in pack (always: user policies may import `data.modelgate.lib` and the
/// test fixtures in `data.modelgate.testing`), its tests, and the user's files.
pub fn load(plan: &Plan) -> Result<Suite, PolicyError> {
    let mut extra: Vec<(String, String)> = engine::BUILTIN_TESTS
        .iter()
        .map(|(n, s)| (format!("builtin:{n}"), s.to_string()))
        .collect();
    let mut files: Vec<String> = Vec::new();
    if plan.builtin {
        files.extend(engine::BUILTIN.iter().map(|(n, _)| format!("builtin:{n}")));
        files.extend(extra.iter().map(|(n, _)| n.clone()));
    }
    for dir in &plan.dirs {
        for file in engine::rego_files_with(dir, true)? {
            let (shown, text) = crate::ruleset::read_policy(&file)?;
            if !files.contains(&shown) {
                files.push(shown.clone());
                extra.push((shown, text));
            }
        }
    }
    let engine = Engine::new(true, &extra, &[], plan.timeout)?;
    // Tests run on the interpreter: build it now, so a load error surfaces here.
    engine.modules()?;
    Ok(Suite { engine, files })
}

/// The built-in pack with its tests.
pub fn builtin() -> Result<Suite, PolicyError> {
    load(&Plan {
        builtin: true,
        dirs: Vec::new(),
        timeout: engine::DEFAULT_TIMEOUT,
    })
}

impl Suite {
    /// Run every test rule in the files under test, in file and line order.
    pub fn run(&mut self) -> Vec<TestResult> {
        let mut tests: Vec<TestResult> = Vec::new();
        let mut seen = BTreeSet::new();
        for m in self.engine.modules().unwrap_or(&[]) {
            if !self.files.contains(&m.file) {
                continue;
            }
            for (path, line) in &m.rules {
                let name = path.rsplit('.').next().unwrap_or("");
                if !name.starts_with("test_") || !seen.insert(path.clone()) {
                    continue;
                }
                tests.push(TestResult {
                    file: m.file.clone(),
                    line: *line as usize,
                    package: m.package.trim_start_matches("data.").to_string(),
                    name: name.to_string(),
                    passed: false,
                    error: None,
                    output: Vec::new(),
                });
            }
        }
        tests.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        for t in &mut tests {
            let path = format!("data.{}.{}", t.package, t.name);
            match self.engine.eval_path(&path, None) {
                Ok(serde_json::Value::Bool(true)) => t.passed = true,
                Ok(_) => t.error = Some("the test is false or undefined".into()),
                Err(PathError::Timeout) => {
                    t.error = Some("did not finish within the time limit (--policy-timeout)".into())
                }
                Err(PathError::Failed(msg)) => t.error = Some(msg),
            }
            t.output = self.engine.take_prints();
        }
        tests
    }

    /// Turn coverage gathering on (before [`Suite::run`]).
    pub fn enable_coverage(&mut self) {
        // `load` built the interpreter, so this cannot fail.
        let _ = self.engine.set_coverage(true);
    }

    /// Line coverage of the policies under test (test files and fixtures excluded).
    pub fn coverage(&self) -> Result<Coverage, PolicyError> {
        let gathered = self.engine.coverage()?;
        let mut files = Vec::new();
        for m in self.engine.modules().unwrap_or(&[]) {
            if !self.files.contains(&m.file) || is_test_file(&m.file) {
                continue;
            }
            let (mut covered, mut not_covered): (BTreeSet<u32>, BTreeSet<u32>) =
                match gathered.iter().find(|g| g.file == m.file) {
                    Some(g) => (
                        g.covered.clone(),
                        g.not_covered.difference(&g.covered).copied().collect(),
                    ),
                    // regorus leaves out files no test reached: every line is uncovered.
                    None => (BTreeSet::new(), m.coverable()),
                };
            // `metadata` is data modelgate itself reads (and validates) when loading.
            let metadata = m.metadata_lines();
            covered.retain(|l| !metadata.contains(l));
            not_covered.retain(|l| !metadata.contains(l));
            let total = covered.len() + not_covered.len();
            files.push(FileCoverage {
                file: m.file.clone(),
                covered: covered.len(),
                total,
                percent: percent(covered.len(), total),
                not_covered: not_covered.into_iter().collect(),
            });
        }
        files.sort_by(|a, b| a.file.cmp(&b.file));
        let covered = files.iter().map(|f| f.covered).sum();
        let total = files.iter().map(|f| f.total).sum();
        Ok(Coverage {
            files,
            covered,
            total,
            percent: percent(covered, total),
        })
    }
}

fn percent(covered: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        // One decimal, rounded down so a threshold is never met by rounding.
        ((covered as f64 * 1000.0 / total as f64).floor()) / 10.0
    }
}

/// `1, 2, 3, 7, 9, 10` → `1-3, 7, 9-10`.
pub fn ranges(lines: &[u32]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = lines[i];
        let mut end = start;
        while i + 1 < lines.len() && lines[i + 1] == end + 1 {
            i += 1;
            end = lines[i];
        }
        out.push(if start == end {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_ranges_and_percent() {
        assert_eq!(ranges(&[1, 2, 3, 7, 9, 10]), "1-3, 7, 9-10");
        assert_eq!(ranges(&[]), "");
        assert_eq!(percent(2, 3), 66.6);
        assert_eq!(percent(0, 0), 100.0);
    }
}
