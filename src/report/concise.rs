//! `--format concise`: one line per finding, `path:line:col: level[rule] message`, the way
//! compilers and linters print, so editors (problem matchers, `:cfile`) and `grep` can read it;
//! files that could not be checked as `path:line:col: error: message`; the counts last.
//!
//! Only findings that count are listed (waived and baselined ones are in the counts). Every
//! value goes through [`terminal`]: a message or path cannot send escapes to the terminal, and
//! a line break in a message cannot start a line that looks like another finding.

use std::fmt::Write as _;

use crate::finding::Report;
use crate::safe_text::terminal;

/// One line of text: line breaks become spaces, other controls visible escapes.
fn one_line(s: &str) -> String {
    let joined: String = s
        .split(['\n', '\r'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    terminal(&joined).into_owned()
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for e in &report.errors {
        let at = match (e.line, e.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", one_line(&e.file)),
            _ => one_line(&e.file),
        };
        let _ = writeln!(out, "{at}: error: {}", one_line(&e.message));
    }
    for f in report.active() {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}[{}] {}",
            one_line(&f.file),
            f.line,
            f.column,
            f.severity,
            one_line(&f.rule),
            one_line(&f.message)
        );
    }
    out.push_str(&crate::report::human::summary(report));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn one_line_per_finding_then_the_counts() {
        let out = render(&testdata::report());
        insta::assert_snapshot!("concise", out);
        let lines: Vec<&str> = out.lines().collect();
        // A file error, three active findings (the waived and baselined ones are counted), the
        // counts.
        assert_eq!(lines.len(), 5, "{out}");
        assert!(
            lines[4].starts_with("3 errors, 0 warnings, 0 notes, 2 suppressed"),
            "{out}"
        );
    }

    #[test]
    fn messages_cannot_forge_lines_or_escapes() {
        let mut report = testdata::report();
        report.findings[0].message = "x\nother.yaml:1:1: error[fake] y\u{1b}[2J".into();
        let out = render(&report);
        assert!(!out.contains('\u{1b}'), "{out}");
        assert!(!out.lines().any(|l| l.starts_with("other.yaml")), "{out}");
        assert!(
            out.contains("x other.yaml:1:1: error[fake] y\\u{1b}[2J"),
            "{out}"
        );
    }
}
