//! Reading config files, expanding `extends` and presets into a chain of layers, and merging
//! the chain.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use super::{
    Config, LayerInfo, Lock, NamedPath, Origin, ParamType, Resolved, RuleSetting, RuleSpans,
    Waiver, BUILTIN_PARAMS, FILE_NAMES, OPENNESS, PRESETS, RULE_KEYS, TOP_KEYS, WAIVER_KEYS,
};
use crate::finding::{FileError, Level};
use crate::manifest::suggest;
use crate::source::{display_path, error_at, read_text};
use crate::yaml::{self, escape_token, Document, Span};

/// Texts of the config files read, by display path (for rendering diagnostics).
pub type Sources = HashMap<String, Arc<str>>;

/// Longest `extends` chain followed.
const MAX_DEPTH: usize = 32;

/// Find the config file that governs `dir`: the nearest one found walking up from it, stopping
/// at the repository root (the first directory holding `.git`).
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    ConfigFinder::default().find(dir)
}

/// What one directory says about config discovery.
#[derive(Clone)]
enum Step {
    /// A config file is here.
    Found(PathBuf),
    /// Repository root without a config: the search ends with nothing.
    Root,
    /// Nothing here: ask the parent.
    Up,
}

/// [`find_config`] with a memo per directory, for runs over many manifests.
#[derive(Default)]
pub struct ConfigFinder {
    seen: HashMap<PathBuf, Option<PathBuf>>,
}

impl ConfigFinder {
    pub fn find(&mut self, dir: &Path) -> Option<PathBuf> {
        let start = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        let mut walked: Vec<&Path> = Vec::new();
        let mut result = None;
        for d in start.ancestors() {
            if let Some(known) = self.seen.get(d) {
                result = known.clone();
                break;
            }
            walked.push(d);
            match step(d) {
                Step::Found(p) => {
                    result = Some(p);
                    break;
                }
                Step::Root => break,
                Step::Up => {}
            }
        }
        for d in walked {
            self.seen.insert(d.to_path_buf(), result.clone());
        }
        result
    }
}

fn step(d: &Path) -> Step {
    for name in FILE_NAMES {
        let p = d.join(name);
        // Anything by that name governs here: a directory or a broken symlink is an error
        // when read, rather than silently falling back to a config further up.
        if p.symlink_metadata().is_ok() {
            return Step::Found(p);
        }
    }
    if d.join(".git").exists() {
        Step::Root
    } else {
        Step::Up
    }
}

/// Resolve the chain `base` (from `MODELGATE_CONFIG`) then `main` (`--config` or the file
/// found for a manifest) into one configuration. Either may be absent.
pub fn resolve(
    base: Option<&Path>,
    main: Option<(&Path, &str)>,
) -> Result<Resolved, (Vec<FileError>, Sources)> {
    let mut chain = Chain::default();
    if let Some(b) = base {
        chain.expand_file(b, super::ENV_VAR.to_string(), None);
    }
    if let Some((m, via)) = main {
        chain.expand_file(m, via.to_string(), None);
    }
    if !chain.errors.is_empty() {
        return Err((chain.errors, chain.sources));
    }
    let mut config = Config {
        key: chain
            .keys
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("\n"),
        ..Config::default()
    };
    let mut spans = RuleSpans::default();
    let mut errors = Vec::new();
    for layer in chain.layers {
        merge(&mut config, &mut spans, layer, &mut errors);
    }
    if !errors.is_empty() {
        return Err((errors, chain.sources));
    }
    Ok(Resolved {
        config,
        rule_spans: spans,
        sources: chain.sources,
    })
}

/// Parse and validate the text of one config file as a single layer (no `extends` or preset
/// expansion, no file system access): the problems `check` would report for this file alone.
/// Used by the fuzz target over the config loader.
pub fn parse_text(file: &str, text: &str) -> Result<(), Vec<FileError>> {
    let layer = parse_layer(file, text, Path::new("."), None)?;
    let mut config = Config::default();
    let mut spans = RuleSpans::default();
    let mut errors = Vec::new();
    merge(&mut config, &mut spans, layer, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// One rule entry of a layer.
struct RuleEntry {
    id: String,
    id_span: Span,
    level: Level,
    level_span: Span,
    locked: Option<(bool, Span)>,
}

/// One layer: a config file, or a preset named by one.
struct Layer {
    info: LayerInfo,
    /// Display path of the file, for origins.
    file: String,
    dir: PathBuf,
    /// For preset layers: (name, naming file, line).
    preset_of: Option<(String, String, usize)>,
    preset: Option<(String, Span)>,
    rules: Vec<RuleEntry>,
    params: Vec<(String, Value, Span)>,
    policies: Vec<(String, Span)>,
    data: Vec<(String, Span)>,
    waivers: Vec<Waiver>,
    extends: Vec<(String, Span)>,
    scan: Option<(bool, Span)>,
}

impl Layer {
    fn origin(&self, span: Span) -> Origin {
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

#[derive(Default)]
struct Chain {
    layers: Vec<Layer>,
    visited: HashSet<PathBuf>,
    /// Files being expanded (for cycle detection): canonical path and display path.
    stack: Vec<(PathBuf, String)>,
    errors: Vec<FileError>,
    sources: Sources,
    /// Canonical paths of the files in the chain, in order.
    keys: Vec<PathBuf>,
}

impl Chain {
    /// Expand one file: what it extends, its preset, then itself. `from` is the place of the
    /// `extends` entry that named it (for errors).
    fn expand_file(&mut self, path: &Path, via: String, from: Option<(String, Span)>) {
        let display = display_path(path);
        let at = |message: String, help: Option<String>| match &from {
            Some((file, span)) => error_at(file, Some(*span), message, help),
            None => error_at(&display, None, message, help),
        };
        let canonical = match std::fs::canonicalize(path) {
            Ok(c) => c,
            Err(e) => {
                let message = match &from {
                    Some(_) => format!(
                        "cannot read extended config `{display}`: {}",
                        crate::source::io_message(&e)
                    ),
                    None => format!(
                        "cannot read config `{display}`: {}",
                        crate::source::io_message(&e)
                    ),
                };
                self.errors.push(at(
                    message,
                    Some("paths in `extends` are relative to the file that names them".into()),
                ));
                return;
            }
        };
        if let Some(i) = self.stack.iter().position(|(c, _)| *c == canonical) {
            let mut cycle: Vec<String> = self.stack[i..].iter().map(|(_, d)| d.clone()).collect();
            cycle.push(self.stack[i].1.clone());
            self.errors.push(at(
                format!("`extends` forms a cycle: {}", cycle.join(" → ")),
                Some("remove one of the `extends` entries in the cycle".into()),
            ));
            return;
        }
        // Show the file by its real path (`org/org.yaml`, not `repo/../org/org.yaml`).
        let display = display_path(&canonical);
        if self.visited.contains(&canonical) {
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.errors.push(at(
                format!("`extends` chain is deeper than {MAX_DEPTH} files"),
                None,
            ));
            return;
        }
        self.visited.insert(canonical.clone());
        let text = match read_text(path, &display) {
            Ok(t) => t,
            Err(e) => {
                self.errors.push(*e);
                return;
            }
        };
        self.sources.insert(display.clone(), text.clone());
        let dir = canonical
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let layer = match parse_layer(&display, &text, &dir, None) {
            Ok(l) => l,
            Err(mut errs) => {
                self.errors.append(&mut errs);
                return;
            }
        };
        self.stack.push((canonical.clone(), display.clone()));
        for (target, span) in &layer.extends {
            let p = dir.join(target);
            let via = format!("extends ({display}:{})", span.line);
            self.expand_file(&p, via, Some((display.clone(), *span)));
        }
        self.stack.pop();
        if let Some((name, span)) = &layer.preset {
            self.expand_preset(name, &display, span.line);
        }
        self.keys.push(canonical);
        self.layers.push(Layer {
            info: LayerInfo { file: display, via },
            ..layer
        });
    }

    fn expand_preset(&mut self, name: &str, file: &str, line: usize) {
        let Some((_, text)) = PRESETS.iter().find(|(n, _)| *n == name) else {
            return; // the name was validated when the file was parsed
        };
        let shown = format!("preset:{name}");
        match parse_layer(
            &shown,
            text,
            Path::new(""),
            Some((name.to_string(), file.to_string(), line)),
        ) {
            Ok(layer) => self.layers.push(Layer {
                info: LayerInfo {
                    file: shown,
                    via: format!("preset ({file}:{line})"),
                },
                ..layer
            }),
            Err(mut errs) => self.errors.append(&mut errs),
        }
    }
}

/// Merge one layer into the configuration.
fn merge(config: &mut Config, spans: &mut RuleSpans, layer: Layer, errors: &mut Vec<FileError>) {
    if let Some((name, span)) = &layer.preset {
        config.preset = Some((name.clone(), layer.origin(*span)));
    }
    for e in &layer.rules {
        if layer.preset_of.is_none() {
            spans
                .rules
                .entry(e.id.clone())
                .or_default()
                .push((layer.file.clone(), e.id_span));
        }
        let origin = layer.origin(e.level_span);
        let prev_lock = config.rules.get(&e.id).and_then(|r| r.locked.clone());
        if let Some(lock) = &prev_lock {
            // A preset names every rule; below a lock it simply does not apply.
            if layer.preset_of.is_some() && e.level < lock.level {
                continue;
            }
            if e.level < lock.level {
                errors.push(error_at(
                    &layer.file,
                    Some(e.level_span),
                    format!(
                        "rule `{}` is locked at `{}` by {}; this file cannot lower it to `{}`",
                        e.id, lock.level, lock.origin, e.level
                    ),
                    Some(
                        "a locked rule may only be raised; for one model, add a waiver with a \
                         reason and an expiry date instead"
                            .into(),
                    ),
                ));
                continue;
            }
            if let Some((false, span)) = e.locked {
                errors.push(error_at(
                    &layer.file,
                    Some(span),
                    format!(
                        "rule `{}` is locked by {}; a later file cannot unlock it",
                        e.id, lock.origin
                    ),
                    Some("remove `locked: false`".into()),
                ));
                continue;
            }
        }
        let locked = match e.locked {
            Some((true, span)) => Some(Lock {
                level: prev_lock.as_ref().map_or(e.level, |l| l.level.max(e.level)),
                origin: layer.origin(span),
            }),
            _ => prev_lock,
        };
        config.rules.insert(
            e.id.clone(),
            RuleSetting {
                level: e.level,
                origin,
                locked,
            },
        );
    }
    for (k, v, span) in &layer.params {
        config
            .params
            .insert(k.clone(), (v.clone(), layer.origin(*span)));
    }
    for (list, out) in [
        (&layer.policies, &mut config.policies),
        (&layer.data, &mut config.data),
    ] {
        for (written, span) in list {
            let path = layer.dir.join(written);
            let path = std::path::absolute(&path).unwrap_or(path);
            if out.iter().any(|n| n.path == path) {
                continue;
            }
            out.push(NamedPath {
                written: written.clone(),
                path,
                origin: layer.origin(*span),
            });
        }
    }
    if let Some((on, span)) = layer.scan {
        config.scan = Some((on, layer.origin(span)));
    }
    config.waivers.extend(layer.waivers);
    config.layers.push(layer.info);
}

/// Validation state for one file.
struct P<'a> {
    file: &'a str,
    text: &'a str,
    doc: &'a Document,
    errors: Vec<FileError>,
}

impl P<'_> {
    fn span(&self, pointer: &str, at_key: bool) -> Span {
        self.doc
            .locate(pointer)
            .map(|(_, l)| {
                if at_key {
                    l.key.unwrap_or(l.value)
                } else {
                    l.value
                }
            })
            .unwrap_or_default()
    }

    fn err(&mut self, pointer: &str, at_key: bool, message: String, help: Option<String>) {
        let span = crate::source::first_line_of(self.text)(self.span(pointer, at_key));
        self.errors
            .push(error_at(self.file, Some(span), message, help));
    }

    fn string(&mut self, pointer: &str, what: &str) -> Option<String> {
        match self.doc.value.pointer(pointer) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => {
                let shown = self
                    .doc
                    .scalar_text(pointer)
                    .map(|t| format!(", not `{t}`"))
                    .unwrap_or_default();
                self.err(
                    pointer,
                    false,
                    format!("`{what}` must be a string{shown}"),
                    None,
                );
                None
            }
        }
    }

    /// A string or a list of strings.
    fn string_list(&mut self, pointer: &str, what: &str) -> Vec<(String, Span)> {
        match self.doc.value.pointer(pointer) {
            Some(Value::String(s)) => vec![(s.clone(), self.span(pointer, false))],
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for i in 0..items.len() {
                    let p = format!("{pointer}/{i}");
                    if let Some(s) = self.string(&p, what) {
                        if s.trim().is_empty() {
                            self.err(&p, false, format!("`{what}` entry is empty"), None);
                        } else {
                            out.push((s, self.span(&p, false)));
                        }
                    }
                }
                out
            }
            _ => {
                self.err(
                    pointer,
                    false,
                    format!("`{what}` must be a list of strings"),
                    None,
                );
                Vec::new()
            }
        }
    }

    fn keys(&mut self, pointer: &str, allowed: &[&str], what: &str) -> Vec<String> {
        let Some(Value::Object(map)) = self.doc.value.pointer(pointer) else {
            return Vec::new();
        };
        let keys: Vec<String> = map.keys().cloned().collect();
        for k in &keys {
            if !allowed.contains(&k.as_str()) {
                let help = suggest(k, allowed)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("allowed keys: {}", allowed.join(", ")));
                let p = format!("{pointer}/{}", escape_token(k));
                self.err(&p, true, format!("unknown key `{k}` in {what}"), Some(help));
            }
        }
        keys
    }
}

fn level_of(s: &str) -> Option<Level> {
    match s {
        "error" => Some(Level::Error),
        "warning" => Some(Level::Warning),
        "note" => Some(Level::Note),
        "off" => Some(Level::Off),
        _ => None,
    }
}

/// Parse and validate one config file (or preset) into a layer; collects every problem.
fn parse_layer(
    file: &str,
    text: &str,
    dir: &Path,
    preset_of: Option<(String, String, usize)>,
) -> Result<Layer, Vec<FileError>> {
    let doc = yaml::parse(text).map_err(|e| {
        vec![error_at(
            file,
            Some(e.span),
            format!("invalid YAML: {}", e.message),
            None,
        )]
    })?;
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
    };
    let mut p = P {
        file,
        text,
        doc: &doc,
        errors: Vec::new(),
    };
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
            return Err(p.errors);
        }
    }
    for key in p.keys("", TOP_KEYS, "the config") {
        let ptr = format!("/{}", escape_token(&key));
        match key.as_str() {
            "version" if doc.value.pointer(&ptr) != Some(&Value::from(1)) => {
                let shown = doc.scalar_text(&ptr).unwrap_or_default();
                p.err(
                    &ptr,
                    false,
                    format!("unsupported config version `{shown}`"),
                    Some("the only config version is 1".into()),
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
                        let help = suggest(&name, &names)
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| format!("presets: {}", names.join(", ")));
                        p.err(&ptr, false, format!("unknown preset `{name}`"), Some(help));
                    }
                }
            }
            "rules" => parse_rules(&mut p, &ptr, &mut layer.rules),
            "params" => parse_params(&mut p, &ptr, &mut layer.params),
            "policies" => layer.policies = p.string_list(&ptr, "policies"),
            "data" => layer.data = p.string_list(&ptr, "data"),
            "waivers" => parse_waivers(&mut p, &ptr, dir, &mut layer.waivers),
            "scan" => match doc.value.pointer(&ptr) {
                Some(Value::Bool(b)) => layer.scan = Some((*b, p.span(&ptr, false))),
                _ => p.err(&ptr, false, "`scan` must be true or false".into(), None),
            },
            _ => {}
        }
    }
    if p.errors.is_empty() {
        Ok(layer)
    } else {
        p.errors.sort_by_key(|e| (e.line, e.column));
        Err(p.errors)
    }
}

fn parse_rules(p: &mut P, ptr: &str, out: &mut Vec<RuleEntry>) {
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
                }),
                None => p.err(&rp, false, format!("unknown level `{s}`"), levels_help()),
            },
            Value::Object(m) => {
                p.keys(&rp, RULE_KEYS, &format!("rule `{id}`"));
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
                if let Some(level) = level {
                    out.push(RuleEntry {
                        id: id.clone(),
                        id_span,
                        level,
                        level_span: p.span(&lp, false),
                        locked,
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

fn parse_params(p: &mut P, ptr: &str, out: &mut Vec<(String, Value, Span)>) {
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

fn parse_waivers(p: &mut P, ptr: &str, dir: &Path, out: &mut Vec<Waiver>) {
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
        p.keys(&wp, WAIVER_KEYS, "a waiver");
        let before = p.errors.len();
        let required = |p: &mut P, key: &str| -> Option<String> {
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
        let optional = |p: &mut P, key: &str| -> Option<String> {
            m.get(key)?;
            p.string(&format!("{wp}/{key}"), key)
        };
        let manifest = optional(p, "manifest");
        let owner = optional(p, "owner");
        let expires_on = expires.as_ref().and_then(|e| {
            let ok = e.len() == 10 && e.as_bytes()[4] == b'-' && e.as_bytes()[7] == b'-';
            match chrono::NaiveDate::parse_from_str(e, "%Y-%m-%d") {
                Ok(d) if ok => Some(d),
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
        let glob = |p: &mut P, key: &str, pattern: &str| -> Option<globset::GlobMatcher> {
            match globset::GlobBuilder::new(pattern)
                .case_insensitive(key == "model")
                .literal_separator(key == "manifest")
                .build()
            {
                Ok(g) => Some(g.compile_matcher()),
                Err(e) => {
                    p.err(
                        &format!("{wp}/{key}"),
                        false,
                        format!("invalid glob `{pattern}`: {}", e.kind()),
                        None,
                    );
                    None
                }
            }
        };
        let model_glob = model.as_ref().and_then(|m| glob(p, "model", m));
        let manifest_glob = match &manifest {
            Some(m) => glob(p, "manifest", m.trim_start_matches("./")).map(Some),
            None => Some(None),
        };
        if p.errors.len() > before {
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
            file: p.file.to_string(),
            line: span.line.max(1),
            column: span.column.max(1),
            pointer: wp.clone(),
            span,
            rule_span: p.span(&format!("{wp}/rule"), false),
            expires_on,
            model_glob,
            manifest_glob,
            base: dir.to_path_buf(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(text: &str) -> Result<Layer, Vec<FileError>> {
        parse_layer("c.yaml", text, Path::new("/x"), None)
    }

    #[test]
    fn presets_parse() {
        for (name, text) in PRESETS {
            let l = parse_layer(name, text, Path::new(""), None);
            assert!(l.is_ok(), "preset {name}: {:?}", l.err());
        }
    }

    #[test]
    fn errors_point_into_the_file() {
        let errs = layer("preset: strict\nrulez: {}\nrules:\n  a: loud\n")
            .err()
            .unwrap();
        let got: Vec<(usize, usize, &str)> = errs
            .iter()
            .map(|e| (e.line.unwrap(), e.column.unwrap(), e.message.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, 9, "unknown preset `strict`"),
                (2, 1, "unknown key `rulez` in the config"),
                (4, 6, "unknown level `loud`"),
            ]
        );
        assert_eq!(errs[1].help.as_deref(), Some("did you mean `rules`?"));
    }

    #[test]
    fn waiver_fields_are_checked() {
        let errs = layer(
            "waivers:\n  - rule: r\n    model: m\n    expires: 2026-02-30\n    reason: ' '\n",
        )
        .err()
        .unwrap();
        let msgs: Vec<&str> = errs.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            msgs,
            vec![
                "`expires` must be a date written YYYY-MM-DD, not `2026-02-30`",
                "waiver `reason` is empty",
            ]
        );
    }

    #[test]
    fn expiry_is_inclusive() {
        let l = layer(
            "waivers:\n  - {rule: r, model: 'meta-llama/*', reason: why, expires: 2026-05-01}\n",
        )
        .ok()
        .unwrap();
        let w = &l.waivers[0];
        let day = |s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(!w.is_expired(day("2026-05-01")));
        assert!(w.is_expired(day("2026-05-02")));
        assert!(w.covers_model("Meta-Llama/Llama-3.1-8B"));
        assert!(!w.covers_model("mistralai/Mistral-7B-v0.1"));
    }

    #[test]
    fn near_miss_params_are_errors_custom_ones_pass() {
        let errs = layer("params:\n  allowed_license: [MIT]\n").err().unwrap();
        assert_eq!(
            errs[0].help.as_deref(),
            Some("did you mean `allowed_licenses`?")
        );
        let l = layer("params:\n  max_parameters_b: 70\n  min_openness: open-weights\n")
            .ok()
            .unwrap();
        assert_eq!(l.params.len(), 2);
        let errs = layer("params:\n  min_openness: open\n").err().unwrap();
        assert!(errs[0].message.contains("must be one of"));
    }
}
