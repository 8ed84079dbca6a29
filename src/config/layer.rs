//! One config file (or preset) as a layer: parsed and validated, every problem collected.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{LayerInfo, Origin, ParamType, BUILTIN_PARAMS, OPENNESS, PRESETS, RULE_KEYS, TOP_KEYS};
use crate::finding::FileError;
use crate::rule::{Level, LevelWords};
use crate::source::parse_yaml;
use crate::validation::{did_you_mean, Context, KeysHelp};
use crate::waiver::Waiver;
use crate::yaml::{escape_token, Span};

/// One rule entry of a layer.
pub(super) struct RuleEntry {
    pub(super) id: String,
    pub(super) id_span: Span,
    pub(super) level: Level,
    pub(super) level_span: Span,
    pub(super) locked: Option<(bool, Span)>,
    /// `allow_waivers: true` on a lock.
    pub(super) allow_waivers: Option<(bool, Span)>,
    /// `params: [...]` on a lock: more parameters to freeze.
    pub(super) params: Vec<String>,
}

/// One layer: a config file, or a preset named by one.
pub(super) struct Layer {
    pub(super) info: LayerInfo,
    /// Display path of the file, for origins.
    pub(super) file: String,
    pub(super) dir: PathBuf,
    /// For preset layers: (name, naming file, line).
    pub(super) preset_of: Option<(String, String, usize)>,
    pub(super) preset: Option<(String, Span)>,
    pub(super) rules: Vec<RuleEntry>,
    pub(super) params: Vec<(String, Value, Span)>,
    pub(super) policies: Vec<(String, Span)>,
    pub(super) data: Vec<(String, Span)>,
    pub(super) waivers: Vec<Waiver>,
    pub(super) extends: Vec<(String, Span)>,
    pub(super) scan: Option<(bool, Span)>,
    pub(super) knowledge: Vec<(String, Span)>,
    pub(super) local_cards: Option<(bool, Span)>,
    pub(super) max_waiver_days: Option<(u64, Span)>,
}

impl Layer {
    pub(super) fn origin(&self, span: Span) -> Origin {
        match &self.preset_of {
            Some((name, file, line)) => Origin::Preset {
                name: name.clone(),
                file: file.clone(),
                line: *line,
            },
            None => Origin::at(&self.file, span),
        }
    }
}

/// Config files accept the four level words only, not the metadata synonyms.
fn level_of(s: &str) -> Option<Level> {
    Level::from_word(s, LevelWords::Exact)
}

/// Parse and validate one config file (or preset) into a layer; collects every problem.
pub(super) fn parse_layer(
    file: &str,
    text: &str,
    dir: &Path,
    preset_of: Option<(String, String, usize)>,
) -> Result<Layer, Vec<FileError>> {
    let doc = parse_yaml(file, text).map_err(|e| vec![*e])?;
    let mut layer = Layer {
        info: LayerInfo {
            file: file.to_string(),
            via: String::new(),
        },
        file: file.to_string(),
        dir: dir.to_path_buf(),
        preset_of,
        preset: None,
        rules: Vec::new(),
        params: Vec::new(),
        policies: Vec::new(),
        data: Vec::new(),
        waivers: Vec::new(),
        extends: Vec::new(),
        scan: None,
        knowledge: Vec::new(),
        local_cards: None,
        max_waiver_days: None,
    };
    let mut p = Context::new(&doc);
    match &doc.value {
        Value::Null => return Ok(layer), // an empty file (or only comments) sets nothing
        Value::Object(_) => {}
        _ => {
            p.err(
                "",
                false,
                "a config file must be a mapping of keys (`preset:`, `rules:`, ...)".into(),
                None,
            );
            return Err(p.into_errors(file, text));
        }
    }
    for key in p.keys("", TOP_KEYS, "the config", KeysHelp::Allowed) {
        let ptr = format!("/{}", escape_token(&key));
        match key.as_str() {
            // `1`, or the string "1" (as manifests accept); `1.0` and the rest are not.
            "version" if doc.scalar_text(&ptr).as_deref() != Some("1") => {
                let shown = doc
                    .scalar_text(&ptr)
                    .unwrap_or_else(|| crate::validation::describe(&doc.value[key.as_str()]));
                p.err(
                    &ptr,
                    false,
                    format!("unsupported config version `{shown}`"),
                    Some("write `version: 1` (the only config version)".into()),
                );
            }
            "extends" => {
                if layer.preset_of.is_some() {
                    continue;
                }
                layer.extends = p.string_list(&ptr, "extends");
            }
            "preset" => {
                if let Some(name) = p.string(&ptr, "preset") {
                    let names: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
                    if names.contains(&name.as_str()) {
                        layer.preset = Some((name, p.span(&ptr, false)));
                    } else {
                        let help = did_you_mean(&name, &names)
                            .unwrap_or_else(|| format!("presets: {}", names.join(", ")));
                        p.err(&ptr, false, format!("unknown preset `{name}`"), Some(help));
                    }
                }
            }
            "rules" => parse_rules(&mut p, &ptr, &mut layer.rules),
            "params" => parse_params(&mut p, &ptr, &mut layer.params),
            "policies" => layer.policies = p.string_list(&ptr, "policies"),
            "data" => layer.data = p.string_list(&ptr, "data"),
            "waivers" => crate::waiver::parse(&mut p, file, &ptr, dir, &mut layer.waivers),
            "max_waiver_days" => match doc.value.pointer(&ptr).and_then(Value::as_u64) {
                Some(n) => layer.max_waiver_days = Some((n, p.span(&ptr, false))),
                None => {
                    let shown = doc.scalar_text(&ptr).unwrap_or_default();
                    p.err(
                        &ptr,
                        false,
                        format!("`max_waiver_days` must be a whole number of days, not `{shown}`"),
                        Some("for example `max_waiver_days: 180`".into()),
                    )
                }
            },
            "scan" => match doc.value.pointer(&ptr) {
                Some(Value::Bool(b)) => layer.scan = Some((*b, p.span(&ptr, false))),
                _ => p.err(&ptr, false, "`scan` must be true or false".into(), None),
            },
            "knowledge" => layer.knowledge = p.string_list(&ptr, "knowledge"),
            "local_cards" => match doc.value.pointer(&ptr) {
                Some(Value::Bool(b)) => layer.local_cards = Some((*b, p.span(&ptr, false))),
                _ => p.err(
                    &ptr,
                    false,
                    "`local_cards` must be true or false".into(),
                    None,
                ),
            },
            _ => {}
        }
    }
    if p.problems.is_empty() {
        Ok(layer)
    } else {
        let mut errors = p.into_errors(file, text);
        errors.sort_by_key(|e| (e.line, e.column));
        Err(errors)
    }
}

fn parse_rules(p: &mut Context, ptr: &str, out: &mut Vec<RuleEntry>) {
    let Some(Value::Object(map)) = p.doc.value.pointer(ptr) else {
        if !matches!(p.doc.value.pointer(ptr), Some(Value::Null)) {
            p.err(
                ptr,
                false,
                "`rules` must map rule ids to levels (`no-user-cap: error`)".into(),
                None,
            );
        }
        return;
    };
    let levels_help = || Some("levels: error, warning, note, off".to_string());
    for (id, v) in map {
        let rp = format!("{ptr}/{}", escape_token(id));
        let id_span = p.span(&rp, true);
        match v {
            Value::String(s) => match level_of(s) {
                Some(level) => out.push(RuleEntry {
                    id: id.clone(),
                    id_span,
                    level,
                    level_span: p.span(&rp, false),
                    locked: None,
                    allow_waivers: None,
                    params: Vec::new(),
                }),
                None => p.err(&rp, false, format!("unknown level `{s}`"), levels_help()),
            },
            Value::Object(m) => {
                p.keys(&rp, RULE_KEYS, &format!("rule `{id}`"), KeysHelp::Allowed);
                let lp = format!("{rp}/level");
                let level = match m.get("level") {
                    Some(Value::String(s)) => match level_of(s) {
                        Some(l) => Some(l),
                        None => {
                            p.err(&lp, false, format!("unknown level `{s}`"), levels_help());
                            None
                        }
                    },
                    Some(_) => {
                        p.err(&lp, false, "`level` must be a string".into(), levels_help());
                        None
                    }
                    None => {
                        p.err(
                            &rp,
                            true,
                            format!("rule `{id}` needs a `level`"),
                            Some(format!(
                                "for example `{id}: {{ level: error, locked: true }}`"
                            )),
                        );
                        None
                    }
                };
                let kp = format!("{rp}/locked");
                let locked = match m.get("locked") {
                    None => None,
                    Some(Value::Bool(b)) => Some((*b, p.span(&kp, false))),
                    Some(_) => {
                        p.err(&kp, false, "`locked` must be true or false".into(), None);
                        None
                    }
                };
                let wp = format!("{rp}/allow_waivers");
                let allow_waivers = match m.get("allow_waivers") {
                    None => None,
                    Some(Value::Bool(b)) => Some((*b, p.span(&wp, false))),
                    Some(_) => {
                        p.err(
                            &wp,
                            false,
                            "`allow_waivers` must be true or false".into(),
                            None,
                        );
                        None
                    }
                };
                let pp = format!("{rp}/params");
                let params = if m.contains_key("params") {
                    p.string_list(&pp, "params")
                        .into_iter()
                        .map(|(s, _)| s)
                        .collect()
                } else {
                    Vec::new()
                };
                let is_lock = matches!(locked, Some((true, _)));
                for (key, given) in [
                    ("allow_waivers", allow_waivers.is_some()),
                    ("params", m.contains_key("params")),
                ] {
                    if given && !is_lock {
                        p.err(
                            &format!("{rp}/{key}"),
                            true,
                            format!("`{key}` applies to a locked rule only"),
                            Some(format!(
                                "add `locked: true` to rule `{id}`, or remove `{key}`"
                            )),
                        );
                    }
                }
                if let Some(level) = level {
                    out.push(RuleEntry {
                        id: id.clone(),
                        id_span,
                        level,
                        level_span: p.span(&lp, false),
                        locked,
                        allow_waivers,
                        params,
                    });
                }
            }
            _ => p.err(
                &rp,
                false,
                format!("rule `{id}` must be a level or `{{ level: ..., locked: ... }}`"),
                levels_help(),
            ),
        }
    }
}

fn parse_params(p: &mut Context, ptr: &str, out: &mut Vec<(String, Value, Span)>) {
    let Some(Value::Object(map)) = p.doc.value.pointer(ptr) else {
        if !matches!(p.doc.value.pointer(ptr), Some(Value::Null)) {
            p.err(ptr, false, "`params` must be a mapping".into(), None);
        }
        return;
    };
    let names: Vec<&str> = BUILTIN_PARAMS.iter().map(|(n, _)| *n).collect();
    for (k, v) in map {
        let kp = format!("{ptr}/{}", escape_token(k));
        let kind = BUILTIN_PARAMS.iter().find(|(n, _)| n == k).map(|(_, t)| *t);
        let ok = match kind {
            None => {
                // Custom parameters pass through to users' policies, but a near miss of a
                // built-in name is almost certainly a typo that would silently do nothing.
                let close = names
                    .iter()
                    .find(|n| strsim::jaro_winkler(&k.to_lowercase(), n) >= 0.93);
                if let Some(n) = close {
                    p.err(
                        &kp,
                        true,
                        format!("unknown parameter `{k}`"),
                        Some(format!("did you mean `{n}`?")),
                    );
                    false
                } else {
                    true
                }
            }
            Some(ParamType::StringList) => {
                let good = v
                    .as_array()
                    .is_some_and(|a| a.iter().all(|x| x.as_str().is_some_and(|s| !s.is_empty())));
                if !good {
                    p.err(
                        &kp,
                        false,
                        format!("`{k}` must be a list of non-empty strings"),
                        None,
                    );
                }
                good
            }
            Some(ParamType::Count) => {
                let good = v.as_u64().is_some();
                if !good {
                    p.err(
                        &kp,
                        false,
                        format!("`{k}` must be a whole number"),
                        Some("write it without separators: 1000000".into()),
                    );
                }
                good
            }
            Some(ParamType::Openness) => {
                let good = v.as_str().is_some_and(|s| OPENNESS.contains(&s));
                if !good {
                    p.err(
                        &kp,
                        false,
                        format!("`{k}` must be one of: {}", OPENNESS.join(", ")),
                        None,
                    );
                }
                good
            }
        };
        if ok {
            out.push((k.clone(), v.clone(), p.span(&kp, true)));
        }
    }
}
