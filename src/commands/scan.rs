//! `modelgate scan [PATH]`: list the model references found in a source tree.

use std::path::PathBuf;

use serde_json::json;

use crate::catalog::Catalog;
use crate::cli::{MinConfidence, ScanArgs};
use crate::exit::Exit;
use crate::report::Format;
use crate::scan::{self, Confidence, ScanResult};

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn human(result: &ScanResult, min: Confidence) -> String {
    let refs: Vec<_> = result
        .references
        .iter()
        .filter(|r| r.confidence >= min)
        .collect();
    let at: Vec<String> = refs
        .iter()
        .map(|r| format!("{}:{}:{}", r.file, r.line, r.column))
        .collect();
    let w_at = at.iter().map(|s| s.chars().count()).max().unwrap_or(0);
    let w_kind = refs
        .iter()
        .map(|r| r.kind.as_str().len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (r, at) in refs.iter().zip(&at) {
        let known = match &r.model {
            Some(m) if !m.eq_ignore_ascii_case(&r.text) => format!("  (knowledge base: {m})"),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{at:<w_at$}  {:<6}  {:<w_kind$}  {}{known}\n",
            r.confidence.as_str(),
            r.kind.as_str(),
            r.text,
        ));
    }
    let models = result.models(min).len();
    let count = |c: Confidence| refs.iter().filter(|r| r.confidence == c).count();
    if !refs.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!(
        "{} to {} ({} high, {} medium, {} low) in {} read\n",
        plural(refs.len(), "reference", "references"),
        plural(models, "model", "models"),
        count(Confidence::High),
        count(Confidence::Medium),
        count(Confidence::Low),
        plural(result.files_scanned, "file", "files"),
    ));
    if !result.skipped.is_empty() {
        out.push_str(&format!(
            "{} skipped (larger than {} bytes, unreadable or not UTF-8):\n",
            plural(result.skipped.len(), "file", "files"),
            crate::scan::MAX_FILE_SIZE
        ));
        for f in &result.skipped {
            out.push_str(&format!("  {f}\n"));
        }
    }
    out
}

fn json_text(result: &ScanResult, min: Confidence) -> String {
    let refs: Vec<_> = result
        .references
        .iter()
        .filter(|r| r.confidence >= min)
        .collect();
    let models: Vec<_> = result
        .models(min)
        .into_iter()
        .map(|(key, refs)| {
            json!({
                "key": key,
                "model": refs[0].model,
                "names": refs.iter().map(|r| r.text.as_str()).collect::<std::collections::BTreeSet<_>>(),
                "confidence": refs.iter().map(|r| r.confidence).max(),
                "references": refs.len(),
            })
        })
        .collect();
    let v = json!({
        "version": 1,
        "references": refs,
        "models": models,
        "errors": result.errors,
        "skipped": result.skipped,
        "summary": {
            "files_scanned": result.files_scanned,
            "files_skipped": result.skipped.len(),
            "references": refs.len(),
            "models": models.len(),
        },
    });
    let mut s = serde_json::to_string_pretty(&v).expect("scan result serializes");
    s.push('\n');
    s
}

pub fn run(args: ScanArgs) -> Exit {
    let root = args.path.unwrap_or_else(|| PathBuf::from("."));
    if let Err(e) = std::fs::metadata(&root) {
        return super::fail(format!(
            "{}: cannot read: {e}",
            crate::source::display_path(&root)
        ));
    }
    let min = match args.min_confidence {
        MinConfidence::Low => Confidence::Low,
        MinConfidence::Medium => Confidence::Medium,
        MinConfidence::High => Confidence::High,
    };
    let result = scan::scan(&root, Catalog::get(), &scan::Options::default());
    let text = match args.format {
        Format::Human => human(&result, min),
        Format::Json => json_text(&result, min),
    };
    for e in &result.errors {
        super::err(&format!("modelgate: warning: while scanning: {e}\n"));
    }
    match super::out_as(&text, args.format) {
        Exit::Clean if !result.errors.is_empty() => Exit::Error,
        other => other,
    }
}
