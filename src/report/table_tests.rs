use super::*;
use crate::finding::{Finding, ResolvedBy, Suppression, SuppressionKind};
use crate::yaml::Span;

const MANIFEST: &str = "services/chat/ai-models.yaml";

fn model(
    index: usize,
    id: &str,
    license: Option<&str>,
    resolved: ResolvedBy,
    openness: &str,
) -> ModelRow {
    ModelRow {
        manifest: MANIFEST.into(),
        index,
        line: 3 + 4 * index,
        id: id.into(),
        license: license.map(str::to_string),
        resolved,
        openness: openness.into(),
        facts: Vec::new(),
    }
}

fn finding(index: usize, rule: &str, severity: Level) -> Finding {
    Finding {
        rule: rule.into(),
        severity,
        message: format!("{rule} fired"),
        file: MANIFEST.into(),
        line: 3 + 4 * index,
        column: 7,
        model: None,
        pointer: format!("/models/{index}/license"),
        source: None,
        help: "".into(),
        title: "".into(),
        suppressed: None,
        explanation: None,
        span: Span::default(),
    }
}

/// Seven models of every kind: long ids and licenses, a terminal escape in an id, a waived
/// finding, a model without findings, an unresolved one.
pub(crate) fn report() -> Report {
    let mut report = Report {
        manifests: vec![MANIFEST.into()],
        models: 7,
        ..Report::default()
    };
    report.model_rows = vec![
        model(
            0,
            "black-forest-labs/FLUX.1-dev",
            Some("flux-1-dev-non-commercial-license"),
            ResolvedBy::Catalog,
            "open-weights",
        ),
        model(
            1,
            "meta-llama/Llama-3.1-70B-Instruct",
            Some("llama3.1"),
            ResolvedBy::Catalog,
            "open-weights",
        ),
        model(
            2,
            "acme/llama-3.1-8b-support-finetune-v2-merged-gguf-q4_k_m",
            Some("(Apache-2.0) AND (llama3.1)"),
            ResolvedBy::BaseModel,
            "open-weights",
        ),
        model(
            3,
            "gpt-4o-2024-08-06",
            Some("openai-terms"),
            ResolvedBy::Catalog,
            "proprietary",
        ),
        model(
            4,
            "sentence-transformers/all-MiniLM-L6-v2",
            Some("Apache-2.0"),
            ResolvedBy::Catalog,
            "open-source",
        ),
        model(
            5,
            "evil/\u{1b}[2Jmodel",
            None,
            ResolvedBy::Unresolved,
            "unknown",
        ),
        model(
            6,
            "TheBloke/Mistral-7B-Instruct-v0.2-GGUF",
            Some("Apache-2.0"),
            ResolvedBy::Inferred,
            "open-weights",
        ),
    ];
    let mut waived = finding(4, "osi-approved", Level::Warning);
    waived.suppressed = Some(Box::new(Suppression {
        kind: SuppressionKind::Waiver,
        reason: "r".into(),
        expires: None,
        owner: None,
        file: ".modelgate.yaml".into(),
        line: 3,
    }));
    report.findings = vec![
        finding(0, "no-non-commercial", Level::Error),
        finding(0, "revision-pinned", Level::Warning),
        finding(1, "no-field-of-use-restrictions", Level::Warning),
        finding(1, "no-user-cap", Level::Error),
        finding(1, "attribution-required", Level::Note),
        finding(2, "attribution-required", Level::Note),
        finding(2, "license-mismatch", Level::Warning),
        waived,
        finding(5, "license-missing", Level::Error),
        finding(5, "license-unknown", Level::Warning),
        finding(6, "attribution-required", Level::Note),
    ];
    report
}

fn layout(width: Option<usize>) -> Layout {
    Layout {
        width,
        color: false,
        max_rows: DEFAULT_ROWS,
    }
}

#[test]
fn sorted_by_verdict_then_id_with_rules_worst_first() {
    let report = report();
    let rows = rows(&report);
    let order: Vec<(&str, &str)> = rows
        .iter()
        .map(|r| (r.verdict_word(), r.model.id.as_str()))
        .collect();
    assert_eq!(
        order,
        [
            ("error", "black-forest-labs/FLUX.1-dev"),
            ("error", "evil/\u{1b}[2Jmodel"),
            ("error", "meta-llama/Llama-3.1-70B-Instruct"),
            (
                "warning",
                "acme/llama-3.1-8b-support-finetune-v2-merged-gguf-q4_k_m"
            ),
            ("note", "TheBloke/Mistral-7B-Instruct-v0.2-GGUF"),
            ("ok", "gpt-4o-2024-08-06"),
            ("ok", "sentence-transformers/all-MiniLM-L6-v2"),
        ]
    );
    assert_eq!(
        rows[2].rules_text(),
        "no-user-cap, no-field-of-use-restrictions, attribution-required"
    );
    assert_eq!(rows[6].rules_text(), "(suppressed: osi-approved)");
}

#[test]
fn terminal_80() {
    let out = render(&report(), layout(Some(80)));
    assert!(out.lines().all(|l| l.width() <= 80), "{out}");
    assert!(
        !out.contains('\u{1b}'),
        "escapes are shown, not sent: {out}"
    );
    insta::assert_snapshot!("table_terminal_80", out);
}

#[test]
fn terminal_200() {
    let out = render(&report(), layout(Some(200)));
    assert!(out.lines().all(|l| l.width() <= 200), "{out}");
    assert!(!out.contains('…'), "nothing is cut at 200 columns: {out}");
    insta::assert_snapshot!("table_terminal_200", out);
}

#[test]
fn piped_is_whole_and_plain() {
    let out = render(&report(), layout(None));
    assert!(out.contains("acme/llama-3.1-8b-support-finetune-v2-merged-gguf-q4_k_m"));
    assert!(out.contains("evil/\\u{1b}[2Jmodel"), "{out}");
    assert!(!out.contains('\u{1b}') && !out.contains('…'), "{out}");
    insta::assert_snapshot!("table_piped", out);
}

#[test]
fn colour_only_when_asked() {
    let out = render(
        &report(),
        Layout {
            color: true,
            ..layout(None)
        },
    );
    assert!(out.contains("\u{1b}[31;1merror\u{1b}[0m"), "{out}");
    // The id's own escape is still shown, not sent.
    assert!(out.contains("evil/\\u{1b}[2Jmodel"), "{out}");
}

#[test]
fn folds_after_max_rows_with_a_count() {
    let out = render(
        &report(),
        Layout {
            max_rows: 3,
            ..layout(None)
        },
    );
    assert_eq!(out.lines().count(), 1 + 3 + 1, "{out}");
    assert!(
        out.ends_with(
            "… 4 more models not shown (1 warning, 1 note, 2 ok); --table-rows 0 shows every row\n"
        ),
        "{out}"
    );
    let all = render(
        &report(),
        Layout {
            max_rows: 0,
            ..layout(None)
        },
    );
    assert_eq!(all.lines().count(), 1 + 7, "{all}");
}

#[test]
fn manifest_column_with_several_manifests() {
    let mut report = report();
    report.manifests.push("other/ai-models.yaml".into());
    let out = render(&report, layout(None));
    assert!(out.lines().next().unwrap().ends_with("MANIFEST"), "{out}");
    assert!(out.contains("services/chat/ai-models.yaml:3"), "{out}");
}

#[test]
fn markdown_table() {
    let out = markdown(&report(), DEFAULT_ROWS);
    insta::assert_snapshot!("table_markdown", out);
    let folded = markdown(&report(), 2);
    assert!(
        folded.contains("\n… and 5 more (1 error, 1 warning, 1 note, 2 ok).\n"),
        "{folded}"
    );
}

#[test]
fn no_models_no_table() {
    assert_eq!(render(&Report::default(), layout(Some(80))), "");
    assert_eq!(markdown(&Report::default(), 5), "");
}
