//! Command-line arguments (clap derive types only). Doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;

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
    /// Find the AI models a source tree references (honours .gitignore).
    Scan(ScanArgs),
    /// Export the declared models as a CycloneDX 1.6 ML-BOM.
    Sbom(SbomArgs),
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
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

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

    /// Also scan the code under each manifest's directory: models used but not declared are
    /// `undeclared-model` errors, declared models never referenced are `unused-model` notes.
    #[arg(long)]
    pub scan: bool,
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

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Directory (or file) to scan (default: the current directory).
    pub path: Option<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Report only references at or above this confidence.
    #[arg(long, value_enum, default_value_t = MinConfidence::Low)]
    pub min_confidence: MinConfidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MinConfidence {
    Low,
    Medium,
    High,
}

#[derive(Debug, Args)]
pub struct SbomArgs {
    /// The manifest, or a directory holding ai-models.yaml (default: the current directory).
    pub path: Option<PathBuf>,

    /// Document format.
    #[arg(long, short = 'f', value_enum, default_value_t = SbomFormat::Cyclonedx)]
    pub format: SbomFormat,

    /// Write the document to this file instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SbomFormat {
    /// CycloneDX 1.6 JSON (components of type machine-learning-model).
    Cyclonedx,
}
