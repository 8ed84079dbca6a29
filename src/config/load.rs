//! Reading config files, expanding `extends` and presets into a chain of layers, and merging
//! the chain.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::layer::{parse_layer, Layer};
use super::{
    Config, LayerInfo, Lock, NamedPath, Resolved, RuleSetting, RuleSpans, FILE_NAMES, PRESETS,
};
use crate::finding::FileError;
use crate::source::{display_path, error_at, read_text, Sources};
use crate::yaml::Span;

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
        // Show the file by its real path (`org/org.yaml`, not `repo/../org/org.yaml`), unless
        // that leads out of the checked root through a link (`/proc/self/environ`): then by
        // the path as written, which is what the user can fix.
        let display = if crate::source::quotable(&canonical)
            || std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_symlink())
        {
            display_path(&canonical)
        } else {
            display_path(&crate::source::absolute(path))
        };
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
        // Text of a config outside the checked root is never quoted in a diagnostic.
        if crate::source::quotable(&canonical) {
            self.sources.insert(display.clone(), text.clone());
        }
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
        (&layer.knowledge, &mut config.knowledge),
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
    if let Some((on, span)) = layer.local_cards {
        config.local_cards = Some((on, layer.origin(span)));
    }
    config.waivers.extend(layer.waivers);
    config.layers.push(layer.info);
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
