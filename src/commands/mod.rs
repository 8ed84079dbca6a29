//! Subcommands, one file each. Each returns an [`Exit`]; output goes through [`out`] so a
//! closed pipe (`modelgate check | head`) ends quietly.

pub mod baseline;
pub mod check;
pub mod cli_docs;
pub mod config;
pub mod explain;
pub mod init;
pub mod input;
pub mod output;
pub mod policy;
pub mod sbom;
pub mod scan;

use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::exit::Exit;
use crate::settings::Settings;

/// The embedded JSON Schema for `ai-models.yaml`.
pub const MANIFEST_SCHEMA: &str = include_str!("../../schema/ai-models.schema.json");

/// The embedded JSON Schema for `.modelgate.yaml`.
pub const CONFIG_SCHEMA: &str = include_str!("../../schema/modelgate-config.schema.json");

/// The embedded JSON Schema for a knowledge overlay file.
pub const KNOWLEDGE_SCHEMA: &str = include_str!("../../schema/knowledge.schema.json");

pub fn run(cli: Cli) -> Exit {
    let settings = Settings::of(&cli);
    match cli.command {
        Command::Check(args) => check::run(args, &settings),
        Command::Explain(args) => explain::run(args, &settings),
        Command::Input(args) => input::run(args, &settings),
        Command::Schema(args) => out_json(match args.kind {
            crate::cli::SchemaKind::Manifest => MANIFEST_SCHEMA,
            crate::cli::SchemaKind::Config => CONFIG_SCHEMA,
            crate::cli::SchemaKind::Knowledge => KNOWLEDGE_SCHEMA,
        }),
        Command::Config(crate::cli::ConfigCommand::Show(args)) => config::show(args, &settings),
        Command::Init(args) => init::run(args),
        Command::Policy(cmd) => policy::run(cmd, &settings),
        Command::Scan(args) => scan::run(args),
        Command::Sbom(args) => sbom::run(args),
        Command::Baseline(cmd) => baseline::run(cmd, &settings),
        Command::Completions(args) => cli_docs::completions(args),
        Command::Man(args) => cli_docs::man(args),
    }
}

pub use output::{err, out, out_human, out_json, written};

/// Write a command's text in its `--format`: JSON as [`out_json`], human text as
/// [`out_human`] (these commands do not colour).
pub fn out_as(text: &str, format: crate::report::Format) -> Exit {
    match format {
        crate::report::Format::Json => out_json(text),
        crate::report::Format::Human => out_human(text, false),
    }
}

/// Report errors that stop a whole command on stderr (exit 2): located ones as diagnostics
/// with their snippet, the others as one plain line each (naming their file, if any).
pub fn fail_with(e: &crate::ruleset::SetupError) -> Exit {
    let r = crate::diagnostics::Renderer::new(false);
    for error in &e.errors {
        match (error.span, e.sources.get(&error.file)) {
            (Some(_), Some(text)) => err(&r.error(error, Some(text))),
            _ => {
                let place = match e.origin {
                    crate::ruleset::ErrorOrigin::CommandLine => String::new(),
                    _ => format!("{}: ", error.file),
                };
                err(&format!("modelgate: error: {place}{}\n", error.message));
                if let Some(h) = &error.help {
                    err(&format!("  help: {h}\n"));
                }
            }
        }
    }
    Exit::Error
}

/// Report a usage or configuration problem on stderr and give exit 2.
pub fn fail(message: impl std::fmt::Display) -> Exit {
    err(&format!("modelgate: error: {message}\n"));
    Exit::Error
}

/// The paths a command was given, or the current directory.
pub fn paths_or_here(paths: Vec<PathBuf>) -> Vec<PathBuf> {
    if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    }
}

/// Default manifest path for commands that take one.
pub fn default_manifest(path: Option<PathBuf>) -> PathBuf {
    path.unwrap_or_else(|| {
        crate::manifest::FILE_NAMES
            .iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
            .unwrap_or_else(|| PathBuf::from(crate::manifest::FILE_NAMES[0]))
    })
}
