//! `modelgate check`: run the policies over manifests and report.

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::check::RunOptions;
use crate::cli::{CheckArgs, ConfigArgs, FailOn, PolicyArgs};
use crate::exit::Exit;
use crate::finding::Level;
use crate::report::{self, Format};
use crate::setup::{Builder, Options};

/// Setup options from the policy and level flags (and `MODELGATE_CONFIG`).
pub fn options(policy: &PolicyArgs, levels: &ConfigArgs) -> Options {
    let mut flags = Vec::new();
    for (list, level, flag) in [
        (&levels.allow, Level::Off, "--allow"),
        (&levels.warn, Level::Warning, "--warn"),
        (&levels.deny, Level::Error, "--deny"),
    ] {
        for id in list {
            flags.push((id.clone(), level, flag));
        }
    }
    Options::new(policy.policies.clone(), super::timeout(policy), flags)
}

pub fn run(args: CheckArgs, color: bool) -> Exit {
    let mut builder = Builder::new(options(&args.policy, &args.levels));
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let opts = RunOptions {
        config: args.levels.config.clone(),
        no_waivers: args.no_waivers,
        explain: args.explain,
        scan: args.scan,
    };
    let report = match crate::check::run(&mut builder, Catalog::get(), &opts, &paths) {
        Ok(r) => r,
        Err(e) => return super::fail_with(&e.errors, &e.sources),
    };
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
