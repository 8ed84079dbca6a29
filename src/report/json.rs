//! `--format json`: one object with `findings`, `errors` and `summary`, sorted.

use serde_json::{json, Value};

use crate::finding::{Level, Report};

/// Version of this JSON shape; bumped only when a field changes meaning or goes away.
pub const JSON_VERSION: u64 = 1;

pub fn render(report: &Report) -> String {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut v = json!({
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "file": f.file,
                "line": f.line,
                "column": f.column,
                "model": f.model,
                "pointer": f.pointer,
                "source": f.source,
                "help": f.help,
                "suppressed": f.suppressed.is_some(),
            });
            if let Some(s) = &f.suppressed {
                v["suppression"] = json!(s);
            }
            if let Some(x) = &f.explanation {
                v["explanation"] = json!(x);
            }
            v
        })
        .collect();
    let mut v = json!({
        "version": JSON_VERSION,
        "findings": findings,
        "errors": report.errors,
        "summary": {
            "manifests": report.manifests.len(),
            "models": report.models,
            "errors": report.count(Level::Error),
            "warnings": report.count(Level::Warning),
            "notes": report.count(Level::Note),
            "suppressed": report.suppressed(),
            "file_errors": report.errors.len(),
        },
    });
    if let Some(b) = &report.baseline {
        // Present only with `--baseline`: `{file, baselined, stale: [{rule, manifest, model, line}]}`.
        v["baseline"] = json!(b);
    }
    let mut s = serde_json::to_string_pretty(&v).expect("report serializes");
    s.push('\n');
    s
}
