//! `--format github`: GitHub Actions workflow commands, so findings show up as annotations
//! on the pull request diff (`::error file=…,line=…,col=…,title=…::message`).
//!
//! Escaping follows the Actions toolkit: in the message `%`, CR and LF are percent-encoded;
//! in property values `:` and `,` are encoded as well. Suppressed findings are not
//! annotated (they do not fail the run); the last line is the plain summary.

use crate::finding::{Level, Report};

/// Escape the message part of a workflow command.
/// Other control and invisible format characters are shown as visible escapes (`\u{1b}`).
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if crate::safe_text::is_unsafe(c) => {
                out.push_str(&crate::safe_text::terminal(c.encode_utf8(&mut [0; 4])))
            }
            c => out.push(c),
        }
    }
    out
}

/// Escape a property value (`file=`, `title=`, ...) of a workflow command.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(kind: &str, props: &[(&str, String)], message: &str) -> String {
    let props: Vec<String> = props
        .iter()
        .map(|(k, v)| format!("{k}={}", escape_property(v)))
        .collect();
    format!("::{kind} {}::{}\n", props.join(","), escape_data(message))
}

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for e in &report.errors {
        let mut props = vec![("file", e.file.clone())];
        if let Some(l) = e.line {
            props.push(("line", l.to_string()));
        }
        if let Some(c) = e.column {
            props.push(("col", c.to_string()));
        }
        props.push(("title", "modelgate: file error".to_string()));
        let mut msg = e.message.clone();
        if let Some(h) = &e.help {
            msg.push_str(&format!("\n\nhelp: {h}"));
        }
        out.push_str(&command("error", &props, &msg));
    }
    for f in report.active() {
        let kind = match f.severity {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note | Level::Off => "notice",
        };
        let mut props = vec![
            ("file", f.file.clone()),
            ("line", f.line.to_string()),
            ("col", f.column.to_string()),
        ];
        if let Some((line, column)) = crate::report::end_of(report, f) {
            props.push(("endLine", line.to_string()));
            if line == f.line {
                props.push(("endColumn", column.to_string()));
            }
        }
        props.push(("title", format!("{}: {}", f.rule, f.title)));
        let mut msg = format!("{}\n\nhelp: {}", f.message, f.help);
        if let Some(src) = &f.source {
            msg.push_str(&format!("\nsource: {src}"));
        }
        out.push_str(&command(kind, &props, &msg));
    }
    if let Some(b) = &report.baseline {
        for s in &b.stale {
            let props = vec![
                ("file", b.file.clone()),
                ("line", s.line.max(1).to_string()),
                ("title", "modelgate: stale baseline entry".to_string()),
            ];
            let msg = format!(
                "`{}` for `{}` in {} no longer occurs; recreate the baseline to drop this entry",
                s.rule,
                crate::report::model_label(s.model.as_deref()),
                s.manifest
            );
            out.push_str(&command("notice", &props, &msg));
        }
    }
    out.push_str("modelgate: ");
    out.push_str(&crate::report::human::summary(report));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn escapes_like_the_actions_toolkit() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        // `%` first, so an encoded newline is not encoded twice.
        assert_eq!(escape_data("%0A\n"), "%250A%0A");
    }

    #[test]
    fn one_command_per_active_finding_and_error() {
        let report = testdata::report();
        let text = render(&report);
        let lines: Vec<&str> = text.lines().collect();
        let commands = lines.iter().filter(|l| l.starts_with("::")).count();
        // 1 file error + 3 active findings + 1 stale entry; waived and baselined are left out.
        assert_eq!(commands, 5, "{text}");
        assert!(
            text.contains("::error file=broken/ai-models.yaml,line=2,col=5,title=modelgate%3A file error::invalid YAML: mapping values are not allowed here%0A%0Ahelp: check the indentation\n"),
            "{text}"
        );
        assert!(
            text.contains("::error file=dir one/ai-models.yaml,line=3,col=9,endLine=3,endColumn=12,title=license-unknown%3A Title of license-unknown::`odd` is 50%25 unknown: a:b, c | d <e> & \"f\"%0Asecond line%0A%0Ahelp: How to fix license-unknown.%0Asource: a source\n"),
            "{text}"
        );
        assert!(
            !text.contains("forbids commercial use"),
            "waived finding annotated: {text}"
        );
        assert!(lines.last().unwrap().starts_with("modelgate: "));
        // Every command is one line: no raw newline survives in a message.
        assert_eq!(lines.len(), commands + 1);
    }
}
