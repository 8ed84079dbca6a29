//! The runner: the check pipeline over every manifest found. Each manifest is loaded, turned
//! into its input document and evaluated under the rule set of the config that governs it;
//! violations are located as findings, waivers applied, and the results gathered into one
//! sorted report.
//!
//! Manifests are independent: each is handled on its own (in parallel when there are
//! several), and a manifest that fails never hides the results of the others.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::catalog::Catalog;
use crate::engine::{PolicyError, RegoDoc};
use crate::finding::{FileError, Finding, ModelRow, Report};
use crate::manifest::{self, locate, manifest_dir, Loaded};
use crate::rule::{Level, Native, Origin};
use crate::ruleset::{Builder, Setup, SetupError};
use crate::source::error_at;
use crate::walk::{in_parallel, walk};

/// Outcome of one manifest.
struct Outcome {
    findings: Vec<Finding>,
    errors: Vec<FileError>,
    display: String,
    text: Option<Arc<str>>,
    models: usize,
    model_ids: Vec<String>,
    /// The declared models as resolved (the model table).
    rows: Vec<ModelRow>,
    checked: bool,
    /// Waivers (file, pointer) that suppressed a finding here.
    used: Vec<(String, String)>,
    /// Waivers whose manifest and model patterns cover this manifest and one of its models.
    applicable: Vec<(String, String)>,
    /// Source files that drift findings point into.
    sources: Vec<(String, Arc<str>)>,
    /// The loaded manifest, kept for `--explain`.
    loaded: Option<Loaded>,
}

/// `scan_skip`: scan the code under the manifest's directory for drift, minus these
/// directories (those of nested manifests).
/// `waivers_on`: the day waivers are judged against, or `None` with `--no-waivers`.
fn check_one(
    setup: &Setup,
    opts: &RunOptions,
    waivers_on: Option<chrono::NaiveDate>,
    path: &Path,
    scan_skip: Option<&[PathBuf]>,
) -> Outcome {
    let loaded = match &opts.stdin {
        Some(text) => manifest::load_text(path, crate::source::display_path(path), text.clone()),
        None => manifest::load(path),
    };
    let loaded = match loaded {
        Ok(l) => l,
        Err((errors, text)) => {
            return Outcome {
                display: errors[0].file.clone(),
                findings: Vec::new(),
                errors,
                text,
                models: 0,
                model_ids: Vec::new(),
                rows: Vec::new(),
                checked: false,
                used: Vec::new(),
                applicable: Vec::new(),
                sources: Vec::new(),
                loaded: None,
            };
        }
    };
    let catalog: &Catalog = &setup.catalog;
    let input: RegoDoc = crate::input::build_as(catalog, &loaded.manifest, &loaded.display);
    // Where facts about each model come from when not the built-in catalog (a knowledge
    // overlay, a local card): every finding about the model says so.
    let provenance: Vec<Option<String>> = loaded
        .manifest
        .models
        .iter()
        .map(|d| {
            crate::input::judge(catalog, d, loaded.manifest.dir.as_deref()).provenance(catalog)
        })
        .collect();
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
        rows: model_rows(catalog, &loaded),
        checked: true,
        used: Vec::new(),
        applicable: Vec::new(),
        sources: Vec::new(),
        loaded: None,
    };
    match setup.engine.evaluate_doc(&input) {
        Err(e) => out.errors.push(error_at(
            &loaded.display,
            None,
            format!(
                "policy evaluation failed: {}",
                evaluation_error(&e, loaded.manifest.models.len())
            ),
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
                let mut f = locate(&loaded, rule, level, v);
                let note = crate::explanation::model_index(&f.pointer)
                    .and_then(|i| provenance.get(i)?.as_deref());
                if let Some(note) = note {
                    f.source = Some(match f.source.take() {
                        Some(s) if !s.contains(note) => format!("{s}; {note}"),
                        Some(s) => s,
                        None => note.to_string(),
                    });
                }
                out.findings.push(f);
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
        let models: Vec<&str> = loaded
            .manifest
            .models
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        let applied = crate::waiver::apply(
            &setup.config.waivers,
            today,
            path,
            &models,
            &mut out.findings,
        );
        out.used = applied.used;
        out.applicable = applied.applicable;
    }
    if opts.explain {
        out.loaded = Some(loaded);
    }
    out
}

/// The declared models of a loaded manifest as the reports' model table shows them.
fn model_rows(catalog: &Catalog, loaded: &Loaded) -> Vec<ModelRow> {
    loaded
        .manifest
        .models
        .iter()
        .enumerate()
        .map(|(i, decl)| {
            let line = loaded
                .doc
                .spans
                .get(&format!("/models/{i}/id"))
                .map_or(1, |l| l.value.line.max(1));
            crate::input::model_row(
                catalog,
                decl,
                loaded.manifest.dir.as_deref(),
                i,
                &loaded.display,
                line,
            )
        })
        .collect()
}

/// A policy error met while checking a manifest, as `check` words it: a rule out of time names
/// the flag that sets the limit.
fn evaluation_error(e: &PolicyError, models: usize) -> String {
    match e {
        PolicyError::Timeout { file, rule, limit } => format!(
            "{file}: rule `{rule}`: evaluation did not finish within the time limit of {} s (--policy-timeout); the policy may not terminate",
            limit.as_secs_f64()
        ),
        PolicyError::BudgetSpent { limit } => format!(
            "the built-in rules did not finish within the time limit of {} s (--policy-timeout) on this manifest of {} models; a manifest this large needs a higher limit",
            limit.as_secs_f64(),
            models
        ),
        other => other.to_string(),
    }
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
    /// `check -`: the text read from standard input; `paths` then holds the one path it is
    /// checked as (`--stdin-filename`), which names it and whose directory finds its config.
    pub stdin: Option<Arc<str>>,
}

/// Check every manifest under `paths`, each under the configuration that governs it.
pub fn run(
    builder: &mut Builder,
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
    let finder = Mutex::new(crate::config::ConfigFinder::new(paths));
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
        let outcome = check_one(&setup, opts, waivers_on, &path, None);
        results.lock().expect("results lock").push((s, outcome));
        true
    };
    let (walk_errors, found) = match (&opts.stdin, paths) {
        (Some(_), [path]) => {
            handle(path.clone());
            (Vec::new(), vec![path.clone()])
        }
        _ => walk(paths, &handle),
    };
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
            let outcome = check_one(&setups[*s], opts, waivers_on, path, Some(&skip));
            results.lock().expect("results lock").push((*s, outcome));
            true
        });
    }
    let mut used: HashSet<(String, String)> = HashSet::new();
    let mut applicable: HashSet<(String, String)> = HashSet::new();
    // Which setup governed each file with findings (for --explain).
    let mut governed: HashMap<String, usize> = HashMap::new();
    // The manifests loaded, for --explain.
    let mut loaded: HashMap<String, Loaded> = HashMap::new();
    let results = results.into_inner().expect("results lock");
    // Exactly the room the findings need: growing by doubling would hold two copies at once.
    report
        .findings
        .reserve_exact(results.iter().map(|(_, o)| o.findings.len()).sum());
    let mut configs: std::collections::BTreeSet<Vec<String>> = Default::default();
    for (s, o) in results {
        if o.checked {
            configs.insert(
                setups[s]
                    .config
                    .layers
                    .iter()
                    .rev()
                    .map(|l| l.file.clone())
                    .collect(),
            );
        }
        governed.insert(o.display.clone(), s);
        for (file, _) in &o.sources {
            governed.insert(file.clone(), s);
        }
        if o.checked {
            report.manifests.push(o.display.clone());
            report.models_of.insert(o.display.clone(), o.model_ids);
            report.model_rows.extend(o.rows);
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
        if let Some(l) = o.loaded {
            loaded.insert(l.display.clone(), l);
        }
    }
    report.configs = configs.into_iter().collect();
    if !opts.no_waivers {
        let scanned: Vec<PathBuf> = paths
            .iter()
            .filter(|p| p.is_dir())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        let levels: Vec<_> = setups
            .iter()
            .map(|s| move |rule: &str| s.level(rule))
            .collect();
        let chains: Vec<crate::waiver::Chain> = setups
            .iter()
            .zip(&levels)
            .map(|(s, level)| crate::waiver::Chain {
                waivers: &s.config.waivers,
                level,
                sources: &s.sources,
            })
            .collect();
        crate::waiver::findings(&chains, today, &used, &applicable, &scanned, &mut report);
    }
    // Every rule that ran with its level; when manifests ran under different configs, the
    // highest level any of them gave (a rule on anywhere is listed).
    let mut rules: Vec<crate::finding::RuleRun> = Vec::new();
    for setup in &setups {
        let scanned = opts.scan || setup.config.scan.as_ref().is_some_and(|(on, _)| *on);
        for meta in &setup.rules {
            // Waiver rules judge config files, not models; drift rules run only with a scan.
            match meta.origin {
                Origin::Native(Native::Waivers) => continue,
                Origin::Native(Native::Drift) if !scanned => continue,
                _ => {}
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
        crate::explanation::annotate(
            &mut report,
            &|file: &str| match governed.get(file) {
                Some(s) => &setups[*s].catalog,
                None => Catalog::get(),
            },
            &loaded,
            &level_of,
        );
    }
    report.errors.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message))
    });
    report
        .errors
        .dedup_by(|a, b| a.file == b.file && a.line == b.line && a.message == b.message);
    report.sort();
    report
        .model_rows
        .sort_by(|a, b| (&a.manifest, a.index).cmp(&(&b.manifest, b.index)));
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
            Err(e) if e.global() => {
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

/// Directories of other manifests below the one of `manifest`.
fn nested_dirs(dirs: &[PathBuf], manifest: &Path) -> Vec<PathBuf> {
    let d = manifest_dir(manifest);
    dirs.iter()
        .filter(|o| **o != d && o.starts_with(&d))
        .cloned()
        .collect()
}

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
    use crate::config::Origin as From;
    if e.level == Level::Off || !matches!(e.origin, From::Default | From::Preset { .. }) {
        return e.level;
    }
    e.locked.as_ref().map_or(own, |lock| own.max(lock.level))
}
