//! Configuration files (`.modelgate.yaml`): presets, rule levels with locks, parameters for
//! policies, extra policies and data, layering with `extends`, and waivers.
//!
//! A configuration is a chain of layers, lowest first:
//!
//! 1. the file named by `MODELGATE_CONFIG` (with everything it extends), then
//! 2. the file given with `--config`, or else the nearest config file found by walking up from
//!    the manifest's directory to the repository root, or outside a repository to the
//!    current directory or the command-line path holding it (with everything it extends).
//!
//! A file expands to: the files it `extends` (in order, each expanded the same way), then the
//! preset it names, then its own settings. Later layers override earlier ones key by key
//! (`preset`, each `rules` entry, each top-level `params` key); `policies`, `data` and
//! `waivers` accumulate. A file reached twice is used once, at its first position; a file that
//! extends itself, directly or not, is an error. A rule marked `locked: true` keeps its level
//! as a floor: a later layer (or a command-line flag) may raise it but not lower it; later
//! layers may not set the parameters it freezes, nor waive it unless the lock allows it.
//! `max_waiver_days` caps the waivers of its layer and of the later ones.

mod discovery;
mod layer;
mod load;
pub mod show;

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::finding::{FileError, Level};
use crate::yaml::Span;

pub use crate::source::Sources;
pub use crate::waiver::{Waiver, WAIVER_KEYS};
pub use discovery::{find_config, ConfigFinder};
pub use load::{parse_text, resolve};

/// File names looked for in each directory, in this order.
pub const FILE_NAMES: &[&str] = &[
    ".modelgate.yaml",
    ".modelgate.yml",
    "modelgate.yaml",
    "modelgate.yml",
];

/// Environment variable naming a base config (how CI injects an organization's file).
pub const ENV_VAR: &str = "MODELGATE_CONFIG";

/// Top-level keys of a config file.
pub const TOP_KEYS: &[&str] = &[
    "version",
    "extends",
    "preset",
    "rules",
    "params",
    "policies",
    "data",
    "waivers",
    "max_waiver_days",
    "scan",
    "knowledge",
    "local_cards",
];

/// Keys of the long form of a rule entry.
pub const RULE_KEYS: &[&str] = &["level", "locked", "allow_waivers", "params"];

/// The built-in parameters each built-in rule reads: a lock on the rule freezes them.
pub const RULE_PARAMS: &[(&str, &[&str])] = &[
    ("license-allowed", &["allowed_licenses", "denied_licenses"]),
    ("provider-allowed", &["allowed_providers"]),
    ("no-user-cap", &["monthly_active_users"]),
    ("min-openness", &["min_openness"]),
];

/// Parameters the built-in rules read, with the JSON type each expects.
pub const BUILTIN_PARAMS: &[(&str, ParamType)] = &[
    ("allowed_licenses", ParamType::StringList),
    ("denied_licenses", ParamType::StringList),
    ("allowed_providers", ParamType::StringList),
    ("monthly_active_users", ParamType::Count),
    ("min_openness", ParamType::Openness),
];

/// Openness classes, from least to most open.
pub const OPENNESS: &[&str] = &["proprietary", "open-weights", "open-source"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    StringList,
    Count,
    Openness,
}

/// Built-in presets: (name, YAML text). Each is a config layer without `extends`.
pub const PRESETS: &[(&str, &str)] = &[
    (
        "recommended",
        include_str!("../../presets/recommended.yaml"),
    ),
    (
        "strict-open-source",
        include_str!("../../presets/strict-open-source.yaml"),
    ),
    (
        "commercial-safe",
        include_str!("../../presets/commercial-safe.yaml"),
    ),
];

/// Where a value of the merged configuration comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Origin {
    /// The rule's own default level.
    Default,
    /// A preset, named at `file:line`.
    Preset {
        name: String,
        file: String,
        line: usize,
    },
    /// A config file.
    File {
        file: String,
        line: usize,
        column: usize,
    },
    /// A command-line flag.
    Cli { flag: String },
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::Preset { name, file, line } => {
                write!(f, "preset {name} (named at {file}:{line})")
            }
            Origin::File { file, line, column } => write!(f, "{file}:{line}:{column}"),
            Origin::Cli { flag } => write!(f, "command line {flag}"),
        }
    }
}

impl Origin {
    pub(crate) fn at(file: &str, span: Span) -> Origin {
        Origin::File {
            file: file.to_string(),
            line: span.line.max(1),
            column: span.column.max(1),
        }
    }
}

/// A rule's level after merging.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSetting {
    pub level: Level,
    pub origin: Origin,
    /// Set once a layer locks the rule: where, and at which level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<Lock>,
}

/// A lock on a rule, set by the first layer that locks it. Later layers may raise the level
/// but not lower it, may not change the parameters it freezes, and may waive the rule only
/// when the lock allows it.
#[derive(Debug, Clone, Serialize)]
pub struct Lock {
    pub level: Level,
    pub origin: Origin,
    /// Waivers from later layers may apply to the rule (`allow_waivers: true` on the lock).
    pub allow_waivers: bool,
    /// Parameters later layers may not set: the built-in ones the rule reads
    /// ([`RULE_PARAMS`]) and those the lock lists under `params`.
    pub params: Vec<String>,
    /// Index of the locking layer in the chain.
    #[serde(skip)]
    pub layer: usize,
}

/// A layer of the chain, for `config show`.
#[derive(Debug, Clone, Serialize)]
pub struct LayerInfo {
    /// Display path, or `preset:<name>`.
    pub file: String,
    /// How it was reached: `MODELGATE_CONFIG`, `--config`, `found`, `extends (file:line)`,
    /// `preset (file:line)`.
    pub via: String,
}

/// A path named in a config, resolved against the naming file's directory.
#[derive(Debug, Clone, Serialize)]
pub struct NamedPath {
    /// As written in the file.
    pub written: String,
    #[serde(skip)]
    pub path: PathBuf,
    pub origin: Origin,
}

/// The merged configuration that applies to a set of manifests.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Config {
    pub layers: Vec<LayerInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preset: Option<(String, Origin)>,
    pub rules: BTreeMap<String, RuleSetting>,
    pub params: BTreeMap<String, (Value, Origin)>,
    pub policies: Vec<NamedPath>,
    pub data: Vec<NamedPath>,
    pub waivers: Vec<Waiver>,
    /// `max_waiver_days`: the longest a waiver may run from today, in days, and where it is
    /// set (a later layer may only lower it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_waiver_days: Option<(u64, Origin)>,
    /// `scan: true`: every `check` also looks for drift between the code and the manifest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scan: Option<(bool, Origin)>,
    /// Knowledge overlay files (catalog schema), lowest layer first.
    pub knowledge: Vec<NamedPath>,
    /// `local_cards: false`: never read local model cards (hermetic runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub local_cards: Option<(bool, Origin)>,
    /// Identity of the chain (canonical paths of its files), for sharing work between
    /// manifests governed by the same configuration.
    #[serde(skip)]
    pub key: String,
}

impl Config {
    /// The `params` object policies see as `data.modelgate.params`.
    pub fn params_value(&self) -> Value {
        Value::Object(
            self.params
                .iter()
                .map(|(k, (v, _))| (k.clone(), v.clone()))
                .collect(),
        )
    }

    /// Rule ids the config names (in `rules:` and in waivers), with their places, checked
    /// against the rules that exist. Unknown ids are config errors.
    pub fn check_rule_ids(&self, known: &[&str], spans: &RuleSpans) -> Vec<FileError> {
        let mut errors = Vec::new();
        for (id, places) in &spans.rules {
            if known.contains(&id.as_str()) {
                continue;
            }
            for (file, span) in places {
                errors.push(unknown_rule(file, *span, id, known));
            }
        }
        for w in &self.waivers {
            if !known.contains(&w.rule.as_str()) {
                errors.push(unknown_rule(&w.file, w.rule_span, &w.rule, known));
            }
        }
        errors
    }
}

/// Every place a rule id is written in `rules:` of the chain (validated once the rule set is
/// known, since custom policies add rules).
#[derive(Debug, Clone, Default)]
pub struct RuleSpans {
    pub rules: BTreeMap<String, Vec<(String, Span)>>,
}

fn unknown_rule(file: &str, span: Span, id: &str, known: &[&str]) -> FileError {
    let help = crate::validation::suggest(id, known)
        .map(|s| format!("did you mean `{s}`? `modelgate explain <rule>` describes a rule"))
        .or_else(|| Some("`modelgate explain <rule>` describes a rule".into()));
    FileError {
        file: file.to_string(),
        line: Some(span.line.max(1)),
        column: Some(span.column.max(1)),
        message: format!("unknown rule `{id}`"),
        help,
        span: Some(span),
    }
}

/// A configuration ready to use, with the texts of its files (for diagnostics).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub config: Config,
    pub rule_spans: RuleSpans,
    pub sources: HashMap<String, Arc<str>>,
}

/// Today's date (UTC), which decides whether a waiver has expired.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// A rule's level in effect for a run, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Effective {
    pub level: Level,
    pub default: Level,
    pub origin: Origin,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locked: Option<Lock>,
}

/// Levels in effect: each rule's default, then the config, then command-line flags
/// (`(rule, level, flag)`, applied in order). A flag may not lower a locked rule.
pub fn effective_levels(
    config: &Config,
    defaults: &[(&str, Level)],
    flags: &[(String, Level, &str)],
) -> Result<BTreeMap<String, Effective>, String> {
    let mut out: BTreeMap<String, Effective> = defaults
        .iter()
        .map(|(id, level)| {
            let set = config.rules.get(*id);
            (
                id.to_string(),
                Effective {
                    level: set.map_or(*level, |s| s.level),
                    default: *level,
                    origin: set.map_or(Origin::Default, |s| s.origin.clone()),
                    locked: set.and_then(|s| s.locked.clone()),
                },
            )
        })
        .collect();
    for (id, level, flag) in flags {
        let Some(e) = out.get_mut(id) else { continue };
        if let Some(lock) = &e.locked {
            if *level < lock.level {
                return Err(format!(
                    "`{flag} {id}` would lower rule `{id}` below `{}`, where {} locks it",
                    lock.level, lock.origin
                ));
            }
        }
        e.level = *level;
        e.origin = Origin::Cli {
            flag: format!("{flag} {id}"),
        };
    }
    Ok(out)
}
