//! `--format junit`: JUnit XML for CI test dashboards.
//!
//! One `<testsuite>` per manifest and one `<testcase>` per (manifest, model, rule) that ran
//! (`classname` = model id, `name` = rule id), so a dashboard counts what was checked, not
//! only what failed. Findings at or above the `--fail-on` threshold are `<failure>`s; findings
//! below it pass with their text in `<system-out>`; suppressed findings are `<skipped>` with
//! the reason. A file that could not be checked is a test case with an `<error>`. Stale
//! baseline entries are skipped test cases in a suite named after the baseline file.

use std::collections::BTreeMap;

use crate::finding::{Finding, Level, Report};
use crate::report::model_label;

/// Escape element content: like [`escape`], but line breaks stay as they are (a carriage
/// return or tab stays a character reference: raw, it would reach a terminal showing the log).
/// A line that would start with `::` (a GitHub Actions workflow command, when the XML is
/// printed in a log) starts with the reference `&#58;` instead, the same character to XML.
pub fn escape_text(s: &str) -> String {
    let text = escape(s).replace("&#10;", "\n");
    if !text.split('\n').any(|l| l.trim_start().starts_with("::")) {
        return text;
    }
    text.split('\n')
        .map(|l| {
            let body = l.trim_start();
            if body.starts_with("::") {
                format!("{}&#58;{}", &l[..l.len() - body.len()], &body[1..])
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Escape text for an XML attribute value. Characters XML 1.0 cannot carry at all (most
/// C0 controls, U+FFFE, U+FFFF) and those that act on a terminal (DEL, C1, bidi and other
/// invisible format characters) are written as `\u{..}` text.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Kept as references so attribute values keep their line breaks.
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            // DEL, C1 and invisible format characters are legal XML but act on a viewer's
            // terminal or reorder text: shown as escapes too.
            c if (c as u32) < 0x20
                || c == '\u{FFFE}'
                || c == '\u{FFFF}'
                || crate::safe_text::is_unsafe(c) =>
            {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

#[derive(Default)]
struct Case<'a> {
    findings: Vec<&'a Finding>,
    error: Option<String>,
    skipped: Option<String>,
}

#[derive(Default)]
struct Suite<'a> {
    /// (classname, name) → case, in insertion order.
    cases: Vec<((String, String), Case<'a>)>,
}

impl<'a> Suite<'a> {
    fn case(&mut self, classname: &str, name: &str) -> &mut Case<'a> {
        let key = (classname.to_string(), name.to_string());
        let i = match self.cases.iter().position(|(k, _)| *k == key) {
            Some(i) => i,
            None => {
                self.cases.push((key, Case::default()));
                self.cases.len() - 1
            }
        };
        &mut self.cases[i].1
    }
}

fn describe(f: &Finding) -> String {
    let mut s = format!(
        "{}[{}] {}:{}:{}: {}\nhelp: {}",
        f.severity, f.rule, f.file, f.line, f.column, f.message, f.help
    );
    if let Some(src) = &f.source {
        s.push_str(&format!("\nsource: {src}"));
    }
    s
}

pub fn render(report: &Report, fail_on: Option<Level>) -> String {
    let fails = |f: &Finding| f.suppressed.is_none() && fail_on.is_some_and(|t| f.severity >= t);
    let mut suites: BTreeMap<String, Suite> = BTreeMap::new();
    for (manifest, models) in &report.models_of {
        let suite = suites.entry(manifest.clone()).or_default();
        for model in models {
            for r in report.rules.iter().filter(|r| r.level != Level::Off) {
                suite.case(model, &r.meta.id);
            }
        }
    }
    for f in &report.findings {
        let suite = suites.entry(f.file.clone()).or_default();
        suite
            .case(model_label(f.model.as_deref()), &f.rule)
            .findings
            .push(f);
    }
    for e in &report.errors {
        let mut text = match (e.line, e.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}: {}", e.file, e.message),
            _ => format!("{}: {}", e.file, e.message),
        };
        if let Some(h) = &e.help {
            text.push_str(&format!("\nhelp: {h}"));
        }
        let suite = suites.entry(e.file.clone()).or_default();
        let case = suite.case(&e.file, "(file)");
        match &mut case.error {
            Some(prev) => {
                prev.push('\n');
                prev.push_str(&text);
            }
            None => case.error = Some(text),
        }
    }
    if let Some(b) = &report.baseline {
        let suite = suites.entry(b.file.clone()).or_default();
        for s in &b.stale {
            let case = suite.case(
                &format!("{} {}", s.manifest, model_label(s.model.as_deref())),
                &s.rule,
            );
            case.skipped = Some(format!(
                "stale baseline entry (line {}): no longer found; recreate the baseline to drop it",
                s.line
            ));
        }
    }

    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    let mut body = String::new();
    for (name, suite) in &suites {
        let (mut t, mut fl, mut er, mut sk) = (0, 0, 0, 0);
        let mut cases = String::new();
        for ((classname, case_name), case) in &suite.cases {
            t += 1;
            cases.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\"",
                escape(classname),
                escape(case_name)
            ));
            let failing: Vec<&&Finding> = case.findings.iter().filter(|f| fails(f)).collect();
            let passing: Vec<&&Finding> = case
                .findings
                .iter()
                .filter(|f| f.suppressed.is_none() && !fails(f))
                .collect();
            let suppressed: Vec<&&Finding> = case
                .findings
                .iter()
                .filter(|f| f.suppressed.is_some())
                .collect();
            let mut inner = String::new();
            if let Some(e) = &case.error {
                er += 1;
                let first = e.lines().next().unwrap_or_default();
                inner.push_str(&format!(
                    "      <error type=\"file-error\" message=\"{}\">{}</error>\n",
                    escape(first),
                    escape_text(e)
                ));
            } else if let Some(first) = failing.first() {
                fl += 1;
                let mut message = first.message.clone();
                if failing.len() > 1 {
                    message.push_str(&format!(" (and {} more)", failing.len() - 1));
                }
                let text: Vec<String> = failing.iter().map(|f| describe(f)).collect();
                inner.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                    first.severity,
                    escape(&message),
                    escape_text(&text.join("\n\n"))
                ));
            } else if passing.is_empty() && !suppressed.is_empty() {
                sk += 1;
                let reasons: Vec<String> = suppressed
                    .iter()
                    .filter_map(|f| f.suppressed.as_ref())
                    .map(|s| format!("{} ({}:{}): {}", kind(s), s.file, s.line, s.reason))
                    .collect();
                inner.push_str(&format!(
                    "      <skipped message=\"{}\"/>\n",
                    escape(&reasons.join("; "))
                ));
            } else if let Some(reason) = &case.skipped {
                sk += 1;
                inner.push_str(&format!(
                    "      <skipped message=\"{}\"/>\n",
                    escape(reason)
                ));
            }
            let mut out_text: Vec<String> = passing.iter().map(|f| describe(f)).collect();
            if !failing.is_empty() || !passing.is_empty() {
                out_text.extend(suppressed.iter().map(|f| {
                    let s = f.suppressed.as_ref().expect("suppressed");
                    format!("{} ({}): {}", kind(s), s.reason, describe(f))
                }));
            }
            if !out_text.is_empty() {
                inner.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    escape_text(&out_text.join("\n\n"))
                ));
            }
            if inner.is_empty() {
                cases.push_str("/>\n");
            } else {
                cases.push_str(">\n");
                cases.push_str(&inner);
                cases.push_str("    </testcase>\n");
            }
        }
        body.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{t}\" failures=\"{fl}\" errors=\"{er}\" skipped=\"{sk}\">\n",
            escape(name)
        ));
        body.push_str(&cases);
        body.push_str("  </testsuite>\n");
        tests += t;
        failures += fl;
        errors += er;
    }
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"modelgate\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n"
    ));
    out.push_str(&body);
    out.push_str("</testsuites>\n");
    out
}

fn kind(s: &crate::finding::Suppression) -> &'static str {
    match s.kind {
        crate::finding::SuppressionKind::Waiver => "waived",
        crate::finding::SuppressionKind::Baseline => "baselined",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn escapes_markup_quotes_breaks_and_forbidden_characters() {
        assert_eq!(
            escape("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(escape("x\ny\tz\r"), "x&#10;y&#9;z&#13;");
        assert_eq!(escape("bell\u{7}é"), "bell\\u{7}é");
        assert_eq!(escape_text("a\n<b>\t&#10;"), "a\n&lt;b&gt;&#9;&amp;#10;");
        assert_eq!(escape_text("a\n::error::x"), "a\n&#58;:error::x");
    }

    fn count(text: &str, needle: &str) -> usize {
        text.matches(needle).count()
    }

    #[test]
    fn one_case_per_manifest_model_and_enabled_rule() {
        let report = testdata::report();
        let xml = render(&report, Some(Level::Error));
        // 2 models × 3 enabled rules, + 1 project-level case, in the manifest's suite.
        assert!(xml.contains(
            "<testsuite name=\"dir one/ai-models.yaml\" tests=\"7\" failures=\"2\" errors=\"0\" skipped=\"2\">"
        ), "{xml}");
        assert!(
            !xml.contains("name=\"osi-approved\""),
            "a rule turned off has no case"
        );
        // Two findings of one rule on one model are one failing case.
        assert_eq!(count(&xml, "<failure "), 2, "{xml}");
        assert!(xml.contains("message=\"`odd` is 50% unknown: a:b, c | d &lt;e&gt; &amp; &quot;f&quot;&#10;second line (and 1 more)\""), "{xml}");
        // The file error is a test case with an <error>.
        assert!(xml.contains("<testsuite name=\"broken/ai-models.yaml\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">"), "{xml}");
        // Waived and baselined findings are skipped, with their reasons.
        assert!(xml.contains("<skipped message=\"waived (.modelgate.yaml:7): approved by legal, see LEGAL-12\"/>"), "{xml}");
        assert!(
            xml.contains(
                "<skipped message=\"baselined (baseline.json:4): recorded in the baseline\"/>"
            ),
            "{xml}"
        );
        assert!(
            xml.contains("<testsuites name=\"modelgate\" tests=\"9\" failures=\"2\" errors=\"1\">"),
            "{xml}"
        );
    }

    #[test]
    fn findings_below_the_threshold_pass_with_output() {
        let report = testdata::report();
        let never = render(&report, None);
        assert_eq!(count(&never, "<failure "), 0);
        assert!(
            never.contains("<system-out>error[license-unknown]"),
            "{never}"
        );
    }
}
