//! A small report with every case the renderers must handle, for their unit tests:
//! characters that need escaping, non-ASCII values, two findings of one rule on one model,
//! a project-level finding, a waived and a baselined finding, a file error, a stale
//! baseline entry and a rule turned off.

use std::sync::Arc;

use crate::finding::{
    BaselineOutcome, FileError, Finding, Level, Report, RuleRun, StaleEntry, Suppression,
    SuppressionKind,
};
use crate::rule::RuleMeta;
use crate::yaml::Span;

pub const MANIFEST: &str = "dir one/ai-models.yaml";
pub const TEXT: &str = "version: 1\nmodels:\n  - id: é€x\n    license: odd\n  - id: b\n";

fn rule(id: &str, severity: Level, level: Level) -> RuleRun {
    RuleRun {
        meta: RuleMeta {
            id: id.into(),
            title: format!("Title of {id}").into(),
            severity,
            description: format!("What {id} checks."),
            remediation: format!("How to fix {id}.").into(),
            summary: None,
            rationale: None,
            examples: None,
            url: None,
            origin: crate::rule::Origin::Rego {
                package: format!("data.modelgate.rules.{}", id.replace('-', "_")),
                file: format!("builtin:{id}.rego"),
            },
        },
        level,
    }
}

fn span_of(needle: &str) -> Span {
    let start = TEXT.find(needle).expect("needle in text");
    let before = &TEXT[..start];
    Span {
        start,
        end: start + needle.len(),
        line: before.matches('\n').count() + 1,
        column: before.rsplit('\n').next().unwrap().chars().count() + 1,
    }
}

fn finding(rule: &str, severity: Level, model: Option<&str>, at: &str, message: &str) -> Finding {
    let span = span_of(at);
    Finding {
        rule: rule.into(),
        severity,
        message: message.into(),
        file: MANIFEST.into(),
        line: span.line,
        column: span.column,
        model: model.map(str::to_string),
        pointer: "/models/0/id".into(),
        source: Some("a source".into()),
        help: format!("How to fix {rule}.").into(),
        title: format!("Title of {rule}").into(),
        suppressed: None,
        explanation: None,
        span,
    }
}

pub fn report() -> Report {
    let mut waived = finding(
        "no-non-commercial",
        Level::Error,
        Some("b"),
        "b\n",
        "`b` forbids commercial use",
    );
    waived.span.end -= 1;
    waived.suppressed = Some(Box::new(Suppression {
        kind: SuppressionKind::Waiver,
        reason: "approved by legal, see LEGAL-12".into(),
        expires: Some("2099-01-01".into()),
        owner: Some("ml-platform".into()),
        file: ".modelgate.yaml".into(),
        line: 7,
    }));
    let mut baselined = finding(
        "attribution-required",
        Level::Warning,
        Some("b"),
        "b\n",
        "`b` requires attribution",
    );
    baselined.span.end -= 1;
    baselined.suppressed = Some(Box::new(Suppression {
        kind: SuppressionKind::Baseline,
        reason: "recorded in the baseline".into(),
        expires: None,
        owner: None,
        file: "baseline.json".into(),
        line: 4,
    }));
    let mut project = finding(
        "license-unknown",
        Level::Error,
        None,
        "version",
        "project-level finding",
    );
    project.pointer = "/version".into();
    let mut report = Report {
        findings: vec![
            finding(
                "license-unknown",
                Level::Error,
                Some("é€x"),
                "é€x",
                "`odd` is 50% unknown: a:b, c | d <e> & \"f\"\nsecond line",
            ),
            finding(
                "license-unknown",
                Level::Error,
                Some("é€x"),
                "é€x",
                "`odder` is not known either",
            ),
            waived,
            baselined,
            project,
        ],
        errors: vec![FileError {
            file: "broken/ai-models.yaml".into(),
            line: Some(2),
            column: Some(5),
            message: "invalid YAML: mapping values are not allowed here".into(),
            help: Some("check the indentation".into()),
            span: None,
        }],
        manifests: vec![MANIFEST.into()],
        models: 2,
        ..Report::default()
    };
    report.sources.insert(MANIFEST.into(), Arc::from(TEXT));
    report
        .models_of
        .insert(MANIFEST.into(), vec!["é€x".into(), "b".into()]);
    report.rules = vec![
        rule("attribution-required", Level::Note, Level::Warning),
        rule("license-unknown", Level::Error, Level::Error),
        rule("no-non-commercial", Level::Error, Level::Error),
        rule("osi-approved", Level::Warning, Level::Off),
    ];
    report.baseline = Some(BaselineOutcome {
        file: "baseline.json".into(),
        baselined: 1,
        stale: vec![StaleEntry {
            rule: "license-missing".into(),
            manifest: MANIFEST.into(),
            model: Some("gone/model".into()),
            line: 9,
        }],
    });
    report.sort();
    report
}
