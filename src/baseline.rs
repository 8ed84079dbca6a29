//! Baselines for gradual adoption: `modelgate baseline create FILE` records today's findings,
//! `check --baseline FILE` suppresses those and reports only new ones.
//!
//! An entry is keyed by (rule, manifest, model id), never by line, so edits elsewhere in a
//! manifest do not invalidate it; it covers every finding of that rule for that model in
//! that manifest. Manifest paths are stored relative to the baseline file's directory, so a
//! baseline works from any working directory. Entries may carry a `reason`, which becomes
//! the suppression's justification (SARIF, JSON, human output).
//!
//! The file is JSON:
//! `{"version": 1, "findings": [{"rule": "...", "manifest": "ai-models.yaml", "model": "..."}]}`
//! (`model` is null for findings about the manifest as a whole).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use crate::source::{absolute, normalize};

use serde::{Deserialize, Serialize};

use crate::finding::{
    BaselineOutcome, FileError, Level, Report, StaleEntry, Suppression, SuppressionKind,
};

/// Version of the baseline file format.
pub const VERSION: u64 = 1;

/// Justification used when an entry has no `reason` of its own.
pub const DEFAULT_REASON: &str = "recorded in the baseline (accepted when modelgate was adopted)";

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FileDoc {
    version: u64,
    findings: Vec<EntryDoc>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct EntryDoc {
    rule: String,
    manifest: String,
    model: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
}

type Key = (String, String, Option<String>);

/// A loaded baseline file.
#[derive(Debug)]
pub struct Baseline {
    /// Display path of the file.
    pub file: String,
    /// Absolute, normalized directory the manifest paths are relative to.
    dir: PathBuf,
    /// (rule, manifest, model) → (line in the file, reason).
    entries: BTreeMap<Key, (usize, Option<String>)>,
}

/// `target` relative to `base` (both absolute and normalized), with forward slashes.
pub fn relative(target: &Path, base: &Path) -> String {
    let t: Vec<Component> = target.components().collect();
    let b: Vec<Component> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// Directory that manifest paths in the baseline file `file` are relative to.
fn base_dir(file: &Path) -> PathBuf {
    let abs = absolute(file);
    abs.parent().map(Path::to_path_buf).unwrap_or(abs)
}

/// The key path of a manifest (as the report shows it) for a baseline in `dir`.
fn manifest_key(display: &str, dir: &Path) -> String {
    relative(&absolute(Path::new(display)), dir)
}

/// A baseline problem in `shown`, at a line and column when known.
fn problem(shown: &str, at: Option<(usize, usize)>, message: String) -> Box<FileError> {
    Box::new(FileError {
        file: shown.to_string(),
        line: at.map(|a| a.0),
        column: at.map(|a| a.1),
        message,
        help: None,
        span: None,
    })
}

/// serde_json's message in the file's own words: no Rust type names, no position suffix.
fn plain(e: &serde_json::Error) -> String {
    let msg = e.to_string();
    let msg = msg.rfind(" at line ").map_or(msg.as_str(), |i| &msg[..i]);
    msg.replace("struct FileDoc", "an object with `version` and `findings`")
        .replace(
            "struct EntryDoc",
            "an entry object with `rule`, `manifest` and `model`",
        )
        .replace("u64", "a whole number")
}

fn parse(text: &str, shown: &str) -> Result<Vec<(EntryDoc, usize)>, Box<FileError>> {
    let doc: FileDoc = serde_json::from_str(text).map_err(|e| {
        // serde_json counts columns from 0 at a line's start (an error right after a line
        // break); people count from 1.
        let at = (e.line() > 0).then(|| (e.line(), e.column().max(1)));
        problem(shown, at, format!("invalid baseline: {}", plain(&e)))
    })?;
    if doc.version != VERSION {
        return Err(problem(
            shown,
            None,
            format!(
                "baseline version {} is not supported (this modelgate reads version {VERSION})",
                doc.version
            ),
        ));
    }
    // JSON is YAML, and the YAML reader keeps a line for every node.
    let spans = crate::yaml::parse(text).ok().map(|d| d.spans);
    let mut out = Vec::new();
    for (i, e) in doc.findings.into_iter().enumerate() {
        let at = spans
            .as_ref()
            .and_then(|s| s.get(&format!("/findings/{i}")))
            .map_or((1, 1), |l| (l.value.line, l.value.column));
        if e.rule.is_empty() || e.manifest.is_empty() {
            return Err(problem(
                shown,
                Some(at),
                format!("entry {i} needs a non-empty `rule` and `manifest`"),
            ));
        }
        out.push((e, at.0));
    }
    Ok(out)
}

impl Baseline {
    /// Read and check a baseline file. Errors name the file (and line and column when the
    /// JSON is malformed).
    pub fn load(path: &Path) -> Result<Baseline, Box<FileError>> {
        let shown = crate::source::display_path(path);
        let text = crate::source::read_text(path, &shown).map_err(|mut e| {
            if !path.exists() {
                e.message =
                    "no such file (create one with `modelgate baseline create FILE`)".into();
            }
            e
        })?;
        let dir = base_dir(path);
        let mut entries = BTreeMap::new();
        for (e, line) in parse(&text, &shown)? {
            // `./a/ai-models.yaml` and `a//ai-models.yaml` name `a/ai-models.yaml`.
            let manifest = relative(&normalize(&dir.join(&e.manifest)), &dir);
            entries
                .entry((e.rule, manifest, e.model))
                .or_insert((line, e.reason));
        }
        Ok(Baseline {
            file: shown,
            dir,
            entries,
        })
    }

    /// Suppress the findings this baseline records and note the entries that matched
    /// nothing. Only entries for manifests checked in this run, and for rules that ran,
    /// can be stale.
    pub fn apply(&self, report: &mut Report) {
        let mut used: BTreeSet<&Key> = BTreeSet::new();
        let mut baselined = 0;
        for f in &mut report.findings {
            let key = (
                f.rule.clone(),
                manifest_key(&f.file, &self.dir),
                f.model.clone(),
            );
            let Some((k, (line, reason))) = self.entries.get_key_value(&key) else {
                continue;
            };
            used.insert(k);
            if f.suppressed.is_some() {
                continue; // a waiver is more specific than a baseline
            }
            baselined += 1;
            f.suppressed = Some(Box::new(Suppression {
                kind: SuppressionKind::Baseline,
                reason: reason.clone().unwrap_or_else(|| DEFAULT_REASON.to_string()),
                expires: None,
                owner: None,
                file: self.file.clone(),
                line: *line,
            }));
        }
        let checked: BTreeMap<String, &String> = report
            .manifests
            .iter()
            .map(|m| (manifest_key(m, &self.dir), m))
            .collect();
        let off: BTreeSet<&str> = report
            .rules
            .iter()
            .filter(|r| r.level == Level::Off)
            .map(|r| r.meta.id.as_str())
            .collect();
        let mut stale: Vec<StaleEntry> = self
            .entries
            .iter()
            .filter(|(k, _)| !used.contains(k) && !off.contains(k.0.as_str()))
            .filter_map(|((rule, manifest, model), (line, _))| {
                checked.get(manifest).map(|shown| StaleEntry {
                    rule: rule.clone(),
                    manifest: (*shown).clone(),
                    model: model.clone(),
                    line: *line,
                })
            })
            .collect();
        stale.sort_by(|a, b| (&a.manifest, a.line).cmp(&(&b.manifest, b.line)));
        report.baseline = Some(BaselineOutcome {
            file: self.file.clone(),
            baselined,
            stale,
        });
    }
}

/// The baseline file recording every active finding of `report`, for a file at `path`.
/// Reasons of entries that `previous` (the file being replaced) already had are kept.
pub fn create(report: &Report, path: &Path, previous: Option<&str>) -> (String, usize) {
    let dir = base_dir(path);
    let mut reasons: BTreeMap<Key, String> = BTreeMap::new();
    if let Some(text) = previous {
        if let Ok(old) = parse(text, "") {
            for (e, _) in old {
                if let Some(r) = e.reason {
                    reasons.insert((e.rule, e.manifest, e.model), r);
                }
            }
        }
    }
    let keys: BTreeSet<(String, Option<String>, String)> = report
        .active()
        .map(|f| (manifest_key(&f.file, &dir), f.model.clone(), f.rule.clone()))
        .collect();
    let findings: Vec<EntryDoc> = keys
        .into_iter()
        .map(|(manifest, model, rule)| {
            let reason = reasons
                .get(&(rule.clone(), manifest.clone(), model.clone()))
                .cloned();
            EntryDoc {
                rule,
                manifest,
                model,
                reason,
            }
        })
        .collect();
    let n = findings.len();
    let mut text = serde_json::to_string_pretty(&FileDoc {
        version: VERSION,
        findings,
    })
    .expect("baseline serializes");
    text.push('\n');
    (text, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(
            relative(&p("/r/a/ai-models.yaml"), &p("/r")),
            "a/ai-models.yaml"
        );
        assert_eq!(
            relative(&p("/r/ai-models.yaml"), &p("/r/ci")),
            "../ai-models.yaml"
        );
        assert_eq!(relative(&p("/r"), &p("/r")), ".");
        assert_eq!(normalize(&p("/r/./a/../b")), p("/r/b"));
    }

    #[test]
    fn malformed_files_are_located() {
        let e = parse(
            "{\"version\": 1, \"findings\": [\n  {\"rul\": \"x\"}\n]}",
            "b.json",
        )
        .unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("b.json", Some(2)), "{e:?}");
        assert!(e.message.contains("unknown field `rul`"), "{e:?}");
        let e = parse("{\"version\": 2, \"findings\": []}", "b.json").unwrap_err();
        assert!(e.message.contains("version 2 is not supported"), "{e:?}");
        let e = parse("[]", "b.json").unwrap_err();
        assert_eq!(e.line, Some(1), "{e:?}");
        assert!(!e.message.contains("FileDoc"), "{e:?}");
        let e = parse("{\"version\": 1, \"findings\": [\n", "b.json").unwrap_err();
        assert!(e.column.is_some_and(|c| c >= 1), "{e:?}");
    }

    #[test]
    fn entries_know_their_lines() {
        let text = "{\n  \"version\": 1,\n  \"findings\": [\n    {\"rule\": \"a\", \"manifest\": \"m\", \"model\": null},\n    {\"rule\": \"b\", \"manifest\": \"m\", \"model\": \"x\", \"reason\": \"ok\"}\n  ]\n}\n";
        let entries = parse(text, "b.json").unwrap();
        assert_eq!(entries.iter().map(|(_, l)| *l).collect::<Vec<_>>(), [4, 5]);
        assert_eq!(entries[1].0.reason.as_deref(), Some("ok"));
    }
}
