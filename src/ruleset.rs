//! What a manifest's check needs from configuration: the merged config, an engine with the
//! config's policies, data and parameters, and the level of every rule.
//!
//! Manifests governed by the same config chain share one setup; setups with the same policies,
//! data and parameters share one compiled engine.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::catalog::cards::Cards;
use crate::catalog::overlay::{Overlay, OverlayFile};
use crate::catalog::Catalog;
use crate::config::{self, Config, Effective, Sources};
use crate::engine::{self, Engine, PolicyError};
use crate::finding::FileError;
use crate::rule::{Level, RuleMeta};
use crate::source::{display_path, error_at, read_yaml};

/// Every rule an engine runs: its Rego rules, then the native ones.
pub fn all_rules(engine: &Engine) -> Vec<RuleMeta> {
    let mut rules = engine.rules().to_vec();
    rules.extend(native_rules());
    rules
}

/// Rules implemented in Rust rather than Rego: the waiver rules and the drift rules of
/// `check --scan`.
pub fn native_rules() -> Vec<RuleMeta> {
    let mut rules = crate::waiver::rules();
    rules.extend(crate::scan::drift::rules());
    rules
}

/// Inputs that do not come from config files.
pub struct Options {
    /// `--policy` directories.
    pub policies: Vec<PathBuf>,
    pub timeout: Duration,
    /// `MODELGATE_CONFIG`.
    pub base: Option<PathBuf>,
    /// `--deny/--warn/--allow`: (rule, level, flag).
    pub flags: Vec<(String, Level, &'static str)>,
    /// Read local model cards unless a config turns them off (`--no-local-cards`: false).
    pub local_cards: bool,
}

impl Options {
    /// Options from the environment and command line.
    pub fn new(
        policies: Vec<PathBuf>,
        timeout: Duration,
        flags: Vec<(String, Level, &'static str)>,
    ) -> Options {
        let base = std::env::var_os(config::ENV_VAR)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        Options {
            policies,
            timeout,
            base,
            flags,
            local_cards: true,
        }
    }
}

/// Everything a check needs from one config chain.
pub struct Setup {
    pub config: Config,
    /// The knowledge the chain judges by: the built-in catalog, its `knowledge:` overlay and,
    /// unless turned off, local model cards.
    pub catalog: Arc<Catalog>,
    pub engine: Arc<Engine>,
    /// Every rule (Rego and native), in id order.
    pub rules: Vec<RuleMeta>,
    pub levels: BTreeMap<String, Effective>,
    pub sources: Sources,
    /// Directory of the nearest (or `--config`) file, used to decide waiver coverage.
    pub root: Option<PathBuf>,
}

impl Setup {
    pub fn level(&self, rule: &str) -> Level {
        self.levels.get(rule).map_or(Level::Off, |e| e.level)
    }

    pub fn rule(&self, id: &str) -> Option<&RuleMeta> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// Where the errors of a setup come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorOrigin {
    /// The command line (`--deny/--warn/--allow`): the errors name no file.
    CommandLine,
    /// Files named on the command line (`--policy`).
    CommandLineFiles,
    /// One config chain: its files, and the policies and data they name.
    Config,
}

/// Why a setup could not be built. Errors from the command line concern the whole run (see
/// [`SetupError::global`]); the others concern the manifests under one config.
#[derive(Debug)]
pub struct SetupError {
    pub errors: Vec<FileError>,
    pub sources: Sources,
    pub origin: ErrorOrigin,
}

impl SetupError {
    /// The errors concern the whole run, not the manifests under one config.
    pub fn global(&self) -> bool {
        self.origin != ErrorOrigin::Config
    }
}

/// Builds setups, sharing engines between those with the same policies and data.
pub struct Builder {
    pub options: Options,
    engines: HashMap<String, Result<Arc<Engine>, PolicyError>>,
}

impl Builder {
    pub fn new(options: Options) -> Builder {
        Builder {
            options,
            engines: HashMap::new(),
        }
    }

    /// The setup for `main` (the `--config` file or the one found for a manifest), on top of
    /// `MODELGATE_CONFIG`. `via` says how `main` was found.
    pub fn build(&mut self, main: Option<&Path>, via: &str) -> Result<Setup, SetupError> {
        let base = self.options.base.clone();
        let resolved = config::resolve(base.as_deref(), main.map(|m| (m, via))).map_err(
            |(errors, sources)| SetupError {
                errors,
                sources,
                origin: ErrorOrigin::Config,
            },
        )?;
        let sources = resolved.sources;
        let config = resolved.config;
        let fail = |errors: Vec<FileError>, sources: Sources, origin: ErrorOrigin| {
            Err(SetupError {
                errors,
                sources,
                origin,
            })
        };

        // Data: the parameters, then each data file.
        let mut data = vec![json!({"modelgate": {"params": config.params_value()}})];
        let mut errors = Vec::new();
        for d in &config.data {
            match load_data(&d.path) {
                Ok(v) => data.push(v),
                Err(e) => {
                    let mut e = *e;
                    if let config::Origin::File { file, line, column } = &d.origin {
                        e.message =
                            format!("{} (data file named at {file}:{line}:{column})", e.message);
                    }
                    errors.push(e);
                }
            }
        }
        if !errors.is_empty() {
            return fail(errors, sources, ErrorOrigin::Config);
        }
        let catalog = match knowledge(&config, self.options.local_cards) {
            Ok(c) => Arc::new(c),
            Err((errors, texts)) => {
                let mut sources = sources;
                sources.extend(texts);
                return fail(errors, sources, ErrorOrigin::Config);
            }
        };
        let mut policy_dirs: Vec<PathBuf> = self.options.policies.clone();
        policy_dirs.extend(config.policies.iter().map(|p| p.path.clone()));
        let key = serde_json::to_string(&json!({
            "policies": policy_dirs.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
            "data": data,
        }))
        .unwrap_or_default();
        let timeout = self.options.timeout;
        let engine = self
            .engines
            .entry(key)
            .or_insert_with(|| build_engine(&policy_dirs, &data, timeout).map(Arc::new))
            .clone();
        let engine = match engine {
            Ok(e) => e,
            Err(e) => {
                let file = e.file();
                let from_cli = self
                    .options
                    .policies
                    .iter()
                    .any(|p| file.is_some_and(|f| f.starts_with(&display_path(p))));
                let origin = config
                    .policies
                    .iter()
                    .find(|p| file.is_some_and(|f| f.starts_with(&display_path(&p.path))))
                    .map(|p| format!(" (policies named at {})", p.origin))
                    .unwrap_or_default();
                // Data that cannot be merged (two files defining the same key differently)
                // is the config's problem: point at its `data:` list.
                let data_origin = config.data.iter().rev().find_map(|d| match &d.origin {
                    config::Origin::File { file, line, column } => {
                        Some((file.clone(), *line, *column))
                    }
                    _ => None,
                });
                let error = match (&e, data_origin) {
                    (PolicyError::Data { message }, Some((file, line, column))) => FileError {
                        file,
                        line: Some(line),
                        column: Some(column),
                        message: format!("the data files cannot be merged: {message}"),
                        help: Some("each key may be defined by one data file only (or with the same value)".into()),
                        span: None,
                    },
                    _ => FileError {
                        file: file.unwrap_or("<policies>").to_string(),
                        line: None,
                        column: None,
                        message: format!("{}{origin}", policy_error_text(&e)),
                        help: None,
                        span: None,
                    },
                };
                return Err(SetupError {
                    errors: vec![error],
                    sources,
                    origin: if from_cli {
                        ErrorOrigin::CommandLineFiles
                    } else {
                        ErrorOrigin::Config
                    },
                });
            }
        };
        let mut rules = all_rules(&engine);
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        let errors = config.check_rule_ids(&ids, &resolved.rule_spans);
        if !errors.is_empty() {
            return fail(errors, sources, ErrorOrigin::Config);
        }
        for (id, _, flag) in &self.options.flags {
            if !ids.contains(&id.as_str()) {
                let hint = crate::validation::suggest(id, &ids)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return fail(
                    vec![FileError {
                        file: String::new(),
                        line: None,
                        column: None,
                        message: format!("{flag} {id}: unknown rule `{id}`{hint}"),
                        help: Some("`modelgate explain <rule>` describes a rule".into()),
                        span: None,
                    }],
                    sources,
                    ErrorOrigin::CommandLine,
                );
            }
        }
        // The same rule in two level flags (`--deny X --allow X`) is a contradiction, not an
        // order to resolve silently.
        for (i, (id, level, flag)) in self.options.flags.iter().enumerate() {
            let clash = self.options.flags[..i]
                .iter()
                .find(|(other, other_level, _)| other == id && other_level != level);
            if let Some((_, _, first)) = clash {
                return fail(
                    vec![FileError {
                        file: String::new(),
                        line: None,
                        column: None,
                        message: format!(
                            "`{first} {id}` and `{flag} {id}` give rule `{id}` two levels"
                        ),
                        help: Some("name each rule in one of --deny, --warn and --allow".into()),
                        span: None,
                    }],
                    sources,
                    ErrorOrigin::CommandLine,
                );
            }
        }
        let defaults: Vec<(&str, Level)> =
            rules.iter().map(|r| (r.id.as_str(), r.severity)).collect();
        let levels = match config::effective_levels(&config, &defaults, &self.options.flags) {
            Ok(l) => l,
            Err(message) => {
                return fail(
                    vec![FileError {
                        file: String::new(),
                        line: None,
                        column: None,
                        message,
                        help: Some(
                            "a locked rule may only be raised; waive a single model instead".into(),
                        ),
                        span: None,
                    }],
                    sources,
                    ErrorOrigin::CommandLine,
                )
            }
        };
        Ok(Setup {
            root: main.and_then(|m| {
                std::fs::canonicalize(m)
                    .ok()
                    .and_then(|c| c.parent().map(Path::to_path_buf))
            }),
            config,
            catalog,
            engine,
            rules,
            levels,
            sources,
        })
    }
}

/// The catalog of one config chain: its overlay (built once here, for every manifest the
/// chain governs) and whether it reads local model cards.
pub fn knowledge(config: &Config, local_cards: bool) -> Result<Catalog, (Vec<FileError>, Sources)> {
    let overlay = if config.knowledge.is_empty() {
        None
    } else {
        let files: Vec<OverlayFile> = config
            .knowledge
            .iter()
            .map(|k| OverlayFile {
                path: k.path.clone(),
                named_at: k.origin.to_string(),
            })
            .collect();
        Some(Arc::new(Overlay::load(&files)?))
    };
    let cards_on = local_cards && config.local_cards.as_ref().is_none_or(|(on, _)| *on);
    let cards = cards_on.then(|| Arc::new(Cards::from_env()));
    Ok(Catalog::with(overlay, cards))
}

/// Compile the built-in pack plus the policies found under `dirs`, with `data`.
pub fn build_engine(
    dirs: &[PathBuf],
    data: &[Value],
    timeout: Duration,
) -> Result<Engine, PolicyError> {
    let mut extra = Vec::new();
    for dir in dirs {
        let files = engine::rego_files(dir)?;
        if files.is_empty() {
            return Err(PolicyError::Load {
                file: Some(display_path(dir)),
                message: "no policy here: the location holds no `.rego` file (only file names \
                          ending in lower-case `.rego` are loaded; `_test.rego` files only by \
                          `policy test`)"
                    .into(),
            });
        }
        for file in files {
            extra.push(read_policy(&file)?);
        }
    }
    Engine::new(true, &extra, data, timeout)
}

/// A data file (YAML or JSON): a mapping merged into `data`; `modelgate` is reserved.
fn load_data(path: &Path) -> Result<Value, Box<FileError>> {
    let display = display_path(path);
    let (_, doc) = read_yaml(path, &display).map_err(|(e, _)| e)?;
    match doc.value {
        Value::Object(map) if map.contains_key("modelgate") => Err(Box::new(error_at(
            &display,
            doc.spans.get("/modelgate").and_then(|l| l.key),
            "the top-level key `modelgate` is reserved for modelgate's own data".into(),
            Some("put your data under another key (`data.<key>` in Rego)".into()),
        ))),
        v @ Value::Object(_) => Ok(v),
        _ => Err(Box::new(error_at(
            &display,
            None,
            "a data file must be a mapping (its keys become `data.<key>` in Rego)".into(),
            None,
        ))),
    }
}

/// A policy error without its file (the caller names the file).
fn policy_error_text(e: &PolicyError) -> String {
    match e {
        PolicyError::Load { message, .. } => message.clone(),
        PolicyError::Data { message } => format!("data: {message}"),
        other => {
            let shown = other.to_string();
            match other.file() {
                Some(f) => shown[f.len() + 2..].to_string(),
                None => shown,
            }
        }
    }
}

/// One user policy file, as it is shown and its text, through the one reader (regular files
/// only, no links out of the repository); a failure is a load error naming the file.
pub fn read_policy(file: &Path) -> Result<(String, String), PolicyError> {
    let shown = display_path(file);
    let text = crate::source::read_text(file, &shown).map_err(|e| PolicyError::Load {
        file: Some(shown.clone()),
        message: e.message,
    })?;
    Ok((shown, text.to_string()))
}
