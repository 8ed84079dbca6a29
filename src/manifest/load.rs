//! Loading a manifest: read, parse and validate one `ai-models.yaml`, keeping its text and
//! spans, and locate a rule's violation (a JSON pointer) in it as a finding.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::finding::{FileError, Finding};
use crate::rule::{Level, RuleMeta, Violation};
use crate::source::{display_path, error_at, first_line_of, read_yaml};
use crate::yaml::Document;

use super::Manifest;

/// What is known about one manifest after parsing (used by `check` and `input`).
pub struct Loaded {
    pub display: String,
    pub text: Arc<str>,
    pub doc: Document,
    pub manifest: Manifest,
}

/// Read, parse and validate one manifest.
pub fn load(path: &Path) -> Result<Loaded, (Vec<FileError>, Option<Arc<str>>)> {
    let display = display_path(path);
    if std::fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err((
            vec![error_at(
                &display,
                None,
                "is a directory, not a manifest file".into(),
                None,
            )],
            None,
        ));
    }
    let (text, doc) = read_yaml(path, &display).map_err(|(e, text)| (vec![*e], text))?;
    validated(display, text, doc, path, false)
}

/// Parse and validate a manifest whose text is at hand (standard input), checked as if it were
/// at `path` (`--stdin-filename`) and shown as `display`.
pub fn load_text(
    path: &Path,
    display: String,
    text: Arc<str>,
) -> Result<Loaded, (Vec<FileError>, Option<Arc<str>>)> {
    match crate::source::parse_yaml(&display, &text) {
        Ok(doc) => validated(display, text, doc, path, true),
        Err(e) => Err((vec![*e], Some(text))),
    }
}

/// `from_stdin`: the text came from standard input, so quoting it leaks nothing.
fn validated(
    display: String,
    text: Arc<str>,
    doc: Document,
    path: &Path,
    from_stdin: bool,
) -> Result<Loaded, (Vec<FileError>, Option<Arc<str>>)> {
    match super::validate(&doc) {
        Ok(mut manifest) => Ok(Loaded {
            display,
            text,
            doc,
            manifest: {
                manifest.dir = Some(manifest_dir(path));
                manifest
            },
        }),
        Err(problems) => {
            let errs = crate::validation::to_errors(&doc, &display, &text, problems);
            // A file outside the checked root that is not a valid manifest is not quoted.
            let quote = from_stdin
                || std::fs::canonicalize(path).is_ok_and(|c| crate::source::quotable(&c));
            Err((errs, quote.then(|| text.clone())))
        }
    }
}

/// The directory a manifest governs.
pub fn manifest_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Turn a violation's pointer into a finding with line, column and span.
pub fn locate(loaded: &Loaded, rule: &RuleMeta, level: Level, v: Violation) -> Finding {
    let doc = &loaded.doc;
    let mut pointer = v.pointer.clone();
    // A model entry (or any mapping with an `id`) is shown by its id.
    if let Some((found, _)) = doc.locate(&pointer) {
        let found = found.to_string();
        if doc
            .value
            .pointer(&found)
            .and_then(|x| x.get("id"))
            .is_some()
        {
            pointer = format!("{found}/id");
        } else {
            pointer = found;
        }
    }
    let span = doc
        .spans
        .get(&pointer)
        .map(|l| l.value)
        .map(first_line_of(&loaded.text))
        .unwrap_or_default();
    let model = model_index(&v.pointer)
        .and_then(|i| loaded.manifest.models.get(i))
        .map(|m| m.id.clone());
    Finding {
        rule: rule.id.clone(),
        severity: level,
        message: v.message,
        file: loaded.display.clone(),
        line: span.line.max(1),
        column: span.column.max(1),
        model,
        pointer: v.pointer,
        source: v.source,
        help: rule.remediation.clone(),
        title: rule.title.clone(),
        suppressed: None,
        explanation: None,
        span,
    }
}

fn model_index(pointer: &str) -> Option<usize> {
    let rest = pointer.strip_prefix("/models/")?;
    rest.split('/').next()?.parse().ok()
}
