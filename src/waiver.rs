//! Waivers: a config's exceptions for one rule on matching models, with an expiry date. The
//! type and its matching, applying the live ones to a manifest's findings, the findings about
//! waivers themselves (`waiver-expired`, `waiver-unused`) and those two rules' metadata. As
//! `baseline` is for baseline files. (Parsing is the config loader's, with the rest of a
//! config file.)

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::Value;

use crate::finding::{Finding, Report, Suppression, SuppressionKind};
use crate::rule::{Level, Native, Origin, RuleMeta};
use crate::source::{first_line_of, Sources};
use crate::validation::{Context, KeysHelp};
use crate::yaml::Span;

/// Longest `model` or `manifest` glob of a waiver, in characters. Model ids are at most a few
/// hundred characters; a longer pattern is a mistake or an attempt to exhaust the matcher.
pub const MAX_GLOB_CHARS: usize = 512;

/// Keys of a waiver entry.
pub const WAIVER_KEYS: &[&str] = &["rule", "model", "manifest", "reason", "expires", "owner"];

/// One waiver, as declared.
#[derive(Debug, Clone, Serialize)]
pub struct Waiver {
    pub rule: String,
    pub model: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manifest: Option<String>,
    pub reason: String,
    pub expires: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Where it is declared.
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// JSON pointer of the entry in its file (`/waivers/2`).
    pub pointer: String,
    #[serde(skip)]
    pub span: Span,
    #[serde(skip)]
    pub rule_span: Span,
    #[serde(skip)]
    pub expires_span: Span,
    #[serde(skip)]
    pub expires_on: chrono::NaiveDate,
    #[serde(skip)]
    pub model_glob: globset::GlobSet,
    #[serde(skip)]
    pub manifest_glob: Option<globset::GlobSet>,
    /// Directory the `manifest` glob is relative to (the declaring file's directory).
    #[serde(skip)]
    pub base: PathBuf,
}

impl Waiver {
    /// Identity across configs that share a layer.
    pub fn key(&self) -> (String, String) {
        (self.file.clone(), self.pointer.clone())
    }

    /// The waiver no longer applies after its `expires` day.
    pub fn is_expired(&self, today: chrono::NaiveDate) -> bool {
        today > self.expires_on
    }

    /// Does the waiver's `manifest` glob (if any) cover this manifest?
    pub fn covers_manifest(&self, manifest: &Path) -> bool {
        let Some(glob) = &self.manifest_glob else {
            return true;
        };
        let abs = std::path::absolute(manifest).unwrap_or_else(|_| manifest.to_path_buf());
        match abs.strip_prefix(&self.base) {
            Ok(rel) => glob.is_match(rel),
            Err(_) => glob.is_match(&abs),
        }
    }

    pub fn covers_model(&self, id: &str) -> bool {
        self.model_glob.is_match(id)
    }
}

/// What the waivers of one config chain did to one manifest.
#[derive(Debug, Default)]
pub struct Applied {
    /// Waivers (file, pointer) that suppressed a finding here.
    pub used: Vec<(String, String)>,
    /// Waivers whose manifest and model patterns cover this manifest and one of its models.
    pub applicable: Vec<(String, String)>,
}

/// Mark the findings of the manifest at `path` (declaring `models`) that a live waiver covers.
pub fn apply(
    waivers: &[Waiver],
    today: chrono::NaiveDate,
    path: &Path,
    models: &[&str],
    findings: &mut [Finding],
) -> Applied {
    let mut out = Applied::default();
    let live: Vec<&Waiver> = waivers
        .iter()
        .filter(|w| !w.is_expired(today) && w.covers_manifest(path))
        .collect();
    for w in &live {
        if models.iter().any(|m| w.covers_model(m)) {
            out.applicable.push(w.key());
        }
    }
    for f in findings {
        let model = f.model.as_deref().unwrap_or("");
        if let Some(w) = live
            .iter()
            .find(|w| w.rule == f.rule && w.covers_model(model))
        {
            f.suppressed = Some(Box::new(Suppression {
                kind: SuppressionKind::Waiver,
                reason: w.reason.clone(),
                expires: Some(w.expires.clone()),
                owner: w.owner.clone(),
                file: w.file.clone(),
                line: w.line,
            }));
            out.used.push(w.key());
        }
    }
    out
}

/// One config chain's waivers, the levels it gives the waiver rules, and its files' texts.
pub struct Chain<'a> {
    pub waivers: &'a [Waiver],
    pub level: &'a dyn Fn(&str) -> Level,
    pub sources: &'a Sources,
}

/// Expired waivers, and waivers that matched nothing where they could have.
pub fn findings(
    chains: &[Chain<'_>],
    today: chrono::NaiveDate,
    used: &HashSet<(String, String)>,
    applicable: &HashSet<(String, String)>,
    scanned: &[PathBuf],
    report: &mut Report,
) {
    let mut seen = HashSet::new();
    let rules = rules();
    for chain in chains {
        for w in chain.waivers {
            if !seen.insert(w.key()) {
                continue;
            }
            let (rule, message) = if w.is_expired(today) {
                (
                    "waiver-expired",
                    format!(
                        "waiver for `{}` on `{}` expired on {}; the findings it covered count again",
                        w.rule, w.model, w.expires
                    ),
                )
            } else if !used.contains(&w.key())
                && (applicable.contains(&w.key()) || scanned.iter().any(|d| w.base.starts_with(d)))
            {
                // A finding it would cover that another waiver suppressed first: a duplicate
                // or an overlap, not a model that stopped violating the rule.
                let shadow = report.findings.iter().find_map(|f| {
                    let s = f.suppressed.as_ref()?;
                    let other = s.kind == SuppressionKind::Waiver
                        && f.rule == w.rule
                        && (s.file != w.file || s.line != w.line)
                        && w.covers_model(f.model.as_deref().unwrap_or(""))
                        && w.covers_manifest(Path::new(&f.file));
                    other.then(|| format!("{}:{}", s.file, s.line))
                });
                let why = if let Some(at) = shadow {
                    format!(": the waiver at {at} already covers what it would (a duplicate or an overlapping pattern)")
                } else if applicable.contains(&w.key()) {
                    ": the model no longer violates the rule".to_string()
                } else {
                    ": no checked manifest has a matching model".to_string()
                };
                (
                    "waiver-unused",
                    format!(
                        "waiver for `{}` on `{}` matched no finding{why}",
                        w.rule, w.model
                    ),
                )
            } else {
                continue;
            };
            let level = (chain.level)(rule);
            if level == Level::Off {
                continue;
            }
            let Some(meta) = rules.iter().find(|r| r.id == rule) else {
                continue;
            };
            if let Some(t) = chain.sources.get(&w.file) {
                report.sources.insert(w.file.clone(), t.clone());
            }
            report.findings.push(Finding {
                rule: rule.to_string(),
                severity: level,
                message,
                file: w.file.clone(),
                line: w.line,
                column: w.column,
                model: Some(w.model.clone()),
                pointer: w.pointer.clone(),
                source: None,
                help: meta.remediation.clone(),
                title: meta.title.clone(),
                suppressed: None,
                explanation: None,
                span: first_line_of(chain.sources.get(&w.file).map_or("", |t| t))(w.span),
            });
        }
    }
}

/// The waiver rules' metadata (a native rule table).
pub fn rules() -> Vec<RuleMeta> {
    let rule = |id: &str, title: &str, severity, description: &str, remediation: &str| {
        RuleMeta {
        id: id.into(),
        title: title.into(),
        severity,
        description: description.into(),
        remediation: remediation.into(),
        summary: Some(match id {
            "waiver-expired" => {
                "a waiver in a config file is past its `expires` date (it no longer applies)".into()
            }
            _ => "a waiver in a config file matched no finding where it could have".into(),
        }),
        rationale: Some(match id {
            "waiver-expired" => "A waiver is a decision made at one time with one set of facts; an expiry date forces someone to look again. After it, the original finding returns so that nothing stays excused by default.".into(),
            _ => "A waiver that no longer matches anything still reads as an approved exception: it can silently cover the next model that happens to match its pattern.".into(),
        }),
        examples: None,
        url: None,
        origin: Origin::Native(Native::Waivers),
    }
    };
    vec![
        rule(
            "waiver-expired",
            "Waiver expired",
            Level::Error,
            "A waiver in a config file is past its `expires` date. It no longer applies: the \
             findings it covered count again. Exceptions are meant to be temporary and revisited.",
            "Fix what the waiver excused, or renew it with a new `expires` date and an updated \
             `reason` after review; then remove or update the entry.",
        ),
        rule(
            "waiver-unused",
            "Waiver matches nothing",
            Level::Warning,
            "A waiver matched no finding: the model it names is no longer used, no longer \
             violates the rule, or the waiver's `model`/`manifest` patterns are wrong. Stale \
             exceptions hide the next real problem. Reported when a checked manifest is covered \
             by the waiver, or when the run covered the directory of the config declaring it.",
            "Delete the waiver, or correct its `rule`, `model` or `manifest` pattern.",
        ),
    ]
}

/// Parse the `waivers` list at `ptr` of a config file in `dir`, collecting every problem.
pub fn parse(p: &mut Context, file: &str, ptr: &str, dir: &Path, out: &mut Vec<Waiver>) {
    let Some(Value::Array(items)) = p.doc.value.pointer(ptr) else {
        if !matches!(p.doc.value.pointer(ptr), Some(Value::Null)) {
            p.err(ptr, false, "`waivers` must be a list".into(), None);
        }
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let wp = format!("{ptr}/{i}");
        let Value::Object(m) = item else {
            p.err(
                &wp,
                false,
                "a waiver must be a mapping with `rule`, `model`, `reason` and `expires`".into(),
                None,
            );
            continue;
        };
        p.keys(&wp, WAIVER_KEYS, "a waiver", KeysHelp::Allowed);
        let before = p.problems.len();
        let required = |p: &mut Context, key: &str| -> Option<String> {
            let kp = format!("{wp}/{key}");
            if !m.contains_key(key) {
                p.err(
                    &wp,
                    false,
                    format!("waiver needs `{key}`"),
                    Some(
                        "every waiver names `rule`, `model`, a `reason` and an `expires` date"
                            .into(),
                    ),
                );
                return None;
            }
            let s = p.string(&kp, key)?;
            if s.trim().is_empty() {
                p.err(&kp, false, format!("waiver `{key}` is empty"), None);
                return None;
            }
            Some(s)
        };
        let rule = required(p, "rule");
        let model = required(p, "model");
        let reason = required(p, "reason");
        let expires = required(p, "expires");
        let optional = |p: &mut Context, key: &str| -> Option<String> {
            m.get(key)?;
            p.string(&format!("{wp}/{key}"), key)
        };
        let manifest = optional(p, "manifest");
        let owner = optional(p, "owner");
        let expires_on = expires.as_ref().and_then(|e| {
            let b = e.as_bytes();
            let shaped = b.len() == 10
                && b.iter().enumerate().all(|(i, c)| {
                    if i == 4 || i == 7 {
                        *c == b'-'
                    } else {
                        c.is_ascii_digit()
                    }
                });
            match chrono::NaiveDate::parse_from_str(e, "%Y-%m-%d") {
                Ok(d) if shaped => Some(d),
                // Written right, but no such day (2026-02-30, month 13).
                _ if shaped => {
                    p.err(
                        &format!("{wp}/expires"),
                        false,
                        format!("`expires` is an impossible date: `{e}` does not exist"),
                        Some("check the month and the day (February has 28 or 29 days)".into()),
                    );
                    None
                }
                _ => {
                    p.err(
                        &format!("{wp}/expires"),
                        false,
                        format!("`expires` must be a date written YYYY-MM-DD, not `{e}`"),
                        Some("for example `expires: 2027-03-31`".into()),
                    );
                    None
                }
            }
        });
        let glob = |p: &mut Context, key: &str, pattern: &str| -> Option<globset::GlobSet> {
            let kp = format!("{wp}/{key}");
            let chars = pattern.chars().count();
            if chars > MAX_GLOB_CHARS {
                p.err(
                    &kp,
                    false,
                    format!(
                        "waiver `{key}` glob is {chars} characters long; the limit is {MAX_GLOB_CHARS}"
                    ),
                    Some("name the model (or manifest) with a shorter pattern".into()),
                );
                return None;
            }
            // A `GlobSet` reports a pattern too complex to compile as an error, where
            // `Glob::compile_matcher` would panic.
            let built = globset::GlobBuilder::new(pattern)
                .case_insensitive(key == "model")
                .literal_separator(key == "manifest")
                .build()
                .and_then(|g| globset::GlobSetBuilder::new().add(g).build());
            match built {
                Ok(g) => Some(g),
                Err(e) => {
                    let why = match e.kind() {
                        globset::ErrorKind::Regex(_) => "the pattern is too complex".to_string(),
                        kind => kind.to_string(),
                    };
                    p.err(&kp, false, format!("invalid glob `{pattern}`: {why}"), None);
                    None
                }
            }
        };
        let model_glob = model.as_ref().and_then(|m| glob(p, "model", m));
        let manifest_glob = match &manifest {
            Some(m) => glob(p, "manifest", m.trim_start_matches("./")).map(Some),
            None => Some(None),
        };
        if p.problems.len() > before {
            continue;
        }
        let (
            Some(rule),
            Some(model),
            Some(reason),
            Some(expires),
            Some(expires_on),
            Some(model_glob),
            Some(manifest_glob),
        ) = (
            rule,
            model,
            reason,
            expires,
            expires_on,
            model_glob,
            manifest_glob,
        )
        else {
            continue;
        };
        let span = p.span(&wp, false);
        out.push(Waiver {
            rule,
            model,
            manifest,
            reason: reason.trim().to_string(),
            expires,
            owner,
            file: file.to_string(),
            line: span.line.max(1),
            column: span.column.max(1),
            pointer: wp.clone(),
            span,
            rule_span: p.span(&format!("{wp}/rule"), false),
            expires_span: p.span(&format!("{wp}/expires"), false),
            expires_on,
            model_glob,
            manifest_glob,
            base: dir.to_path_buf(),
        });
    }
}
