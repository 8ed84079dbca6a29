//! Human output: one miette diagnostic per file error and finding, then a summary line.

use crate::diagnostics::Renderer;
use crate::finding::{Level, Report};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn summary(report: &Report) -> String {
    let mut parts = vec![
        plural(report.count(Level::Error), "error", "errors"),
        plural(report.count(Level::Warning), "warning", "warnings"),
        plural(report.count(Level::Note), "note", "notes"),
    ];
    if report.suppressed() > 0 {
        parts.push(format!("{} suppressed", report.suppressed()));
    }
    if !report.errors.is_empty() {
        parts.push(plural(report.errors.len(), "file error", "file errors"));
    }
    format!(
        "{} in {} ({})\n",
        parts.join(", "),
        plural(report.manifests.len(), "manifest", "manifests"),
        plural(report.models, "model", "models"),
    )
}

pub fn render(report: &Report, color: bool) -> String {
    let r = Renderer::new(color);
    let mut out = String::new();
    for e in &report.errors {
        out.push_str(&r.error(e, report.sources.get(&e.file)));
        out.push('\n');
    }
    for f in &report.findings {
        out.push_str(&r.finding(f, report.sources.get(&f.file)));
        out.push('\n');
    }
    out.push_str(&summary(report));
    out
}
