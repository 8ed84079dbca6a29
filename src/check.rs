//! The check pipeline: discover manifests, parse and validate each, build its input
//! document, evaluate the policies, and locate every violation in the source.
//!
//! Manifests are independent: each is handled on its own (in parallel when there are
//! several), and a manifest that fails never hides the results of the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::catalog::Catalog;
use crate::engine::{Engine, RuleMeta, Violation};
use crate::finding::{FileError, Finding, Level, Report};
use crate::manifest::{self, Manifest};
use crate::yaml::{self, Document, Span};

/// Largest manifest read (bytes).
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Effective level of each rule id.
pub type Levels = BTreeMap<String, Level>;

/// What is known about one manifest after parsing (used by `check` and `input`).
pub struct Loaded {
    pub display: String,
    pub text: Arc<str>,
    pub doc: Document,
    pub manifest: Manifest,
}

/// Path as the user should see it: relative to the working directory when inside it,
/// with forward slashes and no leading `./`.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = match (&cwd, path.is_absolute()) {
        (Some(c), true) => path.strip_prefix(c).unwrap_or(path),
        _ => path,
    };
    let s = rel.to_string_lossy().replace('\\', "/");
    let s = s.trim_start_matches("./");
    if s.is_empty() {
        ".".into()
    } else {
        s.to_string()
    }
}

fn error_at(file: &str, span: Option<Span>, message: String, help: Option<String>) -> FileError {
    FileError {
        file: file.to_string(),
        line: span.map(|s| s.line),
        column: span.map(|s| s.column),
        message,
        help,
        span,
    }
}

/// Find manifests under the given paths. Files are taken as given; directories are walked
/// (honouring `.gitignore`) for `ai-models.yaml` / `ai-models.yml`.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        let shown = display_path(p);
        match std::fs::metadata(p) {
            Err(e) => errors.push(error_at(
                &shown,
                None,
                format!("cannot read: {}", io_message(&e)),
                None,
            )),
            Ok(m) if m.is_file() => found.push(p.clone()),
            Ok(_) => {
                let before = found.len();
                let walker = ignore::WalkBuilder::new(p)
                    .hidden(false)
                    .require_git(false)
                    .filter_entry(|e| e.file_name() != ".git")
                    .build();
                for entry in walker {
                    match entry {
                        Ok(e) => {
                            let name = e.file_name().to_str().unwrap_or("");
                            if manifest::FILE_NAMES.contains(&name)
                                && e.file_type().is_some_and(|t| t.is_file() || t.is_symlink())
                                && e.path().is_file()
                            {
                                found.push(e.into_path());
                            }
                        }
                        Err(e) => errors.push(error_at(
                            &shown,
                            None,
                            format!("while searching: {e}"),
                            None,
                        )),
                    }
                }
                if found.len() == before && errors.is_empty() {
                    errors.push(error_at(
                        &shown,
                        None,
                        "no ai-models.yaml or ai-models.yml found here".into(),
                        Some(
                            "create one with `modelgate init`, or pass the manifest's path".into(),
                        ),
                    ));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    (found, errors)
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Read, parse and validate one manifest.
pub fn load(path: &Path) -> Result<Loaded, (Vec<FileError>, Option<Arc<str>>)> {
    let display = display_path(path);
    let fail = |m: String, help: Option<String>| (vec![error_at(&display, None, m, help)], None);
    let meta = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read: {}", io_message(&e)), None))?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a manifest file".into(), None));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(fail(
            format!(
                "is {} bytes; manifests are limited to {} bytes",
                meta.len(),
                MAX_FILE_SIZE
            ),
            Some("a manifest lists models; split generated content out of it".into()),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| fail(format!("cannot read: {}", io_message(&e)), None))?;
    let text: Arc<str> = match String::from_utf8(bytes) {
        Ok(s) => s.into(),
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or("");
            let line = good.matches('\n').count() + 1;
            let column = good
                .rsplit('\n')
                .next()
                .map(|l| l.chars().count())
                .unwrap_or(0)
                + 1;
            return Err((
                vec![FileError {
                    file: display.clone(),
                    line: Some(line),
                    column: Some(column),
                    message: format!("is not valid UTF-8 (invalid byte at offset {})", good.len()),
                    help: Some("save the file as UTF-8".into()),
                    span: None,
                }],
                None,
            ));
        }
    };
    let doc = yaml::parse(&text).map_err(|e| {
        (
            vec![error_at(
                &display,
                Some(e.span),
                format!("invalid YAML: {}", e.message),
                None,
            )],
            Some(text.clone()),
        )
    })?;
    match manifest::validate(&doc) {
        Ok(manifest) => Ok(Loaded {
            display,
            text,
            doc,
            manifest,
        }),
        Err(problems) => {
            let errs: Vec<FileError> = problems
                .into_iter()
                .map(|p| {
                    let span = doc.locate(&p.pointer).map(|(_, l)| {
                        if p.at_key {
                            l.key.unwrap_or(l.value)
                        } else {
                            l.value
                        }
                    });
                    error_at(&display, span.map(first_line_of(&text)), p.message, p.help)
                })
                .collect();
            Err((errs, Some(text.clone())))
        }
    }
}

/// Trim a span to its first line so an underline never spans a whole block.
fn first_line_of(text: &str) -> impl Fn(Span) -> Span + '_ {
    move |mut s: Span| {
        let end = s.end.min(text.len());
        let start = s.start.min(end);
        if let Some(nl) = text.get(start..end).and_then(|t| t.find('\n')) {
            s.end = start + nl;
        }
        // Block collections end where the next token starts: drop the white space before it.
        while s.end > s.start
            && text
                .as_bytes()
                .get(s.end - 1)
                .is_some_and(|b| b.is_ascii_whitespace())
        {
            s.end -= 1;
        }
        s
    }
}

/// Outcome of one manifest.
struct Outcome {
    findings: Vec<Finding>,
    errors: Vec<FileError>,
    display: String,
    text: Option<Arc<str>>,
    models: usize,
    model_ids: Vec<String>,
    checked: bool,
}

fn check_one(engine: &Engine, catalog: &Catalog, levels: &Levels, path: &Path) -> Outcome {
    let loaded = match load(path) {
        Ok(l) => l,
        Err((errors, text)) => {
            return Outcome {
                display: errors[0].file.clone(),
                findings: Vec::new(),
                errors,
                text,
                models: 0,
                model_ids: Vec::new(),
                checked: false,
            };
        }
    };
    let input = crate::input::build(catalog, &loaded.manifest, &loaded.display);
    let mut out = Outcome {
        findings: Vec::new(),
        errors: Vec::new(),
        display: loaded.display.clone(),
        text: Some(loaded.text.clone()),
        models: loaded.manifest.models.len(),
        model_ids: loaded
            .manifest
            .models
            .iter()
            .map(|m| m.id.clone())
            .collect(),
        checked: true,
    };
    match engine.evaluate(&input) {
        Err(e) => out.errors.push(error_at(
            &loaded.display,
            None,
            format!("policy evaluation failed: {e}"),
            None,
        )),
        Ok(violations) => {
            for v in violations {
                let Some(rule) = engine.rules().iter().find(|r| r.id == v.rule) else {
                    continue;
                };
                let level = levels.get(&rule.id).copied().unwrap_or(rule.severity);
                if level == Level::Off {
                    continue;
                }
                out.findings.push(locate(&loaded, rule, level, v));
            }
        }
    }
    out
}

/// Turn a violation's pointer into a finding with line, column and span.
fn locate(loaded: &Loaded, rule: &RuleMeta, level: Level, v: Violation) -> Finding {
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
        span,
    }
}

fn model_index(pointer: &str) -> Option<usize> {
    let rest = pointer.strip_prefix("/models/")?;
    rest.split('/').next()?.parse().ok()
}

/// Check every manifest under `paths`.
pub fn run(engine: &Engine, catalog: &Catalog, levels: &Levels, paths: &[PathBuf]) -> Report {
    let (files, errors) = discover(paths);
    let mut report = Report {
        errors,
        ..Report::default()
    };
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Outcome>> = Mutex::new(Vec::with_capacity(files.len()));
    let workers = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len().div_ceil(8).max(1));
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(path) = files.get(i) else { break };
        let outcome = check_one(engine, catalog, levels, path);
        results.lock().expect("results lock").push(outcome);
    };
    if workers <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(work);
            }
        });
    }
    for o in results.into_inner().expect("results lock") {
        if o.checked {
            report.manifests.push(o.display.clone());
            report.models_of.insert(o.display.clone(), o.model_ids);
        }
        report.models += o.models;
        if let Some(t) = o.text {
            if !o.findings.is_empty() || !o.errors.is_empty() {
                report.sources.insert(o.display.clone(), t);
            }
        }
        report.findings.extend(o.findings);
        report.errors.extend(o.errors);
    }
    report.sort();
    report
}
