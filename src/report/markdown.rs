//! `--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.
//!
//! A heading with the verdict under the `--fail-on` threshold, the counts, one table row per
//! active finding (errors first), the files that could not be checked, waived findings in a collapsed
//! section, the model table (`table.rs`), and what the baseline did. Table cells are escaped so that `|`, line breaks and
//! HTML in messages cannot break the table.

use crate::finding::{Level, Report, SuppressionKind};
use crate::report::model_label;

/// Rows shown in the findings table; GitHub caps a step summary at 1 MiB.
pub const MAX_ROWS: usize = 200;

/// Escape text for a table cell.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

/// Inline code for a cell: backtick fence longer than any run of backticks inside.
pub fn code(s: &str) -> String {
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if longest > 0 { " " } else { "" };
    cell(&format!("{fence}{pad}{s}{pad}{fence}"))
}

fn icon(l: Level) -> &'static str {
    match l {
        Level::Error => "🔴 error",
        Level::Warning => "🟡 warning",
        Level::Note | Level::Off => "🔵 note",
    }
}

pub fn render(report: &Report, fail_on: Option<Level>) -> String {
    let failed = !report.errors.is_empty()
        || report
            .active()
            .any(|f| fail_on.is_some_and(|t| f.severity >= t));
    let mut out = format!(
        "### modelgate: {}\n\n",
        if failed { "❌ failed" } else { "✅ passed" }
    );
    out.push_str(&format!(
        "**{}**",
        crate::report::human::summary(report).trim_end()
    ));
    out.push_str(&format!(
        " · failing at: {}\n\n",
        fail_on.map_or("never", |l| l.as_str())
    ));

    if !report.errors.is_empty() {
        out.push_str("#### Files that could not be checked\n\n| File | Problem |\n| --- | --- |\n");
        for e in &report.errors {
            let at = match (e.line, e.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", e.file),
                _ => e.file.clone(),
            };
            let mut problem = e.message.clone();
            if let Some(h) = &e.help {
                problem.push_str(&format!("\nhelp: {h}"));
            }
            out.push_str(&format!("| {} | {} |\n", code(&at), cell(&problem)));
        }
        out.push('\n');
    }

    // Errors first, then warnings, then notes; report order within a level.
    let mut active: Vec<_> = report.active().collect();
    active.sort_by_key(|f| std::cmp::Reverse(f.severity));
    if !active.is_empty() {
        out.push_str(
            "| Severity | Rule | Model | Location | Finding |\n| --- | --- | --- | --- | --- |\n",
        );
        for f in active.iter().take(MAX_ROWS) {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                icon(f.severity),
                code(&f.rule),
                code(model_label(f.model.as_deref())),
                code(&format!("{}:{}:{}", f.file, f.line, f.column)),
                cell(&f.message),
            ));
        }
        if active.len() > MAX_ROWS {
            out.push_str(&format!(
                "\n… and {} more; run `modelgate check` locally for the full report.\n",
                active.len() - MAX_ROWS
            ));
        }
        out.push('\n');
    }

    let waived: Vec<_> = report
        .findings
        .iter()
        .filter(|f| matches!(&f.suppressed, Some(s) if s.kind == SuppressionKind::Waiver))
        .collect();
    if !waived.is_empty() {
        out.push_str(&format!(
            "<details><summary>{} waived finding{}</summary>\n\n| Rule | Model | Location | Reason |\n| --- | --- | --- | --- |\n",
            waived.len(),
            if waived.len() == 1 { "" } else { "s" }
        ));
        for f in waived.iter().take(MAX_ROWS) {
            let s = f.suppressed.as_ref().expect("waived");
            let mut why = format!("{} ({}:{}", s.reason, s.file, s.line);
            if let Some(e) = &s.expires {
                why.push_str(&format!(", expires {e}"));
            }
            if let Some(o) = &s.owner {
                why.push_str(&format!(", owner {o}"));
            }
            why.push(')');
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                code(&f.rule),
                code(model_label(f.model.as_deref())),
                code(&format!("{}:{}:{}", f.file, f.line, f.column)),
                cell(&why),
            ));
        }
        out.push_str("\n</details>\n\n");
    }

    out.push_str(&crate::report::table::markdown(report, MAX_ROWS));

    if let Some(b) = &report.baseline {
        out.push_str(&format!(
            "Baseline {}: {} finding{} baselined, {} stale entr{}.\n",
            code(&b.file),
            b.baselined,
            if b.baselined == 1 { "" } else { "s" },
            b.stale.len(),
            if b.stale.len() == 1 { "y" } else { "ies" },
        ));
        if !b.stale.is_empty() {
            out.push('\n');
            for s in &b.stale {
                out.push_str(&format!(
                    "- {} for {} in {} (line {}) no longer occurs\n",
                    code(&s.rule),
                    code(model_label(s.model.as_deref())),
                    code(&s.manifest),
                    s.line
                ));
            }
            out.push_str(&format!(
                "\nRecreate the baseline (`modelgate baseline create {}`) to drop stale entries.\n",
                b.file
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a | b\nc <d> & e"), "a \\| b<br>c &lt;d&gt; &amp; e");
        assert_eq!(code("x"), "`x`");
        assert_eq!(code("a`b"), "`` a`b ``");
        assert_eq!(code("a|b"), "`a\\|b`");
    }

    #[test]
    fn verdict_rows_and_sections() {
        let report = testdata::report();
        let md = render(&report, Some(Level::Error));
        assert!(md.starts_with("### modelgate: ❌ failed\n"), "{md}");
        // 3 active findings: rows, each with five cells on one line.
        let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| 🔴")).collect();
        assert_eq!(rows.len(), 3, "{md}");
        assert!(
            rows.iter().all(|r| r.matches(" | ").count() == 4),
            "{rows:?}"
        );
        assert!(
            md.contains("`odd` is 50% unknown: a:b, c \\| d &lt;e&gt; &amp; \"f\"<br>second line"),
            "{md}"
        );
        assert!(md.contains("| `broken/ai-models.yaml:2:5` | invalid YAML: mapping values are not allowed here<br>help: check the indentation |"), "{md}");
        assert!(
            md.contains("<details><summary>1 waived finding</summary>"),
            "{md}"
        );
        assert!(md.contains("approved by legal, see LEGAL-12 (.modelgate.yaml:7, expires 2099-01-01, owner ml-platform)"), "{md}");
        assert!(
            !md.contains("requires attribution"),
            "baselined findings are counted, not listed"
        );
        assert!(
            md.contains("Baseline `baseline.json`: 1 finding baselined, 1 stale entry."),
            "{md}"
        );
        assert!(md.contains("- `license-missing` for `gone/model` in `dir one/ai-models.yaml` (line 9) no longer occurs"), "{md}");
    }

    #[test]
    fn passes_when_nothing_reaches_the_threshold() {
        let mut report = testdata::report();
        report.errors.clear();
        assert!(render(&report, None).starts_with("### modelgate: ✅ passed\n"));
        assert!(render(&report, Some(Level::Error)).starts_with("### modelgate: ❌ failed\n"));
    }
}
