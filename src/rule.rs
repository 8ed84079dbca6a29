//! The rule contract as plain data, the same for Rego and native rules: a rule's [`Level`]
//! and metadata ([`RuleMeta`]), a [`Violation`] as a rule reports it, and the mapping from a
//! rule's result (an item of its `violations` set, as JSON) to a violation. Nothing here knows
//! the policy engine.
//!
//! Every package under `modelgate.rules` is a rule: it defines a `metadata` object (`id`,
//! `title`, `severity`, `description`, `remediation`, optional `url`, `summary`, `rationale`,
//! `examples`) and a set `violations` of `{msg, path}` objects.

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

/// How serious a finding is. Ordered so that `Error > Warning > Note > Off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Note,
    Warning,
    Error,
}

/// Which level words a caller accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LevelWords {
    /// `error`, `warning`, `note`, `off` only (config files).
    Exact,
    /// Also the synonyms `warn`, `info`, `allow` (rule metadata).
    WithSynonyms,
}

impl Level {
    /// The one level-word parser; `words` says whether the synonyms are accepted.
    pub fn from_word(s: &str, words: LevelWords) -> Option<Level> {
        let synonyms = words == LevelWords::WithSynonyms;
        match s {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "note" => Some(Level::Note),
            "off" => Some(Level::Off),
            "warn" if synonyms => Some(Level::Warning),
            "info" if synonyms => Some(Level::Note),
            "allow" if synonyms => Some(Level::Off),
            _ => None,
        }
    }
    /// A level word or one of its synonyms.
    pub fn parse(s: &str) -> Option<Level> {
        Level::from_word(s, LevelWords::WithSynonyms)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
            Level::Off => "off",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's metadata, as its package declares it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleMeta {
    pub id: String,
    pub title: Arc<str>,
    pub severity: Level,
    pub description: String,
    pub remediation: Arc<str>,
    pub url: Option<String>,
    /// One line: when the rule fires (the README's rule table). Defaults to the title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Why it matters, when `description` says only what the rule checks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
    /// A manifest the rule reports and one it accepts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub examples: Option<RuleExamples>,
    /// Where the rule is implemented.
    #[serde(flatten)]
    pub origin: Origin,
}

/// Where a rule is implemented: a Rego package, or one of the native rule tables. Shown in
/// `policy list` and `explain` as a package and a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Rego {
        /// `data.modelgate.rules.<name>`
        package: String,
        /// `builtin:<file>` for the built-in pack, else the display path of the user's file.
        file: String,
    },
    /// Rust code; the table says which.
    Native(Native),
}

/// The rules implemented in Rust, one table each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Native {
    /// `waiver-expired`, `waiver-unused`: they judge config files, not models.
    Waivers,
    /// `undeclared-model`, `unused-model`: they run only with a scan (`check --scan`).
    Drift,
}

impl Origin {
    /// The package, as `policy list` and `explain` show it.
    pub fn package(&self) -> &str {
        match self {
            Origin::Rego { package, .. } => package,
            Origin::Native(Native::Waivers) => "",
            Origin::Native(Native::Drift) => "modelgate::scan::drift (built in, Rust)",
        }
    }

    /// The file, as `policy list` and `explain` show it.
    pub fn file(&self) -> &str {
        match self {
            Origin::Rego { file, .. } => file,
            Origin::Native(Native::Waivers) => "builtin:waivers",
            Origin::Native(Native::Drift) => "builtin:scan",
        }
    }
}

impl serde::Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(2))?;
        map.serialize_entry("package", self.package())?;
        map.serialize_entry("file", self.file())?;
        map.end()
    }
}

/// `metadata.examples`: two small manifests.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RuleExamples {
    /// A manifest the rule reports.
    pub fail: String,
    /// A manifest it accepts.
    pub pass: String,
    /// The `.modelgate.yaml` both examples are checked under, for rules driven by `params`.
    pub config: Option<String>,
}

/// One violation as a policy returned it, checked against the result contract.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub rule: String,
    pub message: String,
    /// RFC 6901 pointer into the manifest ("" when the policy gave none).
    pub pointer: String,
    pub source: Option<String>,
    /// A level the policy set for this one finding (`level` in the violation object), which
    /// replaces the rule's default or preset level (see `runner::finding_level`).
    pub level: Option<Level>,
}

/// A rule's `metadata` object (as JSON), checked: the rule `package` in `file` declares it.
pub fn parse_meta(meta: &Value, package: &str, file: &str) -> Result<RuleMeta, String> {
    let field = |k: &str| -> Result<String, String> {
        meta.get(k)
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| format!("`metadata.{k}` of `{package}` must be a string"))
    };
    let optional = |k: &str| -> Result<Option<String>, String> {
        match meta.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("`metadata.{k}` of `{package}` must be a string")),
        }
    };
    let id = field("id")?;
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(format!(
            "rule id `{id}` must be lower-case letters, digits and dashes"
        ));
    }
    let severity = field("severity")?;
    let severity = Level::parse(&severity).ok_or_else(|| {
        format!(
            "`metadata.severity` of `{package}` is `{severity}`; use error, warning, note or off"
        )
    })?;
    Ok(RuleMeta {
        id,
        title: field("title")?.into(),
        severity,
        description: field("description")?,
        remediation: field("remediation")?.into(),
        url: meta.get("url").and_then(Value::as_str).map(str::to_string),
        summary: optional("summary")?,
        rationale: optional("rationale")?,
        examples: match meta.get("examples") {
            None | Some(Value::Null) => None,
            Some(Value::Object(e)) => {
                let text = |k: &str| {
                    e.get(k).and_then(Value::as_str).map(str::to_string).ok_or_else(|| {
                        format!("`metadata.examples.{k}` of `{package}` must be a string (a manifest)")
                    })
                };
                Some(RuleExamples {
                    fail: text("fail")?,
                    pass: text("pass")?,
                    config: match e.get("config") {
                        None | Some(Value::Null) => None,
                        Some(Value::String(c)) => Some(c.clone()),
                        Some(_) => {
                            return Err(format!(
                                "`metadata.examples.config` of `{package}` must be a string (a .modelgate.yaml)"
                            ))
                        }
                    },
                })
            }
            Some(_) => {
                return Err(format!(
                    "`metadata.examples` of `{package}` must be an object with `fail` and `pass` manifests"
                ))
            }
        },
        origin: Origin::Rego {
            package: package.to_string(),
            file: file.to_string(),
        },
    })
}

/// The `level` a violation object sets for itself: `error`, `warning` or `note` (anything
/// else, `off` included, is ignored: a policy may not silence its own finding).
fn violation_level(map: &serde_json::Map<String, Value>) -> Option<Level> {
    map.get("level")
        .and_then(Value::as_str)
        .and_then(Level::parse)
        .filter(|l| *l != Level::Off)
}

/// Apply the result contract to one item of a `violations` set. Malformed items still become
/// violations (with the problem in the message) rather than being dropped.
pub fn to_violation(rule: &str, item: Value) -> Violation {
    match item {
        Value::String(msg) => Violation {
            rule: rule.to_string(),
            message: msg,
            pointer: String::new(),
            source: None,
            level: None,
        },
        Value::Object(map) => {
            let message = match map.get("msg") {
                Some(Value::String(s)) if !s.is_empty() => s.clone(),
                _ => format!(
                    "(rule returned a violation without a `msg` string: {})",
                    Value::Object(map.clone())
                ),
            };
            let pointer = match map.get("path") {
                Some(Value::String(s)) if s.is_empty() || s.starts_with('/') => s.clone(),
                Some(Value::String(s)) => format!("/{s}"),
                Some(Value::Array(parts)) => parts
                    .iter()
                    .map(|p| match p {
                        Value::String(s) => format!("/{}", crate::yaml::escape_token(s)),
                        other => format!("/{other}"),
                    })
                    .collect(),
                _ => String::new(),
            };
            Violation {
                rule: rule.to_string(),
                message,
                pointer,
                source: map
                    .get("source")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                level: violation_level(&map),
            }
        }
        other => Violation {
            rule: rule.to_string(),
            message: format!("(rule returned a violation that is not an object: {other})"),
            pointer: String::new(),
            source: None,
            level: None,
        },
    }
}
