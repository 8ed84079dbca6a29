//! `modelgate baseline create FILE [PATHS]`: record today's findings.

use crate::catalog::Catalog;
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
    let report = match crate::runner::run(&mut builder, Catalog::get(), &opts, &paths) {
        Ok(r) => r,
        Err(e) => return super::fail_with(&e),
    };
    let shown = display_path(&args.file);
    if !report.errors.is_empty() {
        // A baseline of a run that could not read every manifest would hide their findings
        // later: fix the files first.
        let r = crate::diagnostics::Renderer::new(false);
        for e in &report.errors {
            eprint!("{}", r.error(e, report.sources.get(&e.file)));
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
    let previous = std::fs::read_to_string(&args.file).ok();
    let (text, entries) = crate::baseline::create(&report, &args.file, previous.as_deref());
    if let Err(e) = std::fs::write(&args.file, text) {
        return super::fail(format!("cannot write {shown}: {e}"));
    }
    super::out(&format!(
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
    ))
}
