//! Reading config files, expanding `extends` and presets into a chain of layers, and merging
//! the chain.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::layer::{parse_layer, Layer};
use super::{Config, LayerInfo, Lock, NamedPath, Resolved, RuleSetting, RuleSpans, PRESETS};
use crate::finding::FileError;
use crate::source::{display_path, error_at, read_text, Sources};
use crate::yaml::Span;

/// Longest `extends` chain followed.
const MAX_DEPTH: usize = 32;

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
    // This layer's position in the chain: locks set by earlier layers bind it.
    let index = config.layers.len();
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
        let locked = match (e.locked, prev_lock) {
            // Locking again (in a later layer) may raise the floor or forbid waivers, never
            // take over the first lock's freeze.
            (Some((true, _)), Some(prev)) => Some(Lock {
                level: prev.level.max(e.level),
                allow_waivers: prev.allow_waivers && !matches!(e.allow_waivers, Some((false, _))),
                ..prev
            }),
            (Some((true, span)), None) => {
                let mut params: Vec<String> = super::RULE_PARAMS
                    .iter()
                    .filter(|(rule, _)| *rule == e.id)
                    .flat_map(|(_, ps)| ps.iter().map(|p| p.to_string()))
                    .collect();
                for p in &e.params {
                    if !params.contains(p) {
                        params.push(p.clone());
                    }
                }
                Some(Lock {
                    level: e.level,
                    origin: layer.origin(span),
                    allow_waivers: matches!(e.allow_waivers, Some((true, _))),
                    params,
                    layer: index,
                })
            }
            (_, prev) => prev,
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
        let frozen = config.rules.iter().find_map(|(id, r)| {
            r.locked
                .as_ref()
                .filter(|l| l.layer < index && l.params.contains(k))
                .map(|l| (id, l))
        });
        if let Some((id, lock)) = frozen {
            // A preset named below a lock does not change what the lock froze.
            if layer.preset_of.is_none() {
                errors.push(error_at(
                    &layer.file,
                    Some(*span),
                    format!(
                        "parameter `{k}` is frozen: rule `{id}` is locked by {}; this file cannot change it",
                        lock.origin
                    ),
                    Some("a lock freezes the parameters of the rule; ask its owners to change the value there".into()),
                ));
            }
            continue;
        }
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
    if let Some((days, span)) = layer.max_waiver_days {
        match &config.max_waiver_days {
            Some((cap, origin)) if days > *cap => errors.push(error_at(
                &layer.file,
                Some(span),
                format!(
                    "`max_waiver_days: {days}` would raise the limit of {cap} days set by {origin}"
                ),
                Some("a later file may only lower `max_waiver_days`".into()),
            )),
            _ => config.max_waiver_days = Some((days, layer.origin(span))),
        }
    }
    let today = super::today();
    for w in layer.waivers {
        let lock = config.rules.get(&w.rule).and_then(|r| r.locked.as_ref());
        if let Some(lock) = lock.filter(|l| l.layer < index && !l.allow_waivers) {
            errors.push(error_at(
                &w.file,
                Some(w.rule_span),
                format!(
                    "rule `{}` is locked by {}, which allows no waivers from other files",
                    w.rule, lock.origin
                ),
                Some(
                    "the waiver must be added where the rule is locked, or the lock must say \
                     `allow_waivers: true`"
                        .into(),
                ),
            ));
            continue;
        }
        if let Some((cap, origin)) = &config.max_waiver_days {
            let days = (w.expires_on - today).num_days();
            if days > i64::try_from(*cap).unwrap_or(i64::MAX) {
                let last = today
                    .checked_add_days(chrono::Days::new(*cap))
                    .map_or_else(String::new, |d| format!(" (at the latest {d})"));
                errors.push(error_at(
                    &w.file,
                    Some(w.expires_span),
                    format!(
                        "waiver for `{}` on `{}` expires on {}, {days} days from today; `max_waiver_days` set by {origin} allows at most {cap}{last}",
                        w.rule, w.model, w.expires
                    ),
                    Some("choose an earlier `expires` date and review the waiver then".into()),
                ));
                continue;
            }
        }
        config.waivers.push(w);
    }
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
                "`expires` is an impossible date: `2026-02-30` does not exist",
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
