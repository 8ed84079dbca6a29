use std::sync::Arc;

use super::*;
use crate::finding::{Fact, Suppression};
use crate::yaml::Span;

const EVIL: &str = "<script>alert(1)</script>";

/// The table tests' report with source text, a model id, a message, a license, a fact, a
/// waiver reason and owner that all hold `<script>`, and an expired waiver.
fn report() -> Report {
    let mut report = crate::report::table::tests::report();
    let manifest = report.manifests[0].clone();
    let text = format!(
        "models:\n  - id: black-forest-labs/FLUX.1-dev\n    license: flux-1-dev-non-commercial-license\n  - id: \"{EVIL}\"\n    license: x\n"
    );
    let start = text.find("flux-1-dev-non").unwrap();
    let end = start + "flux-1-dev-non-commercial-license".len();
    report.findings[0].span = Span {
        start,
        end,
        line: 3,
        column: 14,
    };
    report.findings[0].message = format!("forbids commercial use {EVIL}");
    report.findings[0].source = Some(format!("a source {EVIL}"));
    report.sources.insert(manifest, Arc::from(text.as_str()));
    report.model_rows[5].id = format!("evil/{EVIL}");
    report.model_rows[5].license = Some(EVIL.into());
    report.model_rows[5].facts.push(Fact {
        fact: "declared license".into(),
        value: serde_json::Value::from(EVIL),
        source: Some(EVIL.into()),
    });
    let waived = report
        .findings
        .iter_mut()
        .find(|f| f.suppressed.is_some())
        .unwrap();
    waived.suppressed = Some(Box::new(Suppression {
        kind: SuppressionKind::Waiver,
        reason: format!("legal said yes {EVIL}"),
        expires: Some("2026-01-31".into()),
        owner: Some(EVIL.into()),
        file: ".modelgate.yaml".into(),
        line: 4,
    }));
    report
}

fn page() -> String {
    render(&report(), Some(Level::Error), "2026-06-01")
}

#[test]
fn user_text_is_escaped_everywhere() {
    let html = page();
    // The only script element is the report's own.
    assert_eq!(html.matches("<script").count(), 1, "{html}");
    assert!(!html.contains("alert(1)</script>"), "{html}");
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    // The model id (table and section), its license, the fact and its source, the message,
    // the source of a finding, the waiver's reason and owner.
    assert!(html.matches(escaped).count() >= 9, "{html}");
    assert!(
        html.contains(&format!("legal said yes {escaped}")),
        "{html}"
    );
    assert!(
        html.contains(&format!("forbids commercial use {escaped}")),
        "{html}"
    );
    assert!(
        html.contains(&format!("<code>evil/{escaped}</code>")),
        "{html}"
    );
}

#[test]
fn self_contained_page_with_table_filters_and_sections() {
    let html = page();
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{html}"
    );
    for external in ["src=", "href=\"http", "@import", "url("] {
        assert!(!html.contains(external), "no external asset ({external})");
    }
    // Seven rows and seven model sections, errors first.
    assert_eq!(html.matches("<tr class=\"model-row\"").count(), 7);
    assert_eq!(html.matches("<article class=\"model\"").count(), 7);
    let first = html.find("<tr class=\"model-row\"").unwrap();
    assert!(html[first..].starts_with("<tr class=\"model-row\" data-verdict=\"error\" data-rules=\"no-non-commercial revision-pinned\">"), "{}", &html[first..first + 200]);
    assert!(html.contains("<select id=\"filter-verdict\">"));
    assert!(
        html.contains("<option value=\"error\">error (3)</option>"),
        "{html}"
    );
    assert!(
        html.contains("<option value=\"no-user-cap\">no-user-cap</option>"),
        "{html}"
    );
    assert!(html.contains("verdict-banner\"><span class=\"badge v-error\">failed</span>"));
}

#[test]
fn excerpt_underlines_the_value() {
    let html = page();
    assert!(
        html.contains("<span class=\"ln\">3</span>    license: <mark>flux-1-dev-non-commercial-license</mark>"),
        "{html}"
    );
    // One line of context either side.
    assert!(
        html.contains("<span class=\"ln\">2</span>  - id: black-forest-labs/FLUX.1-dev"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"ln\">4</span>  - id: &quot;&lt;script&gt;"),
        "{html}"
    );
}

#[test]
fn waivers_with_their_expiry() {
    let html = page();
    assert!(html.contains("<section id=\"waivers\">"));
    assert!(
        html.contains("<span class=\"expired\">2026-01-31 (expired)</span>"),
        "{html}"
    );
    let later = render(&report(), Some(Level::Error), "2025-12-01");
    assert!(!later.contains("(expired)"), "not expired before its date");
    assert!(later.contains("<td>2026-01-31</td>"));
}

#[test]
fn escape_covers_attributes_and_controls() {
    assert_eq!(esc("a\"b'c&<>"), "a&quot;b&#39;c&amp;&lt;&gt;");
    assert_eq!(esc("x\u{1b}[2J\u{0}"), "x\\u{1b}[2J\\u{0}");
    assert_eq!(esc("line\nbreak"), "line\nbreak");
}
