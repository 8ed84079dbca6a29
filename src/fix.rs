//! `check --fix`: write what modelgate knows into the manifests, in place.
//!
//! For every declared model, a missing `license:` is filled from the knowledge base (the
//! catalog or the chain's knowledge overlay, for a model it knows by its own name) or the
//! local model card; a missing `base_model:` from the card or a name inference; a missing
//! `revision:` from the local Hugging Face cache's `refs/main`. A key the user wrote is never
//! touched, whatever its value.
//!
//! Edits are insertions into the text: a new line after the entry's `id:` line in block
//! style (same indentation, same line ending), `, key: value` after the `id` value in flow
//! style. Every other byte stays as it was (comments, order, quoting, CRLF). The result is
//! parsed again and must read back the values added, or the file is left alone; it is written
//! to a temporary file in the same directory and renamed over the manifest.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::catalog::{Catalog, MatchKind};
use crate::manifest::{self, Loaded};
use crate::ruleset::Builder;

/// One value added to a manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The model entry's id.
    pub model: String,
    pub key: &'static str,
    pub value: String,
    /// The line of the new file it is on (1-based).
    pub line: usize,
    /// Where the value comes from, in words.
    pub from: String,
}

/// A manifest's new text and what changed.
#[derive(Debug, Clone)]
pub struct Fixed {
    pub text: String,
    pub edits: Vec<Edit>,
}

/// What a run of `--fix` did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// (manifest display path, its edits), in path order.
    pub changed: Vec<(String, Vec<Edit>)>,
    /// Unified diffs (with `--diff`).
    pub diff: String,
    /// Manifests that could not be fixed, with why.
    pub problems: Vec<String>,
}

/// A value as YAML writes it: plain when that reads back as the same string, else
/// double-quoted.
fn scalar(v: &str) -> String {
    let plain = !v.is_empty()
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./+()@ ".contains(c))
        && !v.starts_with(['-', ' ', '@', '.'])
        && !v.ends_with(' ')
        && !v.contains(" #");
    let doc = plain
        .then(|| crate::yaml::parse(&format!("k: {v}\n")).ok())
        .flatten();
    if doc.is_some_and(|d| d.value.get("k").and_then(Value::as_str) == Some(v)) {
        v.to_string()
    } else {
        serde_json::to_string(v).expect("a string serializes")
    }
}

/// What to add to model `i`: (key, value, from).
fn additions(catalog: &Catalog, loaded: &Loaded, i: usize) -> Vec<(&'static str, String, String)> {
    let decl = &loaded.manifest.models[i];
    let Some(Value::Object(map)) = loaded.doc.value.pointer(&format!("/models/{i}")) else {
        return Vec::new();
    };
    let judged = crate::input::judge(catalog, decl, loaded.manifest.dir.as_deref());
    let card_note = judged
        .card
        .as_ref()
        .map(|c| format!("from {}", c.place()))
        .unwrap_or_default();
    let mut out = Vec::new();
    if !map.contains_key("license") {
        match &judged.known {
            // A hosted service is under its provider's terms, not a license to write down.
            Some(k) if k.matched_by.is_direct() && k.facts.hf => {
                let from = if catalog.is_overlay(k.facts) {
                    format!("from {}", k.facts.source)
                } else {
                    format!("from the knowledge base entry `{}`", k.facts.id)
                };
                out.push(("license", k.facts.license.clone(), from));
            }
            _ if judged.filled.contains(&"license") => {
                if let Some(l) = &judged.decl.license {
                    out.push(("license", l.clone(), card_note.clone()));
                }
            }
            _ => {}
        }
    }
    if !map.contains_key("base_model") {
        if judged.filled.contains(&"base_model") {
            if let Some(b) = &judged.decl.base_model {
                out.push(("base_model", b.clone(), card_note.clone()));
            }
        } else if let Some(k) = judged
            .known
            .as_ref()
            .filter(|k| k.matched_by == MatchKind::Inferred)
        {
            // Only a name taken to be one repo (a re-upload or conversion), not a scheme guess.
            if let Some(inf) = k.inference.as_ref().filter(|i| i.repo.is_some()) {
                let repo = inf.repo.clone().unwrap_or_default();
                out.push(("base_model", repo, inf.note.clone()));
            }
        }
    }
    if !map.contains_key("revision") {
        if let Some(rev) = catalog.cards().and_then(|c| c.revision(&decl.id)) {
            out.push((
                "revision",
                rev,
                "from the local Hugging Face cache (`refs/main`)".to_string(),
            ));
        }
    }
    out
}

/// The edits for one loaded manifest (none: nothing to add).
pub fn plan(catalog: &Catalog, loaded: &Loaded) -> Result<Option<Fixed>, String> {
    let text: &str = &loaded.text;
    // (offset, inserted text, the edits it carries)
    let mut inserts: Vec<(usize, String, Vec<Edit>)> = Vec::new();
    for i in 0..loaded.manifest.models.len() {
        let adds = additions(catalog, loaded, i);
        if adds.is_empty() {
            continue;
        }
        let base = format!("/models/{i}");
        let (Some(entry), Some(id)) = (
            loaded.doc.spans.get(&base),
            loaded.doc.spans.get(&format!("{base}/id")),
        ) else {
            continue;
        };
        let edits: Vec<Edit> = adds
            .iter()
            .map(|(k, v, from)| Edit {
                model: loaded.manifest.models[i].id.clone(),
                key: k,
                value: v.clone(),
                line: 0,
                from: from.clone(),
            })
            .collect();
        if text.as_bytes().get(entry.value.start) == Some(&b'{') {
            // Flow style: `, key: value` right after the id's value.
            let added: String = adds
                .iter()
                .map(|(k, v, _)| format!(", {k}: {}", scalar(v)))
                .collect();
            inserts.push((id.value.end, added, edits));
            continue;
        }
        let Some(key) = id.key else { continue };
        let line_start = text[..key.start].rfind('\n').map_or(0, |p| p + 1);
        let indent: String = text[line_start..key.start]
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        let (at, eol, lead) = match text[id.value.end..].find('\n') {
            Some(p) => {
                let nl = id.value.end + p;
                let eol = if text[..nl].ends_with('\r') {
                    "\r\n"
                } else {
                    "\n"
                };
                (nl + 1, eol, "")
            }
            None => {
                let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
                (text.len(), eol, eol)
            }
        };
        let mut added = String::from(lead);
        for (k, v, _) in &adds {
            added.push_str(&format!("{indent}{k}: {}{eol}", scalar(v)));
        }
        inserts.push((at, added, edits));
    }
    if inserts.is_empty() {
        return Ok(None);
    }
    inserts.sort_by_key(|(at, _, _)| *at);
    let mut out = String::with_capacity(text.len() + 256);
    let mut last = 0;
    let mut edits = Vec::new();
    for (at, added, mut es) in inserts {
        out.push_str(&text[last..at]);
        let line = out.matches('\n').count() + 1;
        let first_on_new_line = !added.starts_with(", ") && !added.starts_with(['\r', '\n']);
        for (n, e) in es.iter_mut().enumerate() {
            e.line = if first_on_new_line { line + n } else { line };
        }
        out.push_str(&added);
        edits.extend(es);
        last = at;
    }
    out.push_str(&text[last..]);
    // The result must parse, validate and read back every value added.
    let doc = crate::yaml::parse(&out)
        .map_err(|e| format!("the fixed text would not parse ({})", e.message))?;
    let m =
        manifest::validate(&doc).map_err(|_| "the fixed text would not validate".to_string())?;
    for e in &edits {
        let back = m
            .models
            .iter()
            .find(|d| d.id == e.model)
            .and_then(|d| match e.key {
                "license" => d.license.clone(),
                "base_model" => d.base_model.clone(),
                _ => d.revision.clone(),
            });
        if back.as_deref() != Some(e.value.as_str()) {
            return Err(format!(
                "`{}: {}` would not read back as written",
                e.key, e.value
            ));
        }
    }
    Ok(Some(Fixed { text: out, edits }))
}

/// Replace `path` with `text`: a temporary file in the same directory, then a rename (the
/// manifest is never half-written). The file's permissions are kept.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.modelgate-fix-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A unified diff of one manifest's change.
pub fn unified_diff(display: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{display}"), &format!("b/{display}"))
        .to_string()
}

/// Fix every manifest under `paths`, each with the knowledge of the config chain that governs
/// it (`config`: `--config`, else the one found). With `diff`, nothing is written.
pub fn run(builder: &mut Builder, config: Option<&Path>, paths: &[PathBuf], diff: bool) -> Outcome {
    let (found, _) = crate::walk::discover(paths);
    let mut finder = crate::config::ConfigFinder::default();
    let mut catalogs: HashMap<Option<PathBuf>, Option<std::sync::Arc<Catalog>>> = HashMap::new();
    let mut outcome = Outcome::default();
    for path in found {
        let (chain, via) = match config {
            Some(c) => (Some(c.to_path_buf()), "--config"),
            None => (finder.find(&manifest::manifest_dir(&path)), "found"),
        };
        let catalog = catalogs
            .entry(chain.clone())
            .or_insert_with(|| {
                builder
                    .build(chain.as_deref(), via)
                    .ok()
                    .map(|s| s.catalog.clone())
            })
            .clone();
        // A manifest or config with errors is left to the check to report.
        let (Some(catalog), Ok(loaded)) = (catalog, manifest::load(&path)) else {
            continue;
        };
        match plan(&catalog, &loaded) {
            Ok(None) => {}
            Ok(Some(fixed)) if diff => {
                outcome
                    .diff
                    .push_str(&unified_diff(&loaded.display, &loaded.text, &fixed.text));
                outcome.changed.push((loaded.display.clone(), fixed.edits));
            }
            Ok(Some(fixed)) => match write_atomic(&path, &fixed.text) {
                Ok(()) => outcome.changed.push((loaded.display.clone(), fixed.edits)),
                Err(e) => outcome.problems.push(format!(
                    "{}: cannot write: {}",
                    loaded.display,
                    crate::source::io_message(&e)
                )),
            },
            Err(why) => outcome
                .problems
                .push(format!("{}: not fixed: {why}", loaded.display)),
        }
    }
    outcome
}

/// What `--fix` did, one line per value, for standard error.
pub fn summary(outcome: &Outcome, diff: bool) -> String {
    let mut s = String::new();
    let verb = if diff { "would add" } else { "added" };
    let mut n = 0;
    for (file, edits) in &outcome.changed {
        for e in edits {
            n += 1;
            s.push_str(&format!(
                "{file}:{}: {verb} `{}: {}` to `{}` ({})\n",
                e.line, e.key, e.value, e.model, e.from
            ));
        }
    }
    for p in &outcome.problems {
        s.push_str(&format!("{p}\n"));
    }
    s.push_str(&match n {
        0 => "fix: nothing to add\n".to_string(),
        _ => format!(
            "fix: {verb} {n} value{} in {} manifest{}\n",
            if n == 1 { "" } else { "s" },
            outcome.changed.len(),
            if outcome.changed.len() == 1 { "" } else { "s" }
        ),
    });
    s
}
