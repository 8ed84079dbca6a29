//! What is generated from the clap definitions: shell completions (`modelgate completions`),
//! man pages (`modelgate man`), and the long version (`modelgate --version --verbose`).

use std::ffi::OsString;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::exit::Exit;

/// `modelgate completions SHELL`.
pub fn completions(args: CompletionsArgs) -> Exit {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "modelgate", &mut buf);
    super::out(&String::from_utf8_lossy(&buf))
}

/// `modelgate man [COMMAND]`: the page of modelgate or of one subcommand.
pub fn man(args: ManArgs) -> Exit {
    let root = Cli::command();
    let cmd = match &args.command {
        None => root,
        Some(name) => {
            let Some(sub) = root.find_subcommand(name).cloned() else {
                let names: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).collect();
                return super::fail(format!(
                    "no subcommand `{name}` (one of: {})",
                    names.join(", ")
                ));
            };
            // clap names take static strings; the process ends after printing the page.
            let full: &'static str =
                Box::leak(format!("modelgate-{}", sub.get_name()).into_boxed_str());
            sub.name(full).version(env!("MODELGATE_VERSION"))
        }
    };
    let mut buf = Vec::new();
    if let Err(e) = clap_mangen::Man::new(cmd).render(&mut buf) {
        return super::fail(format!("cannot render the man page: {e}"));
    }
    super::out(&String::from_utf8_lossy(&buf))
}

/// Whether the arguments ask for the long version: `--version` (or `-V`) with `--verbose` and
/// nothing else. clap answers `--version` alone before it sees any other flag, so this is
/// checked before parsing.
pub fn wants_long_version(args: &[OsString]) -> bool {
    let rest = args.get(1..).unwrap_or_default();
    rest.iter().any(|a| a == "--version" || a == "-V")
        && rest.iter().any(|a| a == "--verbose")
        && rest
            .iter()
            .all(|a| a == "--version" || a == "-V" || a == "--verbose")
}

/// `modelgate --version --verbose`: the version line, then one fact a line.
pub fn long_version() -> String {
    let catalog = crate::catalog::Catalog::get();
    let mut out = format!("modelgate {}\n", env!("MODELGATE_VERSION"));
    let facts = [
        ("commit", env!("MODELGATE_COMMIT").to_string()),
        ("knowledge base", env!("MODELGATE_CATALOG_DATE").to_string()),
        (
            "knowledge base entries",
            format!(
                "{} models, {} licenses",
                catalog.models().count(),
                catalog.licenses().count()
            ),
        ),
        (
            "SPDX License List",
            env!("MODELGATE_SPDX_VERSION").to_string(),
        ),
        ("regorus", env!("MODELGATE_REGORUS_VERSION").to_string()),
        ("target", env!("MODELGATE_TARGET").to_string()),
    ];
    for (k, v) in facts {
        out.push_str(&format!("{k}: {v}\n"));
    }
    out
}
