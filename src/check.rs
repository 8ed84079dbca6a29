//! The check pipeline: discover manifests, parse and validate each, build its input
//! document, evaluate the policies, and locate every violation in the source.
//!
//! Manifests are independent: each is handled on its own (in parallel when there are
//! several), and a manifest that fails never hides the results of the others.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::catalog::Catalog;
use crate::config::Waiver;
use crate::engine::{RuleMeta, Violation};
use crate::finding::{FileError, Finding, Level, Report, Suppression, SuppressionKind};
use crate::manifest::{self, Manifest};
use crate::setup::{Builder, Setup, SetupError};
use crate::yaml::{self, Document, Span};

/// Largest manifest read (bytes).
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

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

pub(crate) fn error_at(
    file: &str,
    span: Option<Span>,
    message: String,
    help: Option<String>,
) -> FileError {
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
/// (honouring `.gitignore`) for `ai-models.yaml` / `ai-models.yml`. Sorted.
pub fn discover(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileError>) {
    let (errors, found) = walk(paths, &|_| true);
    (found, errors)
}

pub(crate) fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Read a text file the tool consumes (manifest, config, data), with the size limit and a
/// UTF-8 check; errors name the file and, for bad UTF-8, the place.
pub fn read_text(path: &Path, display: &str) -> Result<Arc<str>, Box<FileError>> {
    let fail = |m: String, help: Option<String>| Box::new(error_at(display, None, m, help));
    let meta = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read: {}", io_message(&e)), None))?;
    if meta.is_dir() {
        return Err(fail("is a directory, not a file".into(), None));
    }
    if !meta.is_file() {
        // A device, FIFO or socket could block or never end.
        return Err(fail("is not a regular file".into(), None));
    }
    if meta.len() > MAX_FILE_SIZE {
        return Err(fail(
            format!(
                "is {} bytes; files read by modelgate are limited to {} bytes",
                meta.len(),
                MAX_FILE_SIZE
            ),
            Some("a manifest lists models; split generated content out of it".into()),
        ));
    }
    // Read at most one byte past the limit, in case the file grows while it is read.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| {
            use std::io::Read;
            f.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes)
        })
        .map_err(|e| fail(format!("cannot read: {}", io_message(&e)), None))?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(fail(
            format!("grew past the limit of {MAX_FILE_SIZE} bytes while being read"),
            None,
        ));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s.into()),
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
            Err(Box::new(FileError {
                file: display.to_string(),
                line: Some(line),
                column: Some(column),
                message: format!("is not valid UTF-8 (invalid byte at offset {})", good.len()),
                help: Some("save the file as UTF-8".into()),
                span: None,
            }))
        }
    }
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
    let text = read_text(path, &display).map_err(|e| (vec![*e], None))?;
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
pub(crate) fn first_line_of(text: &str) -> impl Fn(Span) -> Span + '_ {
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
    /// Waivers (file, pointer) that suppressed a finding here.
    used: Vec<(String, String)>,
    /// Waivers whose manifest and model patterns cover this manifest and one of its models.
    applicable: Vec<(String, String)>,
    /// Source files that drift findings point into.
    sources: Vec<(String, Arc<str>)>,
}

/// The directory a manifest governs.
pub fn manifest_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `scan_skip`: scan the code under the manifest's directory for drift, minus these
/// directories (those of nested manifests).
/// `waivers_on`: the day waivers are judged against, or `None` with `--no-waivers`.
fn check_one(
    setup: &Setup,
    catalog: &Catalog,
    waivers_on: Option<chrono::NaiveDate>,
    path: &Path,
    scan_skip: Option<&[PathBuf]>,
) -> Outcome {
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
                used: Vec::new(),
                applicable: Vec::new(),
                sources: Vec::new(),
            };
        }
    };
    let input = crate::engine::RegoDoc::build(catalog, &loaded.manifest, &loaded.display);
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
        used: Vec::new(),
        applicable: Vec::new(),
        sources: Vec::new(),
    };
    match setup.engine.evaluate_doc(&input) {
        Err(e) => out.errors.push(error_at(
            &loaded.display,
            None,
            format!("policy evaluation failed: {e}"),
            None,
        )),
        Ok(violations) => {
            for v in violations {
                let Some(rule) = setup.rule(&v.rule) else {
                    continue;
                };
                let level = finding_level(setup, &rule.id, v.level);
                if level == Level::Off {
                    continue;
                }
                out.findings.push(locate(&loaded, rule, level, v));
            }
        }
    }
    if let Some(skip) = scan_skip {
        let dir = manifest_dir(path);
        let options = crate::scan::Options {
            skip: skip.to_vec(),
        };
        let scanned = crate::scan::scan(&dir, catalog, &options);
        let drift = crate::scan::drift(&dir, &loaded, &scanned, catalog);
        for mut f in drift.findings {
            f.severity = setup.level(&f.rule);
            if f.severity != Level::Off {
                out.findings.push(f);
            }
        }
        out.sources = drift.sources;
    }
    if let Some(today) = waivers_on {
        let live: Vec<&Waiver> = setup
            .config
            .waivers
            .iter()
            .filter(|w| !w.is_expired(today) && w.covers_manifest(path))
            .collect();
        for w in &live {
            if loaded.manifest.models.iter().any(|m| w.covers_model(&m.id)) {
                out.applicable.push(w.key());
            }
        }
        for f in &mut out.findings {
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
    }
    out
}

/// Turn a violation's pointer into a finding with line, column and span.
/// The level of one finding. A level the policy set on the violation (`level`) replaces the
/// rule's default or preset level; a level from a config file's `rules:` or a command-line
/// flag wins over it; a lock stays a floor; a rule that is off stays off.
pub fn finding_level(setup: &Setup, rule: &str, own: Option<Level>) -> Level {
    let Some(e) = setup.levels.get(rule) else {
        return Level::Off;
    };
    let Some(own) = own else {
        return e.level;
    };
    if e.level == Level::Off
        || !matches!(
            e.origin,
            crate::config::Origin::Default | crate::config::Origin::Preset { .. }
        )
    {
        return e.level;
    }
    e.locked.as_ref().map_or(own, |lock| own.max(lock.level))
}

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

/// How a run is set up beyond its configs.
pub struct RunOptions {
    /// `--config FILE`: one config for every manifest instead of discovery.
    pub config: Option<PathBuf>,
    /// `--no-waivers`: an audit that ignores every waiver.
    pub no_waivers: bool,
    /// `--explain`: attach the facts and level origin to every finding.
    pub explain: bool,
    /// `--scan`: check the code under each manifest for drift (`undeclared-model`,
    /// `unused-model`); a config can also ask for it with `scan: true`.
    pub scan: bool,
}

/// Check every manifest under `paths`, each under the configuration that governs it.
pub fn run(
    builder: &mut Builder,
    catalog: &Catalog,
    opts: &RunOptions,
    paths: &[PathBuf],
) -> Result<Report, SetupError> {
    let mut report = Report::default();
    // One date for the whole run, so every manifest sees the same waivers as live.
    let today = crate::config::today();
    let waivers_on = (!opts.no_waivers).then_some(today);
    let state = Mutex::new(Setups {
        builder,
        by_config: HashMap::new(),
        list: Vec::new(),
        errors: Vec::new(),
        sources: Vec::new(),
        global: None,
    });
    let finder = Mutex::new(crate::config::ConfigFinder::default());
    let seen: Mutex<HashSet<PathBuf>> = Mutex::new(HashSet::new());
    let results: Mutex<Vec<(usize, Outcome)>> = Mutex::new(Vec::new());
    // Manifests whose setup scans code: checked once discovery is over, since each governs
    // its directory minus those of the manifests nested below it.
    let deferred: Mutex<Vec<(PathBuf, usize)>> = Mutex::new(Vec::new());

    // Discovery and checking overlap: each manifest is checked by the walker thread that
    // finds it. Returns false once a global error stops the run.
    let handle = |path: PathBuf| -> bool {
        if !seen.lock().expect("seen lock").insert(path.clone()) {
            return true;
        }
        let (config, via) = match &opts.config {
            Some(c) => (Some(c.clone()), "--config"),
            None => {
                let dir = match path.parent() {
                    Some(d) if !d.as_os_str().is_empty() => d,
                    _ => Path::new("."),
                };
                (finder.lock().expect("finder lock").find(dir), "found")
            }
        };
        let got = state.lock().expect("setups lock").get(config, via);
        let Some((s, setup)) = got else {
            return state.lock().expect("setups lock").global.is_none();
        };
        if opts.scan || setup.config.scan.as_ref().is_some_and(|(on, _)| *on) {
            deferred.lock().expect("deferred lock").push((path, s));
            return true;
        }
        let outcome = check_one(&setup, catalog, waivers_on, &path, None);
        results.lock().expect("results lock").push((s, outcome));
        true
    };
    let (walk_errors, found) = walk(paths, &handle);
    report.errors = walk_errors;
    let Setups {
        list: setups,
        errors,
        sources,
        global,
        ..
    } = state.into_inner().expect("setups lock");
    if let Some(e) = global {
        return Err(e);
    }
    report.errors.extend(errors);
    report.sources.extend(sources);

    let deferred = deferred.into_inner().expect("deferred lock");
    if !deferred.is_empty() {
        let dirs: Vec<PathBuf> = found.iter().map(|f| manifest_dir(f)).collect();
        in_parallel(&deferred, |(path, s)| {
            let skip = nested_dirs(&dirs, path);
            let outcome = check_one(&setups[*s], catalog, waivers_on, path, Some(&skip));
            results.lock().expect("results lock").push((*s, outcome));
            true
        });
    }
    let mut used: HashSet<(String, String)> = HashSet::new();
    let mut applicable: HashSet<(String, String)> = HashSet::new();
    // Which setup governed each file with findings (for --explain).
    let mut governed: HashMap<String, usize> = HashMap::new();
    let results = results.into_inner().expect("results lock");
    // Exactly the room the findings need: growing by doubling would hold two copies at once.
    report
        .findings
        .reserve_exact(results.iter().map(|(_, o)| o.findings.len()).sum());
    for (s, o) in results {
        governed.insert(o.display.clone(), s);
        for (file, _) in &o.sources {
            governed.insert(file.clone(), s);
        }
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
        report.sources.extend(o.sources);
        report.findings.extend(o.findings);
        report.errors.extend(o.errors);
        used.extend(o.used);
        applicable.extend(o.applicable);
    }
    if !opts.no_waivers {
        let scanned: Vec<PathBuf> = paths
            .iter()
            .filter(|p| p.is_dir())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        waiver_findings(&setups, today, &used, &applicable, &scanned, &mut report);
    }
    // Every rule that ran with its level; when manifests ran under different configs, the
    // highest level any of them gave (a rule on anywhere is listed).
    let mut rules: Vec<crate::finding::RuleRun> = Vec::new();
    for setup in &setups {
        let scanned = opts.scan || setup.config.scan.as_ref().is_some_and(|(on, _)| *on);
        for meta in &setup.rules {
            // Waiver rules judge config files, not models; drift rules run only with a scan.
            if meta.file == "builtin:waivers" || (meta.file == "builtin:scan" && !scanned) {
                continue;
            }
            let level = setup.level(&meta.id);
            match rules.iter_mut().find(|r| r.meta.id == meta.id) {
                Some(r) => r.level = r.level.max(level),
                None => rules.push(crate::finding::RuleRun {
                    meta: meta.clone(),
                    level,
                }),
            }
        }
    }
    rules.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    report.rules = rules;
    if opts.explain {
        let level_of = |f: &Finding| {
            let setup = match governed.get(&f.file) {
                Some(s) => &setups[*s],
                // Findings in a config file (waivers): any setup whose chain holds the file.
                None => setups.iter().find(|s| s.sources.contains_key(&f.file))?,
            };
            setup.levels.get(&f.rule).cloned()
        };
        crate::why::annotate(&mut report, catalog, &level_of);
    }
    report.errors.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
    report
        .errors
        .dedup_by(|a, b| a.file == b.file && a.line == b.line && a.message == b.message);
    report.sort();
    Ok(report)
}

/// The setups built so far, one per distinct config chain, shared by the walker threads.
struct Setups<'b> {
    builder: &'b mut Builder,
    by_config: HashMap<Option<PathBuf>, Option<usize>>,
    list: Vec<Arc<Setup>>,
    /// Config errors (they stop only the manifests the config governs), with their texts.
    errors: Vec<FileError>,
    sources: Vec<(String, Arc<str>)>,
    /// An error that stops the whole run.
    global: Option<SetupError>,
}

impl Setups<'_> {
    /// The setup for a config (built on first use), or `None` when it has errors.
    fn get(&mut self, config: Option<PathBuf>, via: &str) -> Option<(usize, Arc<Setup>)> {
        if self.global.is_some() {
            return None;
        }
        if let Some(slot) = self.by_config.get(&config) {
            return slot.map(|i| (i, self.list[i].clone()));
        }
        let slot = match self.builder.build(config.as_deref(), via) {
            Ok(setup) => {
                self.list.push(Arc::new(setup));
                Some(self.list.len() - 1)
            }
            Err(e) if e.global => {
                self.global = Some(e);
                None
            }
            Err(e) => {
                for err in &e.errors {
                    if let Some(t) = e.sources.get(&err.file) {
                        self.sources.push((err.file.clone(), t.clone()));
                    }
                }
                self.errors.extend(e.errors);
                None
            }
        };
        self.by_config.insert(config, slot);
        slot.map(|i| (i, self.list[i].clone()))
    }
}

/// Walk the given paths like [`discover`], handing each manifest to `handle` as soon as it is
/// found, from as many threads as there are cores. `handle` returns false to stop. Returns
/// the discovery errors and every manifest found, sorted.
fn walk(
    paths: &[PathBuf],
    handle: &(dyn Fn(PathBuf) -> bool + Sync),
) -> (Vec<FileError>, Vec<PathBuf>) {
    let errors: Mutex<Vec<FileError>> = Mutex::new(Vec::new());
    let found: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut files: Vec<PathBuf> = Vec::new();
    for p in paths {
        let shown = display_path(p);
        let error = |message: String, help: Option<String>| {
            errors
                .lock()
                .expect("errors lock")
                .push(error_at(&shown, None, message, help));
        };
        match std::fs::metadata(p) {
            Err(e) => error(format!("cannot read: {}", io_message(&e)), None),
            // Files named on the command line (pre-commit passes many) are checked together
            // below, in parallel.
            Ok(m) if m.is_file() => files.push(p.clone()),
            Ok(m) if !m.is_dir() => error("is not a regular file or a directory".into(), None),
            Ok(_) => {
                let here = AtomicUsize::new(0);
                let stop = std::sync::atomic::AtomicBool::new(false);
                ignore::WalkBuilder::new(p)
                    .hidden(false)
                    .require_git(false)
                    .filter_entry(|e| e.file_name() != ".git")
                    .threads(threads)
                    .build_parallel()
                    .run(|| {
                        Box::new(|entry| match entry {
                            Ok(e) => {
                                // Whatever is named like a manifest is checked: a directory,
                                // a broken or looping symlink or an unreadable file is an
                                // error (reported by `load`), not silently skipped.
                                let name = e.file_name().to_str().unwrap_or("");
                                if !manifest::FILE_NAMES.contains(&name) {
                                    return ignore::WalkState::Continue;
                                }
                                here.fetch_add(1, Ordering::Relaxed);
                                let path = e.into_path();
                                found.lock().expect("found lock").push(path.clone());
                                if handle(path) {
                                    ignore::WalkState::Continue
                                } else {
                                    stop.store(true, Ordering::Relaxed);
                                    ignore::WalkState::Quit
                                }
                            }
                            Err(e) => {
                                error(format!("while searching: {e}"), None);
                                ignore::WalkState::Continue
                            }
                        })
                    });
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                if here.load(Ordering::Relaxed) == 0
                    && errors.lock().expect("errors lock").is_empty()
                {
                    error(
                        "no ai-models.yaml or ai-models.yml found here".into(),
                        Some(
                            "create one with `modelgate init`, or pass the manifest's path".into(),
                        ),
                    );
                }
            }
        }
    }
    in_parallel(&files, |f| {
        found.lock().expect("found lock").push(f.clone());
        handle(f.clone())
    });
    let mut found = found.into_inner().expect("found lock");
    found.sort();
    found.dedup();
    (errors.into_inner().expect("errors lock"), found)
}

/// Run `f` on every item, from as many threads as there are cores (at least 8 items each);
/// once `f` returns false, the items not yet started are skipped.
fn in_parallel<T: Sync>(items: &[T], f: impl Fn(&T) -> bool + Sync) {
    let next = AtomicUsize::new(0);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let work = || {
        while let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            if !f(item) {
                stop.store(true, Ordering::Relaxed);
            }
        }
    };
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len().div_ceil(8));
    if workers <= 1 {
        work();
    } else {
        std::thread::scope(|s| {
            for _ in 0..workers {
                s.spawn(work);
            }
        });
    }
}

/// Directories of other manifests below the one of `manifest`.
fn nested_dirs(dirs: &[PathBuf], manifest: &Path) -> Vec<PathBuf> {
    let d = manifest_dir(manifest);
    dirs.iter()
        .filter(|o| **o != d && o.starts_with(&d))
        .cloned()
        .collect()
}

/// Expired waivers, and waivers that matched nothing where they could have.
fn waiver_findings(
    setups: &[Arc<Setup>],
    today: chrono::NaiveDate,
    used: &HashSet<(String, String)>,
    applicable: &HashSet<(String, String)>,
    scanned: &[PathBuf],
    report: &mut Report,
) {
    let mut seen = HashSet::new();
    for setup in setups {
        for w in &setup.config.waivers {
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
                (
                    "waiver-unused",
                    format!(
                        "waiver for `{}` on `{}` matched no finding{}",
                        w.rule,
                        w.model,
                        if applicable.contains(&w.key()) {
                            ": the model no longer violates the rule"
                        } else {
                            ": no checked manifest has a matching model"
                        }
                    ),
                )
            } else {
                continue;
            };
            let level = setup.level(rule);
            if level == Level::Off {
                continue;
            }
            let Some(meta) = setup.rule(rule) else {
                continue;
            };
            if let Some(t) = setup.sources.get(&w.file) {
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
                span: first_line_of(setup.sources.get(&w.file).map_or("", |t| t))(w.span),
            });
        }
    }
}
