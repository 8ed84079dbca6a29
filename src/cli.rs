//! Command-line arguments (clap derive types only). Doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::{Format, ReportFormat};

/// Policy-as-code compliance linter for the AI models a project uses.
///
/// Declare your models in `ai-models.yaml`; modelgate resolves each model and license against
/// an embedded knowledge base and evaluates Rego policies over them.
#[derive(Debug, Parser)]
#[command(
    name = "modelgate",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check manifests against the policies (exit 0 clean, 1 violations, 2 errors).
    Check(CheckArgs),
    /// Show what the knowledge base knows about a model, a license or a rule.
    Explain(ExplainArgs),
    /// Print the input document that policies receive for a manifest.
    Input(InputArgs),
    /// Print the JSON Schema of ai-models.yaml (for editor completion).
    Schema,
    /// Record today's findings so that `check --baseline` reports only new ones.
    #[command(subcommand)]
    Baseline(BaselineCommand),
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Write a baseline file with every current finding, keyed by rule, manifest and model.
    Create(BaselineCreateArgs),
}

#[derive(Debug, Args)]
pub struct BaselineCreateArgs {
    /// The baseline file to write (JSON; manifest paths are stored relative to it).
    pub file: PathBuf,

    /// Manifests or directories to search (default: the current directory).
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub policy: PolicyArgs,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Directory (or file) of extra Rego policies; packages under `modelgate.rules` run as rules.
    #[arg(long = "policy", value_name = "DIR")]
    pub policies: Vec<PathBuf>,

    /// Time limit for evaluating the policies on one manifest, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0)]
    pub policy_timeout: f64,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Manifests or directories to search (default: the current directory).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,

    /// Write the report (in `--format`) to FILE; the human report still goes to stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Suppress the findings recorded in this baseline file (`modelgate baseline create`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Treat a rule as an error (repeatable).
    #[arg(long, value_name = "RULE")]
    pub deny: Vec<String>,

    /// Treat a rule as a warning (repeatable).
    #[arg(long, value_name = "RULE")]
    pub warn: Vec<String>,

    /// Turn a rule off (repeatable).
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,

    /// Lowest severity that makes the run fail with exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A model id (`meta-llama/Llama-3.1-8B-Instruct`, `gpt-4o`), a license id
    /// (`llama3.1`, `Apache-2.0`) or a rule id (`no-user-cap`).
    pub id: String,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub policy: PolicyArgs,
}

#[derive(Debug, Args)]
pub struct InputArgs {
    /// The manifest (default: ai-models.yaml in the current directory).
    pub path: Option<PathBuf>,
}
