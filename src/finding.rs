//! Plain data passed from the engine to the renderers and the exit code: findings, file
//! errors, and the report that holds them.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

pub use crate::rule::Level;
use crate::rule::RuleMeta;
use crate::yaml::Span;

/// One policy violation, located in a manifest.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Level,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub model: Option<String>,
    /// JSON pointer the policy named.
    pub pointer: String,
    /// Where the fact behind the finding comes from.
    pub source: Option<String>,
    /// How to fix it (the rule's remediation).
    pub help: std::sync::Arc<str>,
    pub title: std::sync::Arc<str>,
    /// Set when a waiver (or a baseline) covers this finding: it stays visible but does
    /// not count towards the exit code.
    pub suppressed: Option<Box<Suppression>>,
    /// The facts the finding rests on (`check --explain`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Box<Explanation>>,
    #[serde(skip)]
    pub span: Span,
}

/// Why a finding is suppressed, and where that decision is written down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suppression {
    /// `waiver` (from a config file) or `baseline` (from a baseline file).
    pub kind: SuppressionKind,
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// File (display path) and line where the waiver is declared.
    pub file: String,
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SuppressionKind {
    Waiver,
    Baseline,
}

/// A manifest (or other input) that could not be read, parsed, validated or evaluated.
#[derive(Debug, Clone, Serialize)]
pub struct FileError {
    pub file: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(skip)]
    pub span: Option<Span>,
}

/// Everything one `check` run found.
#[derive(Debug, Default)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub errors: Vec<FileError>,
    /// Manifests checked (display paths), sorted.
    pub manifests: Vec<String>,
    pub models: usize,
    /// Source text of each file named in a finding or error, for rendering snippets.
    pub sources: BTreeMap<String, Arc<str>>,
    /// The rules that ran, with their level in this run (SARIF and JUnit list them).
    pub rules: Vec<RuleRun>,
    /// Model ids of each checked manifest, in manifest order (JUnit has a test per model).
    pub models_of: BTreeMap<String, Vec<String>>,
    /// What `--baseline` did, when it was given.
    pub baseline: Option<BaselineOutcome>,
    /// The config chains that governed the checked manifests, each nearest file first
    /// (`[repo/.modelgate.yaml, preset:commercial-safe, org/base.yaml]`; empty: none), sorted.
    pub configs: Vec<Vec<String>>,
    /// Every declared model of the checked manifests, as resolved (the model table).
    pub model_rows: Vec<ModelRow>,
}

/// How a declared model's license was resolved. More sources can be added; each has the
/// word the reports show ([`ResolvedBy::as_str`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResolvedBy {
    /// The knowledge base names the model (its id, a variant, a service name or scheme).
    Catalog,
    /// Through the manifest's `base_model:` (the terms the model inherits).
    BaseModel,
    /// Inferred from the name (a quantization, a re-upload): confirm with `base_model:`.
    Inferred,
    /// An entry of a knowledge overlay (`knowledge:` in a config).
    Overlay,
    /// The model card in the local Hugging Face cache or a local model directory.
    LocalCard,
    /// Only the manifest's `license:` (the knowledge base does not know the model).
    Declared,
    /// Nothing: the model is unknown and declares no license.
    Unresolved,
}

impl ResolvedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            ResolvedBy::Catalog => "catalog",
            ResolvedBy::BaseModel => "base model",
            ResolvedBy::Inferred => "inferred",
            ResolvedBy::Overlay => "overlay",
            ResolvedBy::LocalCard => "local card",
            ResolvedBy::Declared => "declared",
            ResolvedBy::Unresolved => "none",
        }
    }
}

/// One declared model as the reports' model table and the HTML report show it.
#[derive(Debug, Clone, Serialize)]
pub struct ModelRow {
    /// The manifest (display path) and the model's place in it.
    pub manifest: String,
    pub index: usize,
    pub line: usize,
    pub id: String,
    /// The license expression that binds the model, if any is known or declared.
    pub license: Option<String>,
    pub resolved: ResolvedBy,
    /// `open-source`, `open-weights`, `proprietary` or `unknown`.
    pub openness: String,
    /// The facts behind the row and where each comes from (the HTML report lists them).
    pub facts: Vec<Fact>,
}

impl ModelRow {
    /// Whether a finding is about this model: its manifest and its entry (by pointer), or for
    /// findings outside the manifest's models (code scans), its id.
    pub fn owns(&self, f: &Finding) -> bool {
        if f.file != self.manifest {
            return f.model.as_deref() == Some(self.id.as_str())
                && !f.pointer.starts_with("/models/");
        }
        match f.pointer.strip_prefix("/models/") {
            Some(rest) => rest.split('/').next() == Some(self.index.to_string().as_str()),
            None => f.model.as_deref() == Some(self.id.as_str()),
        }
    }
}

/// A rule that ran, and its level in this run (after `--deny`, `--warn`, `--allow`).
#[derive(Debug, Clone)]
pub struct RuleRun {
    pub meta: RuleMeta,
    /// `Off` when the rule was turned off for this run.
    pub level: Level,
}

/// The effect of a baseline file on one run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct BaselineOutcome {
    /// Display path of the baseline file.
    pub file: String,
    /// Findings the baseline suppressed.
    pub baselined: usize,
    /// Entries of checked manifests that no longer match any finding.
    pub stale: Vec<StaleEntry>,
}

/// A baseline entry that matched nothing in this run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct StaleEntry {
    pub rule: String,
    /// The manifest, as the report shows it (relative to the working directory).
    pub manifest: String,
    pub model: Option<String>,
    /// Line of the entry in the baseline file.
    pub line: usize,
}

impl Report {
    /// Deterministic order: file, line, column, rule, message.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.rule, &a.message)
                .cmp(&(&b.file, b.line, b.column, &b.rule, &b.message))
        });
        self.findings.dedup_by(|a, b| {
            a.file == b.file && a.pointer == b.pointer && a.rule == b.rule && a.message == b.message
        });
        self.errors.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
        });
        self.manifests.sort();
    }

    /// Findings at `level` that count (not suppressed).
    pub fn count(&self, level: Level) -> usize {
        self.active().filter(|f| f.severity == level).count()
    }

    /// Findings that are not suppressed by a waiver or baseline.
    pub fn active(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.suppressed.is_none())
    }

    /// Findings a waiver or baseline suppresses.
    pub fn suppressed(&self) -> usize {
        self.findings.len() - self.active().count()
    }
}

/// Why a finding fired and at what level.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub level: Level,
    /// Where the level is set: `default`, a config file and line, a preset, or a flag.
    pub level_origin: String,
    pub default_level: Level,
    pub facts: Vec<Fact>,
}

/// One fact: what it is, its value, and where it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct Fact {
    pub fact: String,
    pub value: Value,
    pub source: Option<String>,
}

fn text(v: &Value) -> String {
    match v {
        Value::Null => "none".into(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "yes".into(),
        Value::Bool(false) => "no".into(),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{} {}", k.replace('_', " "), text(v)))
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

impl Explanation {
    /// Plain-text lines for the human report.
    pub fn render(&self) -> String {
        let mut s = format!(
            "why: level {} ({}; default {})",
            self.level, self.level_origin, self.default_level
        );
        for f in &self.facts {
            s.push_str(&format!("\n  {}: {}", f.fact, text(&f.value)));
            if let Some(src) = &f.source {
                s.push_str(&format!(" [source: {src}]"));
            }
        }
        s
    }
}
