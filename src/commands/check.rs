//! `modelgate check`: run the policies over manifests and report.

use std::io::Write;

use crate::baseline::Baseline;
use crate::cli::CheckArgs;
use crate::exit::Exit;
use crate::finding::{Level, Report};
use crate::report::{self, ReportFormat};
use crate::runner::RunOptions;
use crate::settings::Settings;

pub fn run(args: CheckArgs, settings: &Settings) -> Exit {
    let color = settings.color;
    let mut builder = settings.builder();
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(e) => return super::fail(format!("baseline {e}")),
    };
    let paths = super::paths_or_here(args.paths);
    if args.fix {
        let outcome = crate::fix::run(&mut builder, settings.config.as_deref(), &paths, args.diff);
        eprint!("{}", crate::fix::summary(&outcome, args.diff));
        if args.diff {
            return super::out(&outcome.diff);
        }
    }
    let opts = RunOptions {
        config: settings.config.clone(),
        no_waivers: args.no_waivers,
        explain: args.explain,
        scan: args.scan,
    };
    let mut report = match crate::runner::run(&mut builder, &opts, &paths) {
        Ok(r) => r,
        Err(e) => return super::fail_with(&e),
    };
    // The compiled engines are not needed again and the process ends after this command:
    // tearing them down is measurable work (about 3% of a one-manifest check) for nothing.
    std::mem::forget(builder);
    if let Some(b) = &baseline {
        b.apply(&mut report);
    }
    let fail_on = settings.fail_on;
    let exit = Exit::of(&report, fail_on);
    let written = match &args.output {
        // JSON, the format of large runs, is written as it is produced.
        None if args.format == ReportFormat::Json => {
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            super::written(report::json::write(&report, &mut stdout).and_then(|_| stdout.flush()))
        }
        None => super::out(&render(&report, args.format, color, fail_on)),
        Some(path) => match std::fs::write(path, render(&report, args.format, false, fail_on)) {
            Err(e) => {
                return super::fail(format!(
                    "cannot write {}: {e}",
                    crate::source::display_path(path)
                ))
            }
            Ok(()) => super::out(&report::human::render(&report, color)),
        },
    };
    // The process ends after this command: freeing every finding one by one is work for
    // nothing (tens of milliseconds on a large monorepo).
    std::mem::forget(report);
    match written {
        Exit::Clean => exit,
        other => other,
    }
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
