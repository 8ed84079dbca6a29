//! `modelgate check`: run the policies over manifests and report.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use crate::baseline::Baseline;
use crate::catalog::Catalog;
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
    let (paths, stdin) = match stdin_input(&args) {
        Ok(Some((path, text))) => (vec![path], Some(text)),
        Ok(None) => (super::paths_or_here(args.paths.clone()), None),
        Err(e) => return super::fail(e),
    };
    let opts = RunOptions {
        config: settings.config.clone(),
        no_waivers: args.no_waivers,
        explain: args.explain,
        scan: args.scan,
        stdin,
    };
    let mut report = match crate::runner::run(&mut builder, Catalog::get(), &opts, &paths) {
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
    let human = human_options(&args, color);
    let written = match &args.output {
        // JSON, the format of large runs, is written as it is produced.
        None if args.format == ReportFormat::Json => {
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            super::written(report::json::write(&report, &mut stdout).and_then(|_| stdout.flush()))
        }
        None if args.format == ReportFormat::Human => {
            super::out(&report::human::render_with(&report, &human))
        }
        None => super::out(&render(&report, args.format, color, fail_on)),
        Some(path) => match std::fs::write(path, render(&report, args.format, false, fail_on)) {
            Err(e) => {
                return super::fail(format!(
                    "cannot write {}: {e}",
                    crate::source::display_path(path)
                ))
            }
            Ok(()) => super::out(&report::human::render_with(&report, &human)),
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

/// `check -`: the path the manifest on standard input is checked as (`--stdin-filename`, else
/// `<stdin>` in the current directory) and its text; `None` without `-`.
fn stdin_input(args: &CheckArgs) -> Result<Option<(PathBuf, Arc<str>)>, String> {
    let dash = args.paths.iter().any(|p| p.as_os_str() == "-");
    if !dash {
        return match &args.stdin_filename {
            Some(_) => Err("--stdin-filename names the manifest read from standard input: give `-` as the path".into()),
            None => Ok(None),
        };
    }
    if args.paths.len() > 1 {
        return Err("`-` (standard input) cannot be combined with other paths".into());
    }
    let path = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| PathBuf::from("<stdin>"));
    let display = crate::source::display_path(&path);
    let text =
        crate::source::read_stdin(&display).map_err(|e| format!("{display}: {}", e.message))?;
    Ok(Some((path, text)))
}

/// The human report's layout from `check`'s flags and the terminal.
fn human_options(args: &CheckArgs, color: bool) -> report::human::Options {
    report::human::Options {
        color,
        table: report::table::Layout {
            width: crate::settings::terminal_width(),
            color,
            max_rows: args.table_rows,
        },
        summary: args.summary,
        quiet: args.quiet,
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
        ReportFormat::Concise => report::concise::render(report),
        ReportFormat::Html => {
            report::html::render(report, fail_on, &crate::config::today().to_string())
        }
    }
}
