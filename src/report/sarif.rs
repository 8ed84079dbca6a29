//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
//!
//! One run; the driver lists every rule that ran (id, title, description, help, default
//! level); each finding is a result with an exact region (columns count Unicode code points,
//! declared by `columnKind`) and a `partialFingerprints` entry built from what identifies a
//! finding across edits: rule, manifest path and model id (never line numbers). Suppressed
//! findings carry a SARIF suppression with the waiver's or baseline's justification. File
//! errors and stale baseline entries are tool execution notifications.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};
use siphasher::sip128::{Hasher128, SipHasher13};
use std::hash::Hasher;

use crate::finding::{Finding, Level, Report, SuppressionKind};

pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// Key of our entry in `partialFingerprints`; the suffix changes if the recipe does.
pub const FINGERPRINT_KEY: &str = "modelgateFinding/v1";
const SRCROOT: &str = "%SRCROOT%";

fn level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "note",
        Level::Off => "none",
    }
}

/// Percent-encode a relative path for a SARIF `uri` (RFC 3986: unreserved characters and
/// `/` stay, everything else is encoded byte by byte).
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A stable hash (SipHash-1-3 with zero keys, 128 bits, hex) of the parts, each
/// terminated by a NUL so that `("ab", "c")` and `("a", "bc")` differ.
pub fn fingerprint(parts: &[&str]) -> String {
    let mut h = SipHasher13::new_with_keys(0, 0);
    for p in parts {
        h.write(p.as_bytes());
        h.write(&[0]);
    }
    format!("{:032x}", h.finish128().as_u128())
}

/// Fingerprints of all findings, in report order. Findings that share rule, manifest and
/// model (one model with two unknown license terms) are told apart by their rank among
/// those, in report order.
pub fn fingerprints(report: &Report) -> Vec<String> {
    let mut seen: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
    report
        .findings
        .iter()
        .map(|f| {
            let subject = f.model.as_deref().unwrap_or(&f.pointer);
            let n = seen.entry((&f.rule, &f.file, subject)).or_insert(0);
            let rank = n.to_string();
            *n += 1;
            fingerprint(&[&f.rule, &f.file, subject, &rank])
        })
        .collect()
}

/// Where a file is: relative paths are relative to the source root (`%SRCROOT%`, the
/// working directory of the run); a file outside it gets an absolute `file://` URI.
fn artifact(file: &str) -> Value {
    if file.starts_with('/') {
        json!({ "uri": format!("file://{}", uri(file)) })
    } else {
        json!({ "uri": uri(file), "uriBaseId": SRCROOT })
    }
}

fn location(file: &str, region: Option<Value>) -> Value {
    let mut physical = json!({ "artifactLocation": artifact(file) });
    if let Some(r) = region {
        physical["region"] = r;
    }
    json!({ "physicalLocation": physical })
}

/// `no-user-cap` → `NoUserCap`: SARIF wants a rule's `name` to be a Pascal-case identifier.
pub fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|first| first.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// Whole lines `from..=to` (1-based) of `text`, with their line breaks.
fn lines(text: &str, from: usize, to: usize) -> String {
    text.split_inclusive('\n')
        .skip(from.saturating_sub(1))
        .take(to + 1 - from.max(1))
        .collect()
}

fn result(report: &Report, f: &Finding, rule_index: Option<usize>, fp: String) -> Value {
    let mut region = json!({ "startLine": f.line, "startColumn": f.column });
    let mut context = None;
    if let Some((line, column)) = crate::report::end_of(report, f) {
        region["endLine"] = json!(line);
        region["endColumn"] = json!(column);
        if let Some(text) = report.sources.get(&f.file) {
            if let Some(snippet) = text.get(f.span.start..f.span.end) {
                region["snippet"] = json!({ "text": snippet });
            }
            let (from, to) = (f.line.saturating_sub(1).max(1), line + 1);
            let to = to.min(text.lines().count()).max(from);
            context = Some(json!({
                "startLine": from,
                "endLine": to,
                "snippet": { "text": lines(text, from, to) },
            }));
        }
    }
    let mut loc = location(&f.file, Some(region));
    if let Some(c) = context {
        loc["physicalLocation"]["contextRegion"] = c;
    }
    if let Some(m) = &f.model {
        loc["logicalLocations"] = json!([{ "name": m, "kind": "model" }]);
    }
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(f.rule));
    if let Some(i) = rule_index {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(f.severity)));
    r.insert("message".into(), json!({ "text": f.message }));
    r.insert("locations".into(), json!([loc]));
    r.insert("partialFingerprints".into(), json!({ FINGERPRINT_KEY: fp }));
    if let Some(s) = &f.suppressed {
        let mut justification = s.reason.clone();
        if let Some(e) = &s.expires {
            justification.push_str(&format!(" (expires {e})"));
        }
        let mut sup = json!({
            "kind": "external",
            "status": "accepted",
            "justification": justification,
            "location": location(&s.file, Some(json!({ "startLine": s.line.max(1) }))),
            "properties": { "modelgateKind": match s.kind {
                SuppressionKind::Waiver => "waiver",
                SuppressionKind::Baseline => "baseline",
            } },
        });
        if let Some(o) = &s.owner {
            sup["properties"]["owner"] = json!(o);
        }
        r.insert("suppressions".into(), json!([sup]));
    }
    if report.baseline.is_some() {
        let matched = matches!(&f.suppressed, Some(s) if s.kind == SuppressionKind::Baseline);
        r.insert(
            "baselineState".into(),
            json!(if matched { "unchanged" } else { "new" }),
        );
    }
    let mut props = Map::new();
    if let Some(m) = &f.model {
        props.insert("model".into(), json!(m));
    }
    if !f.pointer.is_empty() {
        props.insert("pointer".into(), json!(f.pointer));
    }
    if let Some(src) = &f.source {
        props.insert("source".into(), json!(src));
    }
    if !props.is_empty() {
        r.insert("properties".into(), Value::Object(props));
    }
    Value::Object(r)
}

pub fn render(report: &Report) -> String {
    let index: BTreeMap<&str, usize> = report
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.meta.id.as_str(), i))
        .collect();
    let rules: Vec<Value> = report
        .rules
        .iter()
        .map(|r| {
            let m = &r.meta;
            let mut v = json!({
                "id": m.id,
                "name": pascal_case(&m.id),
                "shortDescription": { "text": m.title },
                "fullDescription": { "text": m.description },
                "help": {
                    "text": m.remediation,
                    "markdown": format!("{}\n\n`modelgate explain {}` prints the rule's full text.", m.remediation, m.id),
                },
                "defaultConfiguration": {
                    "enabled": m.severity != Level::Off,
                    "level": level(m.severity),
                },
            });
            // SARIF wants `name` to differ from `id` (SARIF1001): a one-word id such as
            // `copyleft` has no readable name of its own, so it goes without.
            if v["name"]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(&m.id))
            {
                v.as_object_mut().expect("an object").remove("name");
            }
            if let Some(url) = &m.url {
                v["helpUri"] = json!(url);
            }
            v
        })
        .collect();
    // Levels changed for this run (`--deny`, `--warn`, `--allow`).
    let overrides: Vec<Value> = report
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.level != r.meta.severity)
        .map(|(i, r)| {
            json!({
                "descriptor": { "id": r.meta.id, "index": i },
                "configuration": { "enabled": r.level != Level::Off, "level": level(r.level) },
            })
        })
        .collect();
    let mut notes: Vec<Value> = report
        .errors
        .iter()
        .map(|e| {
            let region = e
                .line
                .map(|l| json!({ "startLine": l, "startColumn": e.column.unwrap_or(1) }));
            let mut text = e.message.clone();
            if let Some(h) = &e.help {
                text.push_str(&format!(" ({h})"));
            }
            json!({
                "level": "error",
                "message": { "text": text },
                "locations": [location(&e.file, region)],
                "descriptor": { "id": "file-error" },
            })
        })
        .collect();
    if let Some(b) = &report.baseline {
        notes.extend(b.stale.iter().map(|s| {
            json!({
                "level": "note",
                "message": { "text": format!(
                    "stale baseline entry: `{}` for `{}` in {} no longer occurs; recreate the baseline to drop it",
                    s.rule, crate::report::model_label(s.model.as_deref()), s.manifest
                ) },
                "locations": [location(&b.file, Some(json!({ "startLine": s.line.max(1) })))],
                "descriptor": { "id": "stale-baseline-entry" },
            })
        }));
    }
    let mut invocation = json!({ "executionSuccessful": report.errors.is_empty() });
    if !overrides.is_empty() {
        invocation["ruleConfigurationOverrides"] = json!(overrides);
    }
    if !notes.is_empty() {
        invocation["toolExecutionNotifications"] = json!(notes);
    }
    let results: Vec<Value> = report
        .findings
        .iter()
        .zip(fingerprints(report))
        .map(|(f, fp)| result(report, f, index.get(f.rule.as_str()).copied(), fp))
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "modelgate",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_REPOSITORY"),
                "rules": rules,
            } },
            "invocations": [invocation],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = crate::report::json::to_string_pretty(&log);
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testdata;

    #[test]
    fn rule_names_and_context_lines() {
        assert_eq!(pascal_case("no-user-cap"), "NoUserCap");
        assert_eq!(pascal_case("a1--b"), "A1B");
        assert_eq!(lines("a\nb\nc\n", 2, 3), "b\nc\n");
        assert_eq!(lines("a\nb", 1, 1), "a\n");
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri("a/b-c_d.e~/ai-models.yaml"),
            "a/b-c_d.e~/ai-models.yaml"
        );
        assert_eq!(
            uri("my dir/ai models#1.yaml"),
            "my%20dir/ai%20models%231.yaml"
        );
        assert_eq!(uri("ü/x%"), "%C3%BC/x%25");
        assert_eq!(
            artifact("/abs/a b.yaml"),
            json!({ "uri": "file:///abs/a%20b.yaml" })
        );
        assert_eq!(artifact("a.yaml")["uriBaseId"], SRCROOT);
    }

    #[test]
    fn fingerprints_ignore_lines_but_not_identity() {
        let mut report = testdata::report();
        let before = fingerprints(&report);
        // An unrelated edit above moves every finding down three lines.
        for f in &mut report.findings {
            f.line += 3;
        }
        assert_eq!(fingerprints(&report), before);
        // Fingerprints are distinct, even for two findings of one rule on one model.
        let mut unique = before.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), before.len());
        // A different model or manifest gives a different fingerprint.
        assert_ne!(
            fingerprint(&["r", "a.yaml", "m", "0"]),
            fingerprint(&["r", "b.yaml", "m", "0"])
        );
        assert_ne!(fingerprint(&["ab", "c"]), fingerprint(&["a", "bc"]));
        // The recipe is fixed: this value must never change between releases.
        assert_eq!(
            fingerprint(&[
                "no-non-commercial",
                "ai-models.yaml",
                "black-forest-labs/FLUX.1-dev",
                "0"
            ]),
            "5e2aff72d6bbd4bba8f932e17b472260"
        );
    }

    #[test]
    fn results_rules_suppressions_and_notifications() {
        let report = testdata::report();
        let v: Value = serde_json::from_str(&render(&report)).unwrap();
        let run = &v["runs"][0];
        assert_eq!(v["version"], "2.1.0");
        assert_eq!(run["columnKind"], "unicodeCodePoints");
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), report.rules.len());
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), report.findings.len());
        for r in results {
            let i = r["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[i]["id"], r["ruleId"]);
        }
        // The value `é€x` on line 3 starts at character column 9 and ends before 12.
        let region = &results[1]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(results[1]["properties"]["model"], "é€x");
        assert_eq!(region["startLine"], 3);
        assert_eq!(region["startColumn"], 9);
        assert_eq!(region["endLine"], 3);
        assert_eq!(region["endColumn"], 12);
        assert_eq!(region["snippet"]["text"], "é€x");
        let context = &results[1]["locations"][0]["physicalLocation"]["contextRegion"];
        assert_eq!(
            (context["startLine"].as_u64(), context["endLine"].as_u64()),
            (Some(2), Some(4))
        );
        assert_eq!(
            context["snippet"]["text"],
            "models:\n  - id: é€x\n    license: odd\n"
        );
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "dir%20one/ai-models.yaml"
        );
        let suppressed: Vec<&Value> = results
            .iter()
            .filter(|r| r.get("suppressions").is_some())
            .collect();
        assert_eq!(suppressed.len(), report.suppressed());
        let waived = suppressed
            .iter()
            .find(|r| r["ruleId"] == "no-non-commercial")
            .unwrap();
        let sup = &waived["suppressions"][0];
        assert_eq!(sup["kind"], "external");
        assert_eq!(sup["status"], "accepted");
        assert_eq!(
            sup["justification"],
            "approved by legal, see LEGAL-12 (expires 2099-01-01)"
        );
        assert_eq!(waived["baselineState"], "new");
        let baselined = suppressed
            .iter()
            .find(|r| r["ruleId"] == "attribution-required")
            .unwrap();
        assert_eq!(baselined["baselineState"], "unchanged");
        assert_eq!(baselined["level"], "warning");
        let notes = run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap();
        assert_eq!(notes.len(), report.errors.len() + 1);
        assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    }
}
