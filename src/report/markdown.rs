//! `--format markdown`: a summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment.
//!
//! A heading with the verdict under the `--fail-on` threshold, the counts, one table row per
//! active finding (errors first), the files that could not be checked, waived findings in a collapsed
//! section, the model table (`table.rs`), and what the baseline did. Table cells are escaped so that `|`, line breaks and
//! HTML in messages cannot break the table.

use crate::finding::{Level, Report, SuppressionKind};
use crate::report::model_label;

/// Rows shown in each table; the rest is counted.
pub const MAX_ROWS: usize = 200;

/// Characters shown of one cell; a longer text ends in `…`.
pub const MAX_CELL: usize = 400;

/// Bytes of the whole summary, well under GitHub's 1 MiB limit for a step summary (over it,
/// GitHub drops the whole summary); rows past it are counted, not shown.
pub const MAX_BYTES: usize = 512 * 1024;

/// At most [`MAX_CELL`] characters of `s`, ending in `…` when cut.
fn bounded(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MAX_CELL) {
        None => s.into(),
        Some((at, _)) => format!("{}…", &s[..at]).into(),
    }
}

/// Escape text for a table cell: nothing in it can close the cell, start a link, an image,
/// emphasis, a code span or HTML (a `\` before `` \`*_[]~| ``; entities for `<`, `>`, `&`);
/// line breaks become `<br>`, control and invisible characters visible escapes.
pub fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, line) in bounded(s).split('\n').enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = crate::safe_text::terminal(line);
        let chars: Vec<char> = line.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            // An underscore inside a word never starts emphasis (`llama3_1`): kept as is.
            let inside = |i: usize| {
                i > 0
                    && chars[i - 1].is_alphanumeric()
                    && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
            };
            match c {
                '_' if inside(i) => out.push(c),
                // GitHub turns bare `https://...`, `www.` and e-mail addresses into links; an
                // escaped `:`, `.` or `@` reads the same and links nothing.
                ':' if chars.get(i + 1) == Some(&'/') && chars.get(i + 2) == Some(&'/') => {
                    out.push_str("\\:")
                }
                '.' if i >= 3
                    && chars[i - 3..i]
                        .iter()
                        .collect::<String>()
                        .eq_ignore_ascii_case("www") =>
                {
                    out.push_str("\\.")
                }
                '@' => out.push_str("\\@"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '&' => out.push_str("&amp;"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// Inline code for a cell: the text as written (no entities: a code span shows them
/// literally), fenced with more backticks than any run inside so nothing closes it early,
/// `|` escaped for the table, on one line, bounded.
pub fn code(s: &str) -> String {
    let s = crate::safe_text::terminal(&bounded(s)).into_owned();
    let longest = s.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.starts_with(' ') || s.ends_with(' ') {
        " "
    } else {
        ""
    };
    // A `\` right before the table's `\|` would escape the escape.
    let body = s.replace("\\|", "\\ |").replace('|', "\\|");
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// A message for a cell, keeping its `code` spans: split at backticks, the parts between a
/// pair are [`code`] spans (literal, whatever they hold), the others [`cell`] text (escaped).
/// No arrangement of backticks in the text can open a link or HTML; with an odd number of
/// backticks the whole message is plain text.
pub fn prose(s: &str) -> String {
    let s = bounded(s);
    let parts: Vec<&str> = s.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return cell(&s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        match (i % 2 == 1, part.is_empty()) {
            (true, true) => out.push_str("\\`\\`"),
            (true, false) => out.push_str(&code(part)),
            (false, _) => out.push_str(&cell(part)),
        }
    }
    out
}

/// Whether the summary has room for more rows.
fn room(out: &str) -> bool {
    out.len() < MAX_BYTES
}

/// The line counting the rows a table left out, if it left out any.
fn more(left: usize) -> String {
    if left == 0 {
        return String::new();
    }
    format!("\n… and {left} more; run `modelgate check` locally for the full report.\n")
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
        let mut shown = 0;
        for e in report.errors.iter().take(MAX_ROWS) {
            if !room(&out) {
                break;
            }
            shown += 1;
            let at = match (e.line, e.column) {
                (Some(l), Some(c)) => format!("{}:{l}:{c}", e.file),
                _ => e.file.clone(),
            };
            let mut problem = e.message.clone();
            if let Some(h) = &e.help {
                problem.push_str(&format!("\nhelp: {h}"));
            }
            out.push_str(&format!("| {} | {} |\n", code(&at), prose(&problem)));
        }
        out.push_str(&more(report.errors.len() - shown));
        out.push('\n');
    }

    // Errors first, then warnings, then notes; report order within a level.
    let mut active: Vec<_> = report.active().collect();
    active.sort_by_key(|f| std::cmp::Reverse(f.severity));
    if !active.is_empty() {
        out.push_str(
            "| Severity | Rule | Model | Location | Finding |\n| --- | --- | --- | --- | --- |\n",
        );
        let mut shown = 0;
        for f in active.iter().take(MAX_ROWS) {
            if !room(&out) {
                break;
            }
            shown += 1;
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} |\n",
                icon(f.severity),
                code(&f.rule),
                code(model_label(f.model.as_deref())),
                code(&format!("{}:{}:{}", f.file, f.line, f.column)),
                prose(&f.message),
            ));
        }
        out.push_str(&more(active.len() - shown));
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
        let mut shown = 0;
        for f in waived.iter().take(MAX_ROWS) {
            if !room(&out) {
                break;
            }
            shown += 1;
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
        out.push_str(&more(waived.len() - shown));
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
            let mut shown = 0;
            for s in b.stale.iter().take(MAX_ROWS) {
                if !room(&out) {
                    break;
                }
                shown += 1;
                out.push_str(&format!(
                    "- {} for {} in {} (line {}) no longer occurs\n",
                    code(&s.rule),
                    code(model_label(s.model.as_deref())),
                    code(&s.manifest),
                    s.line
                ));
            }
            out.push_str(&more(b.stale.len() - shown));
            out.push_str(&format!(
                "\nRecreate the baseline ({}) to drop stale entries.\n",
                code(&format!("modelgate baseline create {}", b.file))
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
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("a<b>&"), "`a<b>&`");
        assert_eq!(
            cell("see [x](https://e.x) ![i](https://e.x/i.png) `c` <img src=x>"),
            "see \\[x\\](https\\://e.x) !\\[i\\](https\\://e.x/i.png) \\`c\\` &lt;img src=x&gt;"
        );
        assert_eq!(cell("a\u{1b}[2Jb"), "a\\\\u{1b}\\[2Jb");
        let long = "x".repeat(MAX_CELL + 10);
        assert_eq!(cell(&long).chars().count(), MAX_CELL + 1);
        assert!(cell(&long).ends_with('…'));
        assert_eq!(prose("`a` b [c](d)"), "`a` b \\[c\\](d)");
        assert_eq!(prose("`x](y) `"), "` x](y)  `");
        assert_eq!(prose("odd ` [c](d)"), "odd \\` \\[c\\](d)");
        assert_eq!(prose("``"), "\\`\\`");
        assert_eq!(cell("www.e.x a@b.c"), "www\\.e.x a\\@b.c");
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
