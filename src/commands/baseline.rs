//! `modelgate baseline create FILE [PATHS]`: record today's findings.

use crate::cli::BaselineCommand;
use crate::exit::Exit;
use crate::runner::RunOptions;
use crate::settings::Settings;
use crate::source::display_path;

pub fn run(cmd: BaselineCommand, settings: &Settings) -> Exit {
    let BaselineCommand::Create(args) = cmd;
    let mut builder = settings.builder();
    let paths = super::paths_or_here(args.paths);
    // The findings `check` would report today (under the same configs and waivers).
    let opts = RunOptions {
        config: settings.config.clone(),
        no_waivers: false,
        explain: false,
        scan: false,
        stdin: None,
    };
    let report = match crate::runner::run(&mut builder, &opts, &paths) {
        Ok(r) => r,
        Err(e) => return super::fail_with(&e),
    };
    let shown = display_path(&args.file);
    if !report.errors.is_empty() {
        // A baseline of a run that could not read every manifest would hide their findings
        // later: fix the files first.
        let r = crate::diagnostics::Renderer::new(false);
        for e in &report.errors {
            super::err(&r.error(e, report.sources.get(&e.file)));
        }
        return super::fail(format!(
            "{} could not be checked; {shown} was not written",
            if report.errors.len() == 1 {
                "a file".to_string()
            } else {
                format!("{} files", report.errors.len())
            }
        ));
    }
    if let Some(why) = refuse(&args.file) {
        return super::fail(format!("{shown} {why}; not written"));
    }
    // An existing baseline keeps its reasons; anything else there is not replaced.
    let previous = if args.file.exists() {
        match crate::baseline::Baseline::load(&args.file) {
            Ok(_) => std::fs::read_to_string(&args.file).ok(),
            Err(_) => {
                return super::fail(format!(
                    "{shown} exists and is not a modelgate baseline; not overwritten (remove it or choose another name)"
                ))
            }
        }
    } else {
        None
    };
    let (text, entries) = crate::baseline::create(&report, &args.file, previous.as_deref());
    if let Err(e) = super::output::write_atomic(&args.file, &crate::safe_text::json(&text)) {
        return super::fail(e);
    }
    super::out_human(
        &format!(
            "modelgate: wrote {shown}: {entries} entr{} for {} finding{} in {} manifest{}\n",
            if entries == 1 { "y" } else { "ies" },
            report.active().count(),
            if report.active().count() == 1 {
                ""
            } else {
                "s"
            },
            report.manifests.len(),
            if report.manifests.len() == 1 { "" } else { "s" },
        ),
        false,
    )
}

/// Why `file` must not be the baseline written: it is read by this run, or named like a
/// manifest or config (which a later run would read).
fn refuse(file: &std::path::Path) -> Option<String> {
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if crate::manifest::FILE_NAMES.contains(&name) || crate::config::FILE_NAMES.contains(&name) {
        return Some(format!(
            "is named like a {}",
            if crate::manifest::FILE_NAMES.contains(&name) {
                "manifest"
            } else {
                "config"
            }
        ));
    }
    if crate::source::is_input(file) {
        return Some("is an input of this run".into());
    }
    None
}
