//! Drift between a manifest and the code next to it (`check --scan`).
//!
//! Two rules, implemented here rather than in Rego because they need the scan, not the input
//! document. They carry the same metadata as Rego rules, so `--deny`, `--warn`, `--allow`
//! and `explain` treat them alike:
//! - `undeclared-model` (error): code under the manifest's directory references a model (at
//!   medium or high confidence) that no manifest entry names. One finding per model, at its
//!   first reference, in the source file.
//! - `unused-model` (note): a manifest entry that no reference (of any confidence) names.
//!
//! A reference names a manifest entry when the two share a key (see [`super::keys`]): the
//! same id ignoring case and URL prefixes, the same Ollama name without its `:tag`, or the
//! same knowledge-base entry (`gpt-4o-2024-08-06` is covered by `gpt-4o`; sizes of one
//! family share their entry and its license).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use super::{keys, Confidence, Reference, ScanResult};
use crate::catalog::Catalog;
use crate::finding::Finding;
use crate::manifest::Loaded;
use crate::rule::{Level, Native, Origin, RuleMeta, Violation};
use crate::yaml::Span;

pub const UNDECLARED: &str = "undeclared-model";
pub const UNUSED: &str = "unused-model";

/// Metadata of the drift rules, shaped like a Rego rule's.
pub fn rules() -> Vec<RuleMeta> {
    vec![
        RuleMeta {
            id: UNDECLARED.into(),
            title: "Model used in code but not declared".into(),
            severity: Level::Error,
            description: "With `check --scan`, modelgate scans the source tree under each manifest's directory (honouring .gitignore) for model references: Hugging Face loaders, API SDK `model=` arguments, Ollama names, Modelfiles, Dockerfiles and compose files. A model the code uses at medium or high confidence that the manifest does not declare escapes every license rule: the manifest is no longer true. `modelgate scan` lists what the scanner finds and how sure it is.".into(),
            remediation: "Declare the model in ai-models.yaml (its license facts are checked from then on), or remove the reference. A reference the scanner misreads can be waived.".into(),
            summary: Some("with `--scan` (or `scan: true`), the code uses a model the manifest does not declare".into()),
            rationale: Some("A gate on the manifest is only as good as the manifest: a model loaded in code but never declared ships without any of its license terms being checked.".into()),
            examples: None,
            url: None,
            origin: Origin::Native(Native::Drift),
        },
        RuleMeta {
            id: UNUSED.into(),
            title: "Declared model not referenced in code".into(),
            severity: Level::Note,
            description: "With `check --scan`, a model the manifest declares that no scanned reference names. It may be loaded from configuration or data the scanner does not read, or it may be a leftover: an entry for a model nobody uses makes the manifest harder to trust.".into(),
            remediation: "Remove the entry if the model is no longer used; otherwise nothing to do (configuration files and notebooks are not scanned).".into(),
            summary: Some("with `--scan` (or `scan: true`), a declared model is never referenced in the code".into()),
            rationale: Some("Stale entries make the manifest harder to trust and keep obligations (attribution, use policies) on the books for models nobody ships.".into()),
            examples: None,
            url: None,
            origin: Origin::Native(Native::Drift),
        },
    ]
}

/// Drift findings of one manifest, with the text of each source file they point into (for
/// `Report.sources`).
#[derive(Debug, Default)]
pub struct Drift {
    pub findings: Vec<Finding>,
    pub sources: Vec<(String, Arc<str>)>,
}

/// Compare the references under `manifest_dir` with the manifest's models. Severities are
/// the rules' defaults; the caller applies `--deny`/`--warn`/`--allow`.
pub fn drift(manifest_dir: &Path, loaded: &Loaded, scan: &ScanResult, catalog: &Catalog) -> Drift {
    let rules = rules();
    let declared: Vec<BTreeSet<String>> = loaded
        .manifest
        .models
        .iter()
        .map(|m| keys(catalog, &m.id).into_iter().collect())
        .collect();
    let mut used = vec![false; declared.len()];
    // Undeclared references grouped by the model they name, in file order.
    let mut undeclared: BTreeMap<String, Vec<&Reference>> = BTreeMap::new();
    for r in scan
        .references
        .iter()
        .filter(|r| r.path.starts_with(manifest_dir))
    {
        let rk = keys(catalog, &r.text);
        let mut hit = false;
        for (i, d) in declared.iter().enumerate() {
            if rk.iter().any(|k| d.contains(k)) {
                used[i] = true;
                hit = true;
            }
        }
        if !hit && r.confidence >= Confidence::Medium {
            // One finding per name as written (ignoring case and tags), even when two
            // names share a knowledge-base entry.
            let group = rk
                .iter()
                .rfind(|k| !k.starts_with("catalog:"))
                .cloned()
                .unwrap_or_default();
            undeclared.entry(group).or_default().push(r);
        }
    }
    let mut out = Drift::default();
    let manifest = &loaded.display;
    for refs in undeclared.values() {
        let first = refs[0];
        let mut message = format!(
            "`{}` is used here but not declared in {manifest}",
            first.text
        );
        if refs.len() > 1 {
            let more: Vec<String> = refs[1..]
                .iter()
                .take(3)
                .map(|r| format!("{}:{}", r.file, r.line))
                .collect();
            let rest = refs.len() - 1 - more.len();
            message.push_str(&format!(
                " (also at {}{})",
                more.join(", "),
                if rest > 0 {
                    format!(" and {rest} more")
                } else {
                    String::new()
                }
            ));
        }
        let mut help = rules[0].remediation.to_string();
        help.push_str(&format!("\n  - id: {}", first.text));
        match catalog.model(&first.text) {
            Some((m, _)) if m.hf => help.push_str(&format!("\n    license: {}", m.license)),
            Some((m, _)) => help.push_str(&format!(
                "\n    provider: {}",
                m.id.split('/').next().unwrap_or_default()
            )),
            None => {}
        }
        let Ok(text) = std::fs::read_to_string(&first.path) else {
            continue;
        };
        out.sources.push((first.file.clone(), Arc::from(text)));
        out.findings.push(Finding {
            explanation: None,
            rule: UNDECLARED.into(),
            severity: rules[0].severity,
            message,
            file: first.file.clone(),
            line: first.line,
            column: first.column,
            model: Some(first.text.clone()),
            pointer: String::new(),
            source: Some(format!(
                "scan: {} pattern, {} confidence",
                first.kind.as_str(),
                first.confidence.as_str()
            )),
            help: help.into(),
            title: rules[0].title.clone(),
            suppressed: None,
            span: Span {
                start: first.start,
                end: first.end,
                line: first.line,
                column: first.column,
            },
        });
    }
    let dir = crate::source::display_path(manifest_dir);
    for (i, m) in loaded.manifest.models.iter().enumerate() {
        if used[i] {
            continue;
        }
        let v = Violation {
            rule: UNUSED.into(),
            message: format!(
                "`{}` is declared but no scanned code under `{dir}` references it",
                m.id
            ),
            pointer: format!("/models/{i}"),
            source: None,
            level: None,
        };
        out.findings.push(crate::manifest::locate(
            loaded,
            &rules[1],
            rules[1].severity,
            v,
        ));
    }
    out
}
