//! `ai-models.yaml`: YAML document → validated [`Manifest`], collecting every problem at once.
//!
//! Validation walks the JSON value rather than relying on serde errors, so each problem gets
//! the JSON pointer of the offending key or value (and from it a line and column), and unknown
//! keys get a "did you mean" suggestion.

mod load;

pub use load::{load, load_text, locate, manifest_dir, Loaded};

use serde::Serialize;
use serde_json::{Map, Value};

pub use crate::validation::Problem;
use crate::validation::{describe, did_you_mean, kind, Context, KeysHelp};
use crate::yaml::Document;

/// File names searched for in directories.
pub const FILE_NAMES: [&str; 2] = ["ai-models.yaml", "ai-models.yml"];

pub const USAGES: &[&str] = &[
    "inference",
    "fine-tuning",
    "training",
    "distillation",
    "evaluation",
    "embedding",
    "redistribution",
    "synthetic-data",
];
pub const ENVIRONMENTS: &[&str] = &["production", "staging", "development", "research"];
pub const DISTRIBUTIONS: &[&str] = &[
    "saas",
    "api",
    "on-premise",
    "mobile",
    "desktop",
    "embedded",
    "internal",
    "open-source",
    "research",
];

const TOP_KEYS: &[&str] = &["version", "project", "models"];
pub const PROJECT_KEYS: &[&str] = &[
    "name",
    "description",
    "owner",
    "commercial",
    "monthly_active_users",
    "annual_revenue_usd",
    "monthly_revenue_usd",
    "distribution",
    "markets",
    "metadata",
];
pub const MODEL_KEYS: &[&str] = &[
    "id",
    "license",
    "provider",
    "source",
    "revision",
    "base_model",
    "usage",
    "environment",
    "description",
    "metadata",
];

/// The project block.
#[derive(Debug, Clone, Serialize)]
pub struct Project {
    pub name: Option<String>,
    pub description: Option<String>,
    pub owner: Option<String>,
    /// Defaults to `true`: the safe assumption.
    pub commercial: bool,
    pub monthly_active_users: Option<u64>,
    pub annual_revenue_usd: Option<u64>,
    /// Monthly revenue in USD, for licenses that cap revenue per month.
    pub monthly_revenue_usd: Option<u64>,
    pub distribution: Option<String>,
    /// Where the product is offered or its operator is established: ISO 3166-1 alpha-2 codes,
    /// `EU` or `EEA` (upper case; empty when not declared).
    pub markets: Vec<String>,
    pub metadata: Value,
}

/// One declared model, as written (strings keep the author's raw text).
#[derive(Debug, Clone, Serialize)]
pub struct ModelDecl {
    pub id: String,
    pub license: Option<String>,
    pub provider: Option<String>,
    pub source: Option<String>,
    pub revision: Option<String>,
    pub base_model: Option<String>,
    pub usage: Vec<String>,
    pub environment: Option<String>,
    pub description: Option<String>,
    pub metadata: Value,
}

#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    pub project: Project,
    pub models: Vec<ModelDecl>,
    /// The directory of the manifest file (a `source:` path is relative to it); set on load.
    #[serde(skip)]
    pub dir: Option<std::path::PathBuf>,
}

/// Validate a parsed document. Returns the manifest, or every problem found.
/// `markets`: a region code or a list of them (ISO 3166-1 alpha-2, `EU`, `EEA`), any case.
fn markets(v: &mut Context<'_>, map: &Map<String, Value>, base: &str) -> Vec<String> {
    let items: Vec<(String, &Value)> = match map.get("markets") {
        None | Some(Value::Null) => return Vec::new(),
        Some(x @ Value::String(_)) => vec![(format!("{base}/markets"), x)],
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .map(|(i, x)| (format!("{base}/markets/{i}"), x))
            .collect(),
        Some(other) => {
            v.err(
                &format!("{base}/markets"),
                false,
                format!(
                    "`markets` must be a list of region codes, found {}",
                    kind(other)
                ),
                Some("e.g. `markets: [US, EU]`".into()),
            );
            return Vec::new();
        }
    };
    let mut out: Vec<String> = Vec::new();
    for (ptr, x) in items {
        let Some(text) = x.as_str() else {
            v.err(
                &ptr,
                false,
                format!("a market must be a region code, found {}", v.shown(&ptr, x)),
                Some("ISO 3166-1 alpha-2 codes (US, DE, GB, ...) or EU, EEA".into()),
            );
            continue;
        };
        let code = text.trim().to_ascii_uppercase();
        if crate::catalog::is_region_code(&code) {
            if !out.contains(&code) {
                out.push(code);
            }
            continue;
        }
        let help = market_hint(&code)
            .map(|c| format!("did you mean `{c}`?"))
            .unwrap_or_else(|| {
                "use ISO 3166-1 alpha-2 codes (US, DE, GB, ...) or EU, EEA".to_string()
            });
        v.err(
            &ptr,
            false,
            format!("`{text}` is not a valid market"),
            Some(help),
        );
    }
    out
}

/// The region code meant by a common non-ISO spelling (`UK`, `USA`, `Europe`), or the closest
/// code for a longer typo.
fn market_hint(code: &str) -> Option<&'static str> {
    let known = match code {
        "UK" | "GBR" | "ENGLAND" | "BRITAIN" | "GREAT BRITAIN" | "UNITED KINGDOM" => "GB",
        "USA" | "UNITED STATES" | "AMERICA" => "US",
        "EUROPE" | "EUROPEAN UNION" | "EUR" => "EU",
        "KOREA" | "SOUTH KOREA" | "KOR" => "KR",
        "CHINA" | "CHN" | "PRC" => "CN",
        "JAPAN" | "JPN" => "JP",
        "GERMANY" | "DEU" => "DE",
        "FRANCE" | "FRA" => "FR",
        "INDIA" | "IND" => "IN",
        "CANADA" | "CAN" => "CA",
        "EL" => "GR",
        "SWITZERLAND" | "CHE" => "CH",
        _ => {
            return crate::validation::suggest(code, &["eu", "eea"]).map(|s| {
                if s == "eu" {
                    "EU"
                } else {
                    "EEA"
                }
            })
        }
    };
    Some(known)
}

pub fn validate(doc: &Document) -> Result<Manifest, Vec<Problem>> {
    let mut v = Context::new(doc);
    let root = match &doc.value {
        Value::Object(m) => m,
        Value::Null => {
            v.err(
                "",
                false,
                "the manifest is empty".into(),
                Some("start with `models:` and a list of `- id: org/name` entries (`modelgate init` writes one)".into()),
            );
            return Err(v.problems);
        }
        other => {
            v.err(
                "",
                false,
                format!(
                    "a manifest must be a mapping with `models:`, found {}",
                    kind(other)
                ),
                None,
            );
            return Err(v.problems);
        }
    };
    v.keys("", TOP_KEYS, "the manifest", KeysHelp::WhatKeysAre);
    match root.get("version") {
        None => {}
        Some(Value::Number(n))
            if n.as_u64() == Some(1) && doc.scalar_text("/version").as_deref() == Some("1") => {}
        Some(Value::String(s)) if s == "1" => {}
        Some(other) => {
            let shown = doc
                .scalar_text("/version")
                .unwrap_or_else(|| describe(other));
            v.err(
                "/version",
                false,
                format!("unsupported manifest version `{shown}`"),
                Some("this modelgate reads `version: 1`".into()),
            );
        }
    }
    let project = match root.get("project") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(p)) => p.clone(),
        Some(other) => {
            v.err(
                "/project",
                false,
                format!("`project` must be a mapping, found {}", kind(other)),
                None,
            );
            Map::new()
        }
    };
    v.keys("/project", PROJECT_KEYS, "`project`", KeysHelp::WhatKeysAre);
    let commercial = match project.get("commercial") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => *b,
        Some(other) => {
            v.err(
                "/project/commercial",
                false,
                format!(
                    "`commercial` must be true or false, found {}",
                    v.shown("/project/commercial", other)
                ),
                None,
            );
            true
        }
    };
    let project = Project {
        name: v.field_string(&project, "/project", "name"),
        description: v.field_string(&project, "/project", "description"),
        owner: v.field_string(&project, "/project", "owner"),
        commercial,
        monthly_active_users: v.count(&project, "/project", "monthly_active_users"),
        annual_revenue_usd: v.count(&project, "/project", "annual_revenue_usd"),
        monthly_revenue_usd: v.count(&project, "/project", "monthly_revenue_usd"),
        distribution: v.one_of(&project, "/project", "distribution", DISTRIBUTIONS),
        markets: markets(&mut v, &project, "/project"),
        metadata: v.metadata(&project, "/project"),
    };

    let mut models = Vec::new();
    match root.get("models") {
        None => v.err(
            "",
            false,
            "the manifest has no `models:` list".into(),
            Some("add `models:` with one `- id: org/name` entry per model the project uses".into()),
        ),
        Some(Value::Null) => {}
        Some(Value::Array(list)) => {
            // Normalized id → index of its first entry (a hash map: a manifest may list
            // many thousands of models).
            let mut seen: std::collections::HashMap<String, usize> =
                std::collections::HashMap::new();
            for (i, item) in list.iter().enumerate() {
                let base = format!("/models/{i}");
                let Value::Object(m) = item else {
                    let help = match item {
                        Value::String(s) => Some(format!("write `- id: {s}`")),
                        _ => None,
                    };
                    v.err(
                        &base,
                        false,
                        format!("a model entry must be a mapping, found {}", kind(item)),
                        help,
                    );
                    continue;
                };
                v.keys(&base, MODEL_KEYS, "a model entry", KeysHelp::WhatKeysAre);
                let id = match v.field_string(m, &base, "id") {
                    Some(id) => id,
                    None => {
                        if !m.contains_key("id") {
                            v.err(&base, false, "model entry has no `id`".into(), Some("add `id:` with a Hugging Face repo id (org/name) or an API model name".into()));
                        }
                        continue;
                    }
                };
                let key = crate::catalog::normalize_model_id(&id);
                if let Some(first) = seen.get(&key) {
                    let line = doc
                        .spans
                        .get(&format!("/models/{first}/id"))
                        .map(|l| l.value.line)
                        .unwrap_or(0);
                    v.err(
                        &format!("{base}/id"),
                        false,
                        format!("model `{id}` is declared twice (first on line {line})"),
                        Some("declare each model once; list every use under `usage:`".into()),
                    );
                }
                seen.entry(key).or_insert(i);
                let usage = match m.get("usage") {
                    None | Some(Value::Null) => Vec::new(),
                    Some(Value::String(_)) => {
                        v.one_of(m, &base, "usage", USAGES).into_iter().collect()
                    }
                    Some(Value::Array(items)) => {
                        let mut out = Vec::new();
                        for (j, u) in items.iter().enumerate() {
                            let ptr = format!("{base}/usage/{j}");
                            match u.as_str() {
                                Some(s) if USAGES.contains(&s) => out.push(s.to_string()),
                                _ => {
                                    let shown = u
                                        .as_str()
                                        .map(str::to_string)
                                        .unwrap_or_else(|| describe(u));
                                    let help = u
                                        .as_str()
                                        .and_then(|s| did_you_mean(s, USAGES))
                                        .unwrap_or_else(|| {
                                            format!("one of: {}", USAGES.join(", "))
                                        });
                                    v.err(
                                        &ptr,
                                        false,
                                        format!("`{shown}` is not a valid usage"),
                                        Some(help),
                                    );
                                }
                            }
                        }
                        out
                    }
                    Some(other) => {
                        v.err(
                            &format!("{base}/usage"),
                            false,
                            format!("`usage` must be a list, found {}", kind(other)),
                            None,
                        );
                        Vec::new()
                    }
                };
                models.push(ModelDecl {
                    license: v.field_string(m, &base, "license"),
                    provider: v.field_string(m, &base, "provider"),
                    source: v.field_string(m, &base, "source"),
                    revision: v.field_string(m, &base, "revision"),
                    base_model: v.field_string(m, &base, "base_model"),
                    usage,
                    environment: v.one_of(m, &base, "environment", ENVIRONMENTS),
                    description: v.field_string(m, &base, "description"),
                    metadata: v.metadata(m, &base),
                    id,
                });
            }
        }
        Some(other) => v.err(
            "/models",
            false,
            format!("`models` must be a list, found {}", kind(other)),
            None,
        ),
    }
    if v.problems.is_empty() {
        Ok(Manifest {
            project,
            models,
            dir: None,
        })
    } else {
        Err(v.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn problems(text: &str) -> Vec<String> {
        validate(&parse(text).unwrap())
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| format!("{} {} {:?}", p.pointer, p.message, p.help))
            .collect()
    }

    #[test]
    fn suggests_for_typos() {
        let p = problems("models:\n  - id: a/b\n    licence: mit\n");
        assert_eq!(p, vec!["/models/0/licence unknown key `licence` in a model entry Some(\"did you mean `license`?\")"]);
    }

    #[test]
    fn keeps_raw_text_and_defaults() {
        let m = validate(&parse("models:\n  - id: a/b\n    revision: 0123\n").unwrap()).unwrap();
        assert_eq!(m.models[0].revision.as_deref(), Some("0123"));
        assert!(m.project.commercial);
    }

    #[test]
    fn rejects_bad_shapes() {
        assert!(problems("")[0].contains("empty"));
        assert!(problems("- a\n")[0].contains("must be a mapping"));
        assert!(problems("version: 1.10\nmodels: []\n")[0].contains("`1.10`"));
        assert!(problems("models:\n  - id: a/b\n  - id: A/B\n")[0].contains("declared twice"));
        assert!(problems("models:\n  - gpt-4o\n")[0].contains("id: gpt-4o"));
    }
}
