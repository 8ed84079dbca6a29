//! Subcommands, one file each. Each returns an [`Exit`]; output goes through [`out`] so a
//! closed pipe (`modelgate check | head`) ends quietly.

pub mod baseline;
pub mod check;
pub mod cli_docs;
pub mod config;
pub mod explain;
pub mod init;
pub mod input;
pub mod policy;
pub mod sbom;
pub mod scan;

use std::io::Write;
use std::path::PathBuf;

use crate::cli::{Cli, Command};
use crate::exit::Exit;
use crate::settings::Settings;

/// The embedded JSON Schema for `ai-models.yaml`.
pub const MANIFEST_SCHEMA: &str = include_str!("../../schema/ai-models.schema.json");

/// The embedded JSON Schema for `.modelgate.yaml`.
pub const CONFIG_SCHEMA: &str = include_str!("../../schema/modelgate-config.schema.json");

pub fn run(cli: Cli) -> Exit {
    let settings = Settings::of(&cli);
    match cli.command {
        Command::Check(args) => check::run(args, &settings),
        Command::Explain(args) => explain::run(args, &settings),
        Command::Input(args) => input::run(args),
        Command::Schema(args) => out(match args.kind {
            crate::cli::SchemaKind::Manifest => MANIFEST_SCHEMA,
            crate::cli::SchemaKind::Config => CONFIG_SCHEMA,
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

/// Write to stdout; a broken pipe is not an error.
pub fn out(text: &str) -> Exit {
    let mut stdout = std::io::stdout().lock();
    written(
        stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush()),
    )
}

/// The exit status after writing to stdout; a broken pipe is not an error.
pub fn written(result: std::io::Result<()>) -> Exit {
    match result {
        Ok(()) => Exit::Clean,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Clean,
        Err(e) => {
            eprintln!("modelgate: cannot write output: {e}");
            Exit::Error
        }
    }
}

/// Report errors that stop a whole command on stderr (exit 2): located ones as diagnostics
/// with their snippet, the others as one plain line each (naming their file, if any).
pub fn fail_with(e: &crate::ruleset::SetupError) -> Exit {
    let r = crate::diagnostics::Renderer::new(false);
    for error in &e.errors {
        match (error.span, e.sources.get(&error.file)) {
            (Some(_), Some(text)) => eprint!("{}", r.error(error, Some(text))),
            _ => {
                let place = match e.origin {
                    crate::ruleset::ErrorOrigin::CommandLine => String::new(),
                    _ => format!("{}: ", error.file),
                };
                eprintln!("modelgate: error: {place}{}", error.message);
                if let Some(h) = &error.help {
                    eprintln!("  help: {h}");
                }
            }
        }
    }
    Exit::Error
}

/// Report a usage or configuration problem on stderr and give exit 2.
pub fn fail(message: impl std::fmt::Display) -> Exit {
    eprintln!("modelgate: error: {message}");
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
