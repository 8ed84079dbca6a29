//! `--format json`: one object with `findings`, `errors` and `summary`, sorted.

use serde::Serialize;
use serde_json::json;

use crate::finding::{FileError, Level, Report, Suppression};

/// Version of this JSON shape; bumped only when a field changes meaning or goes away.
pub const JSON_VERSION: u64 = 1;

/// One finding as the report shows it (borrowed: no copy of the report is built).
#[derive(Serialize)]
struct FindingOut<'a> {
    rule: &'a str,
    severity: Level,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    model: &'a Option<String>,
    pointer: &'a str,
    source: &'a Option<String>,
    help: &'a str,
    suppressed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    suppression: &'a Option<Box<Suppression>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: &'a Option<Box<crate::finding::Explanation>>,
}

#[derive(Serialize)]
struct ReportOut<'a> {
    version: u64,
    findings: Vec<FindingOut<'a>>,
    errors: &'a [FileError],
    summary: serde_json::Value,
    /// The config chains that applied, each nearest file first (an empty list: no config).
    configs: &'a [Vec<String>],
    /// Present only with `--baseline`: `{file, baselined, stale: [{rule, manifest, model, line}]}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<serde_json::Value>,
}

pub fn render(report: &Report) -> String {
    // Sized for the report up front, so a large report is not copied while the buffer grows.
    let mut buf =
        Vec::with_capacity(4096 + 900 * report.findings.len() + 300 * report.errors.len());
    write(report, &mut buf).expect("writing to memory does not fail");
    String::from_utf8(buf).expect("JSON is UTF-8")
}

/// Write the report straight from the findings (no intermediate JSON tree, no copy of the
/// text in memory).
pub fn write(report: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let findings: Vec<FindingOut<'_>> = report
        .findings
        .iter()
        .map(|f| FindingOut {
            rule: &f.rule,
            severity: f.severity,
            message: &f.message,
            file: &f.file,
            line: f.line,
            column: f.column,
            model: &f.model,
            pointer: &f.pointer,
            source: &f.source,
            help: &f.help,
            suppressed: f.suppressed.is_some(),
            suppression: &f.suppressed,
            explanation: &f.explanation,
        })
        .collect();
    let out = ReportOut {
        version: JSON_VERSION,
        findings,
        errors: &report.errors,
        summary: json!({
            "manifests": report.manifests.len(),
            "models": report.models,
            "errors": report.count(Level::Error),
            "warnings": report.count(Level::Warning),
            "notes": report.count(Level::Note),
            "suppressed": report.suppressed(),
            "file_errors": report.errors.len(),
        }),
        configs: &report.configs,
        baseline: report.baseline.as_ref().map(|b| json!(b)),
    };
    serde_json::to_writer_pretty(&mut *w, &out).map_err(std::io::Error::from)?;
    w.write_all(b"\n")
}
