//! Output formats for a check report; one small module per format.

pub mod concise;
pub mod github;
pub mod group;
pub mod html;
mod html_assets;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub mod table;
#[cfg(test)]
pub(crate) mod testdata;

use clap::ValueEnum;

use crate::finding::{Finding, Report};

/// `--format` values of `explain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Rich diagnostics for people.
    Human,
    /// One JSON object: findings, errors, summary.
    Json,
}

/// `--format` values of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Rich diagnostics for people.
    Human,
    /// One JSON object: findings, errors, summary.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands: annotations on the pull request diff.
    Github,
    /// JUnit XML: one test case per manifest, model and rule.
    Junit,
    /// A Markdown summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.
    Markdown,
    /// One line per finding, `path:line:col: level[rule] message`, then the counts.
    Concise,
    /// One self-contained HTML page for reviewers (best with `--output report.html`).
    Html,
}

/// `--summary` values of `check`: what the human report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum SummaryMode {
    /// The diagnostics, then the model table and the counts.
    #[default]
    Full,
    /// Only the model table and the counts.
    Only,
    /// The diagnostics and the counts, without the model table.
    None,
}

/// Where a finding's underlined value ends: 1-based line and the column just after its
/// last character (characters, not bytes). `None` when the source text is not at hand or
/// the span is empty.
pub fn end_of(report: &Report, f: &Finding) -> Option<(usize, usize)> {
    if f.span.is_empty() {
        return None;
    }
    let text = report.sources.get(&f.file)?;
    let before = text.get(..f.span.end)?;
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

/// The model a finding is about, or `(project)` for findings about the whole manifest.
pub fn model_label(model: Option<&str>) -> &str {
    model.unwrap_or("(project)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Level;
    use crate::yaml::Span;
    use std::sync::Arc;

    #[test]
    fn end_counts_characters_not_bytes() {
        let text = "a: é€x\nb: 1\n";
        let start = text.find('é').unwrap();
        let end = text.find('\n').unwrap();
        let f = Finding {
            rule: "r".into(),
            severity: Level::Error,
            message: "m".into(),
            file: "m.yaml".into(),
            line: 1,
            column: 4,
            model: None,
            pointer: String::new(),
            source: None,
            help: "".into(),
            title: "".into(),
            suppressed: None,
            explanation: None,
            span: Span {
                start,
                end,
                line: 1,
                column: 4,
            },
        };
        let mut report = Report::default();
        report.sources.insert("m.yaml".into(), Arc::from(text));
        // "a: " is 3 characters, "é€x" 3 more: the value ends before column 7.
        assert_eq!(end_of(&report, &f), Some((1, 7)));
        report.sources.clear();
        assert_eq!(end_of(&report, &f), None);
    }
}
