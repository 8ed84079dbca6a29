//! Grouping for the human report: `attribution-required` notes for models under permissive
//! licenses (MIT, Apache-2.0, BSD, ...) are one note per manifest instead of one per model.
//!
//! Their duty is the same for every such model (keep the license text and notices), so a
//! dozen identical notes would hide the findings that matter. Only the human report groups:
//! JSON, SARIF and the other formats keep one finding per model. Notes for licenses with a
//! specific duty ("Built with Llama", a display threshold) stay one per model, as does a
//! note a config raised to a warning or an error.

use std::collections::BTreeMap;

use crate::finding::{Finding, Level, Report};

/// The rule whose notes are grouped.
pub const RULE: &str = "attribution-required";

/// Licenses whose only duty is to keep the license text and notices with copies.
const PERMISSIVE: &[&str] = &[
    "0BSD",
    "Apache-2.0",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "BSD-3-Clause-Clear",
    "BSL-1.0",
    "CC-BY-4.0",
    "ISC",
    "MIT",
    "MIT-0",
    "PostgreSQL",
    "UPL-1.0",
    "Zlib",
];

/// Whether every license named in an expression is permissive.
pub fn permissive(expression: &str) -> bool {
    let ids: Vec<&str> = expression
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|t| !t.is_empty() && !matches!(*t, "AND" | "OR" | "WITH"))
        .collect();
    !ids.is_empty()
        && ids
            .iter()
            .all(|id| PERMISSIVE.iter().any(|p| p.eq_ignore_ascii_case(id)))
}

/// The findings of `report` the human report shows, in order, with the grouped notes in place
/// of the first note of each group.
pub fn human_findings(report: &Report) -> Vec<std::borrow::Cow<'_, Finding>> {
    use std::borrow::Cow;
    // Per manifest: the grouped notes (index in `report.findings`, license).
    let mut groups: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        if f.rule != RULE
            || f.severity != Level::Note
            || f.suppressed.is_some()
            || f.explanation.is_some()
        {
            continue;
        }
        let license = report
            .model_rows
            .iter()
            .find(|m| m.owns(f))
            .and_then(|m| m.license.as_deref());
        if let Some(l) = license.filter(|l| permissive(l)) {
            groups.entry(f.file.as_str()).or_default().push((i, l));
        }
    }
    groups.retain(|_, members| members.len() > 1);
    let mut out = Vec::with_capacity(report.findings.len());
    for (i, f) in report.findings.iter().enumerate() {
        match groups.get(f.file.as_str()) {
            Some(members) if members[0].0 == i => out.push(Cow::Owned(grouped(report, members))),
            Some(members) if members.iter().any(|(j, _)| *j == i) => {}
            _ => out.push(Cow::Borrowed(f)),
        }
    }
    out
}

/// One note for the group, underlining its first member.
fn grouped(report: &Report, members: &[(usize, &str)]) -> Finding {
    let first = &report.findings[members[0].0];
    let list: Vec<String> = members
        .iter()
        .map(|(i, license)| {
            let f = &report.findings[*i];
            format!(
                "`{}` ({license}, line {})",
                crate::report::model_label(f.model.as_deref()),
                f.line
            )
        })
        .collect();
    let mut note = first.clone();
    note.message = format!(
        "{} models are under permissive licenses that require attribution (keep the license text and any NOTICE with copies): {}",
        members.len(),
        list.join(", ")
    );
    note.source = None;
    note.explanation = None;
    note.help = format!(
        "{} `--format json` lists each model's note.",
        first.help.trim_end()
    )
    .into();
    note
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissive_expressions() {
        assert!(permissive("MIT"));
        assert!(permissive("(Apache-2.0) AND (MIT)"));
        assert!(permissive("apache-2.0 OR BSD-3-Clause"));
        assert!(!permissive("llama3.1"));
        assert!(!permissive("(Apache-2.0) AND (llama3.1)"));
        assert!(!permissive("GPL-3.0-only"));
        assert!(!permissive(""));
    }
}
