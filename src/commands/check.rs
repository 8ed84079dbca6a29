//! `modelgate check`: run the policies over manifests and report.

use std::path::PathBuf;

use crate::baseline::Baseline;
use crate::catalog::Catalog;
use crate::check::Levels;
use crate::cli::{CheckArgs, FailOn};
use crate::exit::Exit;
use crate::finding::{Level, Report, RuleRun};
use crate::report::{self, ReportFormat};

pub fn run(args: CheckArgs, color: bool) -> Exit {
    let engine = match super::build_engine(&args.policy) {
        Ok(e) => e,
        Err(e) => return super::fail(format!("policy error: {e}")),
    };
    let mut levels = Levels::new();
    for (list, level) in [
        (&args.allow, Level::Off),
        (&args.warn, Level::Warning),
        (&args.deny, Level::Error),
    ] {
        for id in list {
            if !engine.rules().iter().any(|r| &r.id == id) {
                let ids: Vec<&str> = engine.rules().iter().map(|r| r.id.as_str()).collect();
                let hint = crate::manifest::suggest(id, &ids)
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return super::fail(format!(
                    "unknown rule `{id}`{hint}; `modelgate explain <rule>` lists what a rule does"
                ));
            }
            levels.insert(id.clone(), level);
        }
    }
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(e) => return super::fail(format!("baseline {e}")),
    };
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let mut report = crate::check::run(&engine, Catalog::get(), &levels, &paths);
    report.rules = rule_runs(&engine, &levels);
    if let Some(b) = &baseline {
        b.apply(&mut report);
    }
    let fail_on = match args.fail_on {
        FailOn::Error => Some(Level::Error),
        FailOn::Warning => Some(Level::Warning),
        FailOn::Note => Some(Level::Note),
        FailOn::Never => None,
    };
    let exit = Exit::of(&report, fail_on);
    let written = match &args.output {
        None => super::out(&render(&report, args.format, color, fail_on)),
        Some(path) => match std::fs::write(path, render(&report, args.format, false, fail_on)) {
            Err(e) => {
                return super::fail(format!(
                    "cannot write {}: {e}",
                    crate::check::display_path(path)
                ))
            }
            Ok(()) => super::out(&report::human::render(&report, color)),
        },
    };
    match written {
        Exit::Clean => exit,
        other => other,
    }
}

/// Every rule that ran, with its level in this run.
pub fn rule_runs(engine: &crate::engine::Engine, levels: &Levels) -> Vec<RuleRun> {
    engine
        .rules()
        .iter()
        .map(|m| RuleRun {
            meta: m.clone(),
            level: levels.get(&m.id).copied().unwrap_or(m.severity),
        })
        .collect()
}

/// The report in one format.
pub fn render(
    report: &Report,
    format: ReportFormat,
    color: bool,
    fail_on: Option<Level>,
) -> String {
    match format {
        ReportFormat::Human => report::human::render(report, color),
        ReportFormat::Json => report::json::render(report),
        ReportFormat::Sarif => report::sarif::render(report),
        ReportFormat::Github => report::github::render(report),
        ReportFormat::Junit => report::junit::render(report, fail_on),
        ReportFormat::Markdown => report::markdown::render(report, fail_on),
    }
}
