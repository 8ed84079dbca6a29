//! The model table: one row per declared model of the checked manifests, with the license
//! that binds it, how that license was resolved, its openness class and its verdict (the
//! worst level among its unsuppressed findings, with their rule ids).
//!
//! Rows are sorted by verdict (errors first), then model id, then manifest, and folded after
//! a number of rows with a count of the rest. On a terminal the table fits the terminal's
//! width (long cells are cut with `…`); piped, every cell is printed whole and uncoloured, so
//! `grep` sees full ids.

use std::fmt::Write as _;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::finding::{Level, ModelRow, Report, SuppressionKind};
use crate::safe_text::terminal;

/// Rows shown before the table folds, unless `--table-rows` says otherwise.
pub const DEFAULT_ROWS: usize = 20;

/// One model with its verdict.
#[derive(Debug)]
pub struct Row<'a> {
    pub model: &'a ModelRow,
    /// The worst level among the model's unsuppressed findings; `None` when it has none.
    pub verdict: Option<Level>,
    /// The rule ids of its unsuppressed findings, worst first, then by id.
    pub rules: Vec<(&'a str, Level)>,
    /// Its findings that a waiver suppresses (baselined ones are only counted).
    pub suppressed: Vec<&'a str>,
}

impl Row<'_> {
    /// `error`, `warning`, `note` or `ok`.
    pub fn verdict_word(&self) -> &'static str {
        verdict_word(self.verdict)
    }

    /// The rules cell: the active rule ids, and the suppressed ones after them.
    pub fn rules_text(&self) -> String {
        let mut out: Vec<String> = self.rules.iter().map(|(r, _)| r.to_string()).collect();
        if !self.suppressed.is_empty() {
            out.push(format!("(suppressed: {})", self.suppressed.join(", ")));
        }
        out.join(", ")
    }

    /// The license cell (`-` when none is known or declared).
    pub fn license(&self) -> &str {
        self.model.license.as_deref().unwrap_or("-")
    }
}

pub fn verdict_word(verdict: Option<Level>) -> &'static str {
    match verdict {
        Some(Level::Error) => "error",
        Some(Level::Warning) => "warning",
        Some(Level::Note) => "note",
        Some(Level::Off) | None => "ok",
    }
}

/// Every declared model with its verdict, in table order.
pub fn rows(report: &Report) -> Vec<Row<'_>> {
    let mut rows: Vec<Row> = report
        .model_rows
        .iter()
        .map(|m| {
            let mut rules: Vec<(&str, Level)> = Vec::new();
            let mut suppressed: Vec<&str> = Vec::new();
            for f in report.findings.iter().filter(|f| m.owns(f)) {
                if let Some(s) = &f.suppressed {
                    // Baselined findings are only counted: a baseline exists to show what is new.
                    if s.kind == SuppressionKind::Waiver {
                        suppressed.push(&f.rule);
                    }
                } else if f.severity > Level::Off {
                    rules.push((&f.rule, f.severity));
                }
            }
            rules.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            rules.dedup_by(|a, b| a.0 == b.0);
            suppressed.sort_unstable();
            suppressed.dedup();
            Row {
                model: m,
                verdict: rules.first().map(|r| r.1),
                rules,
                suppressed,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.verdict
            .cmp(&a.verdict)
            .then_with(|| a.model.id.cmp(&b.model.id))
            .then_with(|| a.model.manifest.cmp(&b.model.manifest))
            .then_with(|| a.model.index.cmp(&b.model.index))
    });
    rows
}

/// How many rows of each verdict are left out when folding after `shown`.
pub fn folded_counts(rows: &[Row<'_>], shown: usize) -> String {
    let mut parts = Vec::new();
    for v in [
        Some(Level::Error),
        Some(Level::Warning),
        Some(Level::Note),
        None,
    ] {
        let n = rows
            .iter()
            .skip(shown)
            .filter(|r| r.verdict.filter(|l| *l > Level::Off) == v)
            .count();
        if n > 0 {
            parts.push(format!("{n} {}", verdict_word(v)));
        }
    }
    parts.join(", ")
}

/// How the table is printed on standard output.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The terminal's width in columns; `None` when piped (cells are never cut).
    pub width: Option<usize>,
    pub color: bool,
    /// Rows shown before folding; 0 shows every row.
    pub max_rows: usize,
}

const HEADERS: [&str; 7] = [
    "VERDICT", "MODEL", "LICENSE", "VIA", "OPENNESS", "RULES", "MANIFEST",
];
/// The narrowest each column is cut to; the verdict, via and openness columns are never cut.
const MIN: [usize; 7] = [7, 16, 12, 10, 12, 12, 12];
/// Which columns give up width first when the table is too wide.
const SHRINK_ORDER: [usize; 4] = [5, 6, 2, 1];
const GAP: usize = 2;

/// `s` cut to at most `width` columns, with `…` when it was cut.
fn cut(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

fn paint(s: &str, verdict: &str, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    let code = match verdict {
        "error" => "31;1",
        "warning" => "33;1",
        "note" => "36",
        "ok" => "32",
        _ => "1",
    };
    format!("\x1b[{code}m{s}\x1b[0m")
}

/// The model table for a terminal or a pipe, with a fold line when rows were left out.
pub fn render(report: &Report, layout: Layout) -> String {
    let rows = rows(report);
    if rows.is_empty() {
        return String::new();
    }
    let many_manifests = report.manifests.len() > 1;
    let ncols = if many_manifests { 7 } else { 6 };
    let shown = match layout.max_rows {
        0 => rows.len(),
        n => n.min(rows.len()),
    };
    // Every cell goes through `terminal`: ids, licenses and rule ids come from the checked
    // repository and its policies.
    let cells: Vec<Vec<String>> = rows
        .iter()
        .take(shown)
        .map(|r| {
            let mut c = vec![
                r.verdict_word().to_string(),
                terminal(&r.model.id).into_owned(),
                terminal(r.license()).into_owned(),
                r.model.resolved.as_str().to_string(),
                terminal(&r.model.openness).into_owned(),
                terminal(&r.rules_text()).into_owned(),
            ];
            if many_manifests {
                c.push(format!("{}:{}", terminal(&r.model.manifest), r.model.line));
            }
            c
        })
        .collect();
    let mut widths: Vec<usize> = (0..ncols)
        .map(|i| {
            cells
                .iter()
                .map(|c| c[i].width())
                .chain([HEADERS[i].len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    if let Some(total) = layout.width {
        let need = |w: &[usize]| w.iter().sum::<usize>() + GAP * (w.len() - 1);
        for &i in SHRINK_ORDER.iter().filter(|&&i| i < ncols) {
            let over = need(&widths).saturating_sub(total);
            if over == 0 {
                break;
            }
            let floor = MIN[i].min(widths[i]);
            widths[i] -= over.min(widths[i] - floor);
        }
    }
    let mut out = String::new();
    let line = |cells: &[String], header: bool, out: &mut String| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            let shown = cut(cell, widths[i]);
            let pad = widths[i].saturating_sub(shown.width());
            let painted = if header {
                paint(&shown, "", layout.color)
            } else if i == 0 {
                paint(&shown, cell, layout.color)
            } else {
                shown
            };
            text.push_str(&painted);
            if i + 1 < cells.len() {
                text.push_str(&" ".repeat(pad + GAP));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
    };
    let headers: Vec<String> = HEADERS[..ncols].iter().map(|h| h.to_string()).collect();
    line(&headers, true, &mut out);
    for c in &cells {
        line(c, false, &mut out);
    }
    if shown < rows.len() {
        let _ = writeln!(
            out,
            "… {} more model{} not shown ({}); --table-rows 0 shows every row",
            rows.len() - shown,
            if rows.len() - shown == 1 { "" } else { "s" },
            folded_counts(&rows, shown)
        );
    }
    out
}

/// The model table in Markdown (for `--format markdown`), folded after `max_rows` (0: never).
pub fn markdown(report: &Report, max_rows: usize) -> String {
    use crate::report::markdown::{cell, code};
    let rows = rows(report);
    if rows.is_empty() {
        return String::new();
    }
    let many_manifests = report.manifests.len() > 1;
    let mut out =
        String::from("#### Models\n\n| Verdict | Model | License | Via | Openness | Rules |");
    out.push_str(if many_manifests {
        " Manifest |\n| --- | --- | --- | --- | --- | --- | --- |\n"
    } else {
        "\n| --- | --- | --- | --- | --- | --- |\n"
    });
    let shown = match max_rows {
        0 => rows.len(),
        n => n.min(rows.len()),
    };
    for r in rows.iter().take(shown) {
        let icon = match r.verdict {
            Some(Level::Error) => "🔴 error",
            Some(Level::Warning) => "🟡 warning",
            Some(Level::Note) => "🔵 note",
            _ => "🟢 ok",
        };
        let rules: Vec<String> = r.rules.iter().map(|(id, _)| code(id)).collect();
        let mut rules = rules.join(", ");
        if !r.suppressed.is_empty() {
            let s: Vec<String> = r.suppressed.iter().map(|id| code(id)).collect();
            if !rules.is_empty() {
                rules.push_str(", ");
            }
            rules.push_str(&format!("suppressed: {}", s.join(", ")));
        }
        let _ = write!(
            out,
            "| {icon} | {} | {} | {} | {} | {} |",
            code(&r.model.id),
            r.model.license.as_deref().map_or("-".into(), code),
            r.model.resolved.as_str(),
            cell(&r.model.openness),
            rules,
        );
        if many_manifests {
            let _ = write!(
                out,
                " {} |",
                code(&format!("{}:{}", r.model.manifest, r.model.line))
            );
        }
        out.push('\n');
    }
    if shown < rows.len() {
        let _ = writeln!(
            out,
            "\n… and {} more ({}).",
            rows.len() - shown,
            folded_counts(&rows, shown)
        );
    }
    out.push('\n');
    out
}

#[cfg(test)]
#[path = "table_tests.rs"]
pub(crate) mod tests;
