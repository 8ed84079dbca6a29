//! `--format html`: one self-contained page for the people who sign off on a release.
//!
//! The model table (filterable by verdict and rule), then each model with the facts it was
//! judged on and their sources and its findings with the manifest excerpt underlined, the
//! findings about no model, the files that could not be checked, and the waivers with their
//! expiry. The style sheet and the small filter script are inline (`html_assets.rs`): no
//! network, no external asset, and the page works from `file://`. Every text that comes from
//! the checked repository, its configs or its policies goes through [`esc`].

use std::fmt::Write as _;

use crate::finding::{FileError, Finding, Level, Report, SuppressionKind};
use crate::report::html_assets::{SCRIPT, STYLE};
use crate::report::table::{rows, verdict_word, Row};

/// Text escaped for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {}
            // Controls other than line breaks and tabs are not allowed in HTML text.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

fn badge(word: &str) -> String {
    format!("<span class=\"badge v-{word}\">{word}</span>")
}

fn fact_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::Null => "none".into(),
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(true) => "yes".into(),
        serde_json::Value::Bool(false) => "no".into(),
        other => other.to_string(),
    }
}

/// The page. `today` (YYYY-MM-DD) decides which waivers are shown as expired.
pub fn render(report: &Report, fail_on: Option<Level>, today: &str) -> String {
    let failed = !report.errors.is_empty()
        || report
            .active()
            .any(|f| fail_on.is_some_and(|t| f.severity >= t));
    let rows = rows(report);
    let mut out = String::with_capacity(16 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<title>modelgate report</title>\n<style>");
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<header>\n<h1>modelgate report</h1>\n");
    let _ = writeln!(
        out,
        "<p class=\"verdict-banner\">{} <span class=\"muted\">(failing at: {})</span></p>",
        if failed {
            badge("error").replace(">error<", ">failed<")
        } else {
            badge("ok").replace(">ok<", ">passed<")
        },
        fail_on.map_or("never", |l| l.as_str())
    );
    let _ = writeln!(
        out,
        "<p id=\"counts\">{}</p>\n</header>\n<main>",
        esc(crate::report::human::summary(report).trim_end())
    );
    model_table(&mut out, report, &rows);
    out.push_str("<section id=\"models\">\n<h2>Models in detail</h2>\n");
    for (n, row) in rows.iter().enumerate() {
        model_section(&mut out, report, row, n, today);
    }
    out.push_str("</section>\n");
    let other: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| !report.model_rows.iter().any(|m| m.owns(f)))
        .collect();
    if !other.is_empty() {
        out.push_str("<section id=\"other-findings\">\n<h2>Findings about no single model</h2>\n");
        for f in other {
            finding(&mut out, report, f, today);
        }
        out.push_str("</section>\n");
    }
    if !report.errors.is_empty() {
        out.push_str("<section id=\"file-errors\">\n<h2>Files that could not be checked</h2>\n");
        for e in &report.errors {
            file_error(&mut out, e);
        }
        out.push_str("</section>\n");
    }
    waivers(&mut out, report, today);
    out.push_str("</main>\n<script>");
    out.push_str(SCRIPT);
    out.push_str("</script>\n</body>\n</html>\n");
    out
}

fn rule_ids(row: &Row<'_>) -> String {
    let ids: Vec<&str> = row
        .rules
        .iter()
        .map(|(r, _)| *r)
        .chain(row.suppressed.iter().copied())
        .collect();
    esc(&ids.join(" "))
}

fn model_table(out: &mut String, report: &Report, rows: &[Row<'_>]) {
    out.push_str("<section id=\"table\">\n<h2>Models</h2>\n");
    if rows.is_empty() {
        out.push_str("<p>No model was checked.</p>\n</section>\n");
        return;
    }
    out.push_str("<div class=\"filters\">\n<label>Verdict <select id=\"filter-verdict\">\n<option value=\"\">all</option>\n");
    for v in ["error", "warning", "note", "ok"] {
        let n = rows.iter().filter(|r| r.verdict_word() == v).count();
        let _ = writeln!(out, "<option value=\"{v}\">{v} ({n})</option>");
    }
    out.push_str("</select></label>\n<label>Rule <select id=\"filter-rule\">\n<option value=\"\">all</option>\n");
    let mut rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    for r in rules {
        let _ = writeln!(out, "<option value=\"{0}\">{0}</option>", esc(r));
    }
    out.push_str("</select></label>\n<span id=\"filter-count\" class=\"muted\"></span>\n</div>\n");
    out.push_str("<table id=\"model-table\">\n<thead><tr><th>Verdict</th><th>Model</th><th>License</th><th>Via</th><th>Openness</th><th>Rules</th><th>Manifest</th></tr></thead>\n<tbody>\n");
    for (n, r) in rows.iter().enumerate() {
        let rules: Vec<String> = r
            .rules
            .iter()
            .map(|(id, l)| format!("<code title=\"{}\">{}</code>", l.as_str(), esc(id)))
            .chain(r.suppressed.iter().map(|id| {
                format!(
                    "<code class=\"muted\" title=\"suppressed\">{} (suppressed)</code>",
                    esc(id)
                )
            }))
            .collect();
        let _ = writeln!(
            out,
            "<tr class=\"model-row\" data-verdict=\"{v}\" data-rules=\"{}\"><td>{}</td><td><a href=\"#model-{n}\"><code>{}</code></a></td><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td><code>{}:{}</code></td></tr>",
            rule_ids(r),
            badge(r.verdict_word()),
            esc(&r.model.id),
            esc(r.license()),
            r.model.resolved.as_str(),
            esc(&r.model.openness),
            rules.join(", "),
            esc(&r.model.manifest),
            r.model.line,
            v = r.verdict_word(),
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn model_section(out: &mut String, report: &Report, row: &Row<'_>, n: usize, today: &str) {
    let m = row.model;
    let _ = writeln!(
        out,
        "<article class=\"model\" id=\"model-{n}\" data-verdict=\"{}\" data-rules=\"{}\">\n<header>{} <h3><code>{}</code></h3><span class=\"muted mono\">{}:{}</span></header>",
        row.verdict_word(),
        rule_ids(row),
        badge(row.verdict_word()),
        esc(&m.id),
        esc(&m.manifest),
        m.line
    );
    out.push_str("<dl class=\"facts\">\n");
    let _ = writeln!(
        out,
        "<dt>license</dt><dd><code>{}</code> <span class=\"source\">(resolved by: {})</span></dd>\n<dt>openness</dt><dd>{}</dd>",
        esc(row.license()),
        m.resolved.as_str(),
        esc(&m.openness)
    );
    for f in &m.facts {
        let _ = write!(
            out,
            "<dt>{}</dt><dd>{}",
            esc(&f.fact),
            esc(&fact_value(&f.value))
        );
        if let Some(src) = &f.source {
            let _ = write!(out, " <span class=\"source\">source: {}</span>", esc(src));
        }
        out.push_str("</dd>\n");
    }
    out.push_str("</dl>\n");
    let findings: Vec<&Finding> = report.findings.iter().filter(|f| m.owns(f)).collect();
    if findings.is_empty() {
        out.push_str("<p class=\"muted\">No findings.</p>\n");
    }
    for f in findings {
        finding(out, report, f, today);
    }
    out.push_str("</article>\n");
}

fn finding(out: &mut String, report: &Report, f: &Finding, today: &str) {
    let suppressed = f.suppressed.is_some();
    let _ = writeln!(
        out,
        "<div class=\"finding sev-{}{}\">\n<p>{} <code>{}</code> {}</p>\n<p class=\"muted mono\">{}:{}:{}</p>",
        f.severity.as_str(),
        if suppressed { " suppressed" } else { "" },
        if suppressed {
            format!("<span class=\"badge v-suppressed\">{}</span>", f.severity.as_str())
        } else {
            badge(verdict_word(Some(f.severity)))
        },
        esc(&f.rule),
        esc(&f.message),
        esc(&f.file),
        f.line,
        f.column
    );
    if let Some(ex) = excerpt(report, f) {
        out.push_str(&ex);
    }
    if !f.help.is_empty() {
        let _ = writeln!(out, "<p><strong>Fix:</strong> {}</p>", esc(&f.help));
    }
    if let Some(src) = &f.source {
        let _ = writeln!(out, "<p class=\"source\">source: {}</p>", esc(src));
    }
    if let Some(s) = &f.suppressed {
        let what = match s.kind {
            SuppressionKind::Waiver => "waived",
            SuppressionKind::Baseline => "baselined",
        };
        let _ = write!(
            out,
            "<p class=\"waiver\">{what} at <code>{}:{}</code>: {}",
            esc(&s.file),
            s.line,
            esc(&s.reason)
        );
        if let Some(e) = &s.expires {
            out.push_str(&expiry(e, today));
        }
        if let Some(o) = &s.owner {
            let _ = write!(out, "; owner {}", esc(o));
        }
        out.push_str("</p>\n");
    }
    if let Some(x) = &f.explanation {
        let _ = writeln!(out, "<pre>{}</pre>", esc(&x.render()));
    }
    out.push_str("</div>\n");
}

fn expiry(expires: &str, today: &str) -> String {
    if expires < today {
        format!("; <span class=\"expired\">expired {}</span>", esc(expires))
    } else {
        format!("; expires {}", esc(expires))
    }
}

/// The lines around a finding's value, the value underlined; `None` without source text.
fn excerpt(report: &Report, f: &Finding) -> Option<String> {
    let text = report.sources.get(&f.file)?;
    let (start, end) = (f.span.start, f.span.end.max(f.span.start));
    text.get(start..end)?;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    // One line of context on either side.
    let from = text[..line_start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let from = if line_start == 0 { 0 } else { from };
    let to = match text.get(line_end + 1..) {
        Some(rest) => rest.find('\n').map_or(text.len(), |i| line_end + 1 + i),
        None => line_end,
    };
    let mut body = String::new();
    body.push_str(&esc(&text[from..start]));
    body.push_str("<mark>");
    body.push_str(&esc(&text[start..end]));
    body.push_str("</mark>");
    body.push_str(&esc(&text[end..to]));
    let first = text[..from].matches('\n').count() + 1;
    let mut out = String::from("<pre class=\"excerpt\">");
    for (i, line) in body.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = write!(out, "<span class=\"ln\">{}</span>{line}", first + i);
    }
    out.push_str("</pre>\n");
    Some(out)
}

fn file_error(out: &mut String, e: &FileError) {
    let at = match (e.line, e.column) {
        (Some(l), Some(c)) => format!("{}:{l}:{c}", e.file),
        _ => e.file.clone(),
    };
    let _ = write!(
        out,
        "<div class=\"finding sev-error\"><p>{} <code>{}</code> {}</p>",
        badge("error"),
        esc(&at),
        esc(&e.message)
    );
    if let Some(h) = &e.help {
        let _ = write!(out, "<p><strong>Fix:</strong> {}</p>", esc(h));
    }
    out.push_str("</div>\n");
}

fn waivers(out: &mut String, report: &Report, today: &str) {
    let waived: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| matches!(&f.suppressed, Some(s) if s.kind == SuppressionKind::Waiver))
        .collect();
    out.push_str("<section id=\"waivers\">\n<h2>Waivers</h2>\n");
    if waived.is_empty() {
        out.push_str("<p class=\"muted\">No finding is waived.</p>\n</section>\n");
        return;
    }
    out.push_str("<table>\n<thead><tr><th>Rule</th><th>Model</th><th>Finding at</th><th>Reason</th><th>Expires</th><th>Owner</th><th>Waiver at</th></tr></thead>\n<tbody>\n");
    for f in waived {
        let s = f.suppressed.as_ref().expect("waived");
        let expires = match &s.expires {
            Some(e) if e.as_str() < today => {
                format!("<span class=\"expired\">{} (expired)</span>", esc(e))
            }
            Some(e) => esc(e),
            None => "never".into(),
        };
        let _ = writeln!(
            out,
            "<tr><td><code>{}</code></td><td><code>{}</code></td><td><code>{}:{}</code></td><td>{}</td><td>{expires}</td><td>{}</td><td><code>{}:{}</code></td></tr>",
            esc(&f.rule),
            esc(crate::report::model_label(f.model.as_deref())),
            esc(&f.file),
            f.line,
            esc(&s.reason),
            esc(s.owner.as_deref().unwrap_or("-")),
            esc(&s.file),
            s.line
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

#[cfg(test)]
#[path = "html_tests.rs"]
mod tests;
