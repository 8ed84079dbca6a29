//! Subcommands, one file each. Each returns an [`Exit`]; output goes through [`out`] so a
//! closed pipe (`modelgate check | head`) ends quietly.

pub mod baseline;
pub mod check;
pub mod explain;
pub mod input;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Duration;

use crate::cli::{Cli, ColorChoice, Command, PolicyArgs};
use crate::engine::{self, Engine, PolicyError};
use crate::exit::Exit;

/// The embedded JSON Schema for `ai-models.yaml`.
pub const MANIFEST_SCHEMA: &str = include_str!("../../schema/ai-models.schema.json");

pub fn run(cli: Cli) -> Exit {
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args, color),
        Command::Explain(args) => explain::run(args),
        Command::Input(args) => input::run(args),
        Command::Schema => out(MANIFEST_SCHEMA),
        Command::Baseline(cmd) => baseline::run(cmd),
    }
}

/// Write to stdout; a broken pipe is not an error.
pub fn out(text: &str) -> Exit {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
    {
        Ok(()) => Exit::Clean,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Exit::Clean,
        Err(e) => {
            eprintln!("modelgate: cannot write output: {e}");
            Exit::Error
        }
    }
}

/// Report a usage or configuration problem on stderr and give exit 2.
pub fn fail(message: impl std::fmt::Display) -> Exit {
    eprintln!("modelgate: error: {message}");
    Exit::Error
}

/// Read the user's policy files and build the engine with the built-in pack.
pub fn build_engine(args: &PolicyArgs) -> Result<Engine, PolicyError> {
    let mut extra = Vec::new();
    for dir in &args.policies {
        for file in engine::rego_files(dir)? {
            let shown = crate::check::display_path(&file);
            let text = std::fs::read_to_string(&file).map_err(|e| PolicyError {
                file: Some(shown.clone()),
                message: e.to_string(),
            })?;
            extra.push((shown, text));
        }
    }
    let timeout = if args.policy_timeout.is_finite() && args.policy_timeout > 0.0 {
        Duration::from_secs_f64(args.policy_timeout.min(3600.0))
    } else {
        engine::DEFAULT_TIMEOUT
    };
    Engine::new(true, &extra, &[], timeout)
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
