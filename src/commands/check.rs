//! `modelgate check`: run the policies over manifests and report.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use crate::baseline::Baseline;
use crate::cli::CheckArgs;
use crate::exit::Exit;
use crate::finding::{FileError, Level, Report};
use crate::report::{self, ReportFormat};
use crate::runner::RunOptions;
use crate::settings::Settings;

pub fn run(args: CheckArgs, settings: &Settings) -> Exit {
    let mut builder = settings.builder();
    let baseline = match args.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(b) => b,
        Err(e) => return setup_failed(&args, settings, vec![*e], Default::default()),
    };
    let (paths, stdin) = match stdin_input(&args) {
        Ok(Some((path, text))) => (vec![path], Some(text)),
        Ok(None) => (super::paths_or_here(args.paths.clone()), None),
        Err(e) => return super::fail(e),
    };
    if args.fix {
        if stdin.is_some() {
            return super::fail(
                "--fix edits manifest files in place; it cannot fix standard input",
            );
        }
        let outcome = crate::fix::run(&mut builder, settings.config.as_deref(), &paths, args.diff);
        super::err(&crate::fix::summary(&outcome, args.diff));
        if args.diff {
            return super::out_human(&outcome.diff, false);
        }
    }
    let opts = RunOptions {
        config: settings.config.clone(),
        no_waivers: args.no_waivers,
        explain: args.explain,
        scan: args.scan,
        stdin,
    };
    let mut report = match crate::runner::run(&mut builder, &opts, &paths) {
        Ok(r) => r,
        Err(e) => {
            if args.format == ReportFormat::Human && args.output.is_none() {
                return super::fail_with(&e);
            }
            let sources = e.sources.into_iter().collect();
            return setup_failed(&args, settings, e.errors, sources);
        }
    };
    // The compiled engines are not needed again and the process ends after this command:
    // tearing them down is measurable work (about 3% of a one-manifest check) for nothing.
    std::mem::forget(builder);
    if let Some(b) = &baseline {
        b.apply(&mut report);
    }
    let exit = Exit::of(&report, settings.fail_on);
    let human = human_options(&args, settings.color);
    let written = emit(&args, settings, &report, &human);
    // The process ends after this command: freeing every finding one by one is work for
    // nothing (tens of milliseconds on a large monorepo).
    std::mem::forget(report);
    match written {
        Exit::Clean => exit,
        other => other,
    }
}

/// The run could not start (a policy, config or the baseline is broken): the requested report
/// is still written, holding the errors (SARIF: tool execution notifications), and the errors
/// go to stderr too. Exit 2.
fn setup_failed(
    args: &CheckArgs,
    settings: &Settings,
    errors: Vec<FileError>,
    sources: std::collections::BTreeMap<String, std::sync::Arc<str>>,
) -> Exit {
    let report = Report {
        errors: errors.into_iter().map(located).collect(),
        sources,
        ..Default::default()
    };
    let r = crate::diagnostics::Renderer::new(false);
    for e in &report.errors {
        super::err(&r.error(e, report.sources.get(&e.file)));
    }
    // Human output without `--output`: the errors on stderr are the report.
    if args.format != ReportFormat::Human || args.output.is_some() {
        let _ = emit(
            args,
            settings,
            &report,
            &human_options(args, settings.color),
        );
    }
    Exit::Error
}

/// A policy error whose place is only in its text (the Rego parser's `--> file:line:col`) gets
/// that line and column.
fn located(mut e: FileError) -> FileError {
    if e.line.is_none() {
        let place = e
            .message
            .split("--> ")
            .nth(1)
            .and_then(|rest| rest.lines().next())
            .and_then(|at| {
                let mut parts = at.trim().rsplitn(3, ':');
                let column = parts.next()?.parse::<usize>().ok()?;
                let line = parts.next()?.parse::<usize>().ok()?;
                Some((line, column.max(1)))
            });
        if let Some((line, column)) = place {
            e.line = Some(line);
            e.column = Some(column);
        }
    }
    e
}

/// Write the report where it was asked for: stdout, or `--output` (atomically, never over an
/// input) with the human report on stdout. The exit status of the writing.
fn emit(
    args: &CheckArgs,
    settings: &Settings,
    report: &Report,
    human: &report::human::Options,
) -> Exit {
    let (color, fail_on) = (settings.color, settings.fail_on);
    let human_text = || {
        crate::safe_text::block(&report::human::render_with(report, human), human.color)
            .into_owned()
    };
    match args.output.as_deref() {
        Some(path) if !super::output::is_stdout(path) => {
            let text = render(report, args.format, false, fail_on);
            if let Err(e) = super::output::write_file(path, &text) {
                return super::fail(e);
            }
            super::out(&human_text())
        }
        // JSON, the format of large runs, is written as it is produced.
        _ if args.format == ReportFormat::Json => {
            let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
            super::written(report::json::write(report, &mut stdout).and_then(|_| stdout.flush()))
        }
        _ if args.format == ReportFormat::Human => super::out(&human_text()),
        // Every format comes out of `render` safe to show (human text through `safe_text`).
        _ => super::out(&render(report, args.format, color, fail_on)),
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

/// The report in one format, safe to show: no raw control or invisible format characters
/// from the checked files in any format.
pub fn render(
    report: &Report,
    format: ReportFormat,
    color: bool,
    fail_on: Option<Level>,
) -> String {
    match format {
        ReportFormat::Human => {
            crate::safe_text::block(&report::human::render(report, color), color).into_owned()
        }
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
