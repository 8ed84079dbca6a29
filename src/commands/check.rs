//! `modelgate check`: run the policies over manifests and report.

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::check::Levels;
use crate::cli::{CheckArgs, FailOn};
use crate::exit::Exit;
use crate::finding::Level;
use crate::report::{self, Format};

pub fn run(args: CheckArgs, color: bool) -> Exit {
    let engine = match super::build_engine(&args.policy) {
        Ok(e) => e,
        Err(e) => return super::fail(format!("policy error: {e}")),
    };
    let rules = super::all_rules(&engine);
    let mut levels = Levels::new();
    for (list, level) in [
        (&args.allow, Level::Off),
        (&args.warn, Level::Warning),
        (&args.deny, Level::Error),
    ] {
        for id in list {
            if !rules.iter().any(|r| &r.id == id) {
                let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
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
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let options = crate::check::RunOptions { scan: args.scan };
    let report = crate::check::run_with(&engine, Catalog::get(), &levels, &paths, &options);
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
