//! `modelgate check`: run the policies over manifests and report.

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::cli::{CheckArgs, FailOn};
use crate::exit::Exit;
use crate::finding::Level;
use crate::levels::{self, LevelSettings};
use crate::report::{self, Format};

pub fn run(args: CheckArgs, color: bool) -> Exit {
    let engine = match super::build_engine(&args.policy) {
        Ok(e) => e,
        Err(e) => return super::fail(format!("policy error: {e}")),
    };
    let mut settings = LevelSettings::new();
    if let Err(e) = levels::apply_flags(
        &mut settings,
        engine.rules(),
        &args.allow,
        &args.warn,
        &args.deny,
    ) {
        return super::fail(e);
    }
    let levels = levels::plain(&settings);
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let mut report = crate::check::run(&engine, Catalog::get(), &levels, &paths);
    if args.explain {
        crate::why::annotate(&mut report, Catalog::get(), engine.rules(), &settings);
    }
    let text = match args.format {
        Format::Human => report::human::render(&report, color),
        Format::Json => report::json::render(&report),
    };
    let fail_on = match args.fail_on {
        FailOn::Error => Some(Level::Error),
        FailOn::Warning => Some(Level::Warning),
        FailOn::Note => Some(Level::Note),
        FailOn::Never => None,
    };
    let exit = Exit::of(&report, fail_on);
    match super::out(&text) {
        Exit::Clean => exit,
        other => other,
    }
}
