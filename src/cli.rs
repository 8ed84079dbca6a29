//! Command-line arguments (clap derive types only). Doc comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::{Format, ReportFormat, SummaryMode};

/// Policy-as-code compliance linter for the AI models a project uses.
///
/// Declare your models in `ai-models.yaml`; modelgate resolves each model and license against
/// an embedded knowledge base and evaluates Rego policies over them.
#[derive(Debug, Parser)]
#[command(
    name = "modelgate",
    version = env!("MODELGATE_VERSION"),
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// With `--version`: also print the commit it was built from, the regorus version, and the
    /// knowledge base's date and counts (`modelgate --version --verbose`).
    #[arg(long)]
    pub verbose: bool,
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
    /// Test, list and document policies.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Find the AI models a source tree references (honours .gitignore).
    Scan(ScanArgs),
    /// Export the declared models as a CycloneDX 1.6 ML-BOM.
    Sbom(SbomArgs),
    /// Print a JSON Schema (for editor completion): of ai-models.yaml, .modelgate.yaml or a
    /// knowledge overlay file.
    Schema(SchemaArgs),
    /// Inspect the configuration (`.modelgate.yaml` files, presets, layers).
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Write a starter ai-models.yaml and .modelgate.yaml (never overwrites).
    Init(InitArgs),
    /// Record today's findings so that `check --baseline` reports only new ones.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// Print a shell completion script (e.g. `modelgate completions bash > /etc/bash_completion.d/modelgate`).
    Completions(CompletionsArgs),
    /// Print the man page (roff), of modelgate or of one subcommand (`modelgate man check`).
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A subcommand (`check`, `explain`, ...) whose page to print instead of modelgate's.
    pub command: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum BaselineCommand {
    /// Write a baseline file with every current finding, keyed by rule, manifest and model.
    Create(BaselineCreateArgs),
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which file's schema.
    #[arg(value_enum, default_value_t = SchemaKind::Manifest)]
    pub kind: SchemaKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// ai-models.yaml
    Manifest,
    /// .modelgate.yaml
    Config,
    /// a knowledge overlay file (`knowledge:` in .modelgate.yaml)
    Knowledge,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the merged configuration, each value with the file and line it comes from.
    Show(ConfigShowArgs),
}

/// Which config files apply, and the flags that adjust rule levels.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Config file to use instead of the nearest `.modelgate.yaml` found walking up from each
    /// manifest (a file named by MODELGATE_CONFIG still applies beneath it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Treat a rule as an error (repeatable).
    #[arg(long, value_name = "RULE")]
    pub deny: Vec<String>,

    /// Treat a rule as a warning (repeatable).
    #[arg(long, value_name = "RULE")]
    pub warn: Vec<String>,

    /// Turn a rule off (repeatable). A rule locked by a config cannot be lowered.
    #[arg(long, value_name = "RULE")]
    pub allow: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ConfigShowArgs {
    /// A manifest or directory whose configuration to show (default: the current directory).
    pub path: Option<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub levels: ConfigArgs,

    #[command(flatten)]
    pub policy: PolicyArgs,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Directory to write the files into (default: the current directory).
    pub dir: Option<PathBuf>,

    /// Fill the manifest from the models the code under DIR references (`modelgate scan`),
    /// with the knowledge base's license facts and TODO comments where you must decide.
    #[arg(long)]
    pub from_scan: bool,
}

#[derive(Debug, Args)]
pub struct PolicyArgs {
    /// Directory (or file) of extra Rego policies; packages under `modelgate.rules` run as rules.
    #[arg(long = "policy", value_name = "DIR")]
    pub policies: Vec<PathBuf>,

    /// Time limit for evaluating the policies on one manifest, in seconds (over 0, at most 3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0, value_parser = parse_timeout, allow_negative_numbers = true)]
    pub policy_timeout: f64,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Manifests or directories to search (default: the current directory); `-` reads one
    /// manifest from standard input.
    pub paths: Vec<PathBuf>,

    /// With `-`: the path the manifest on standard input is checked as (as editors pass the
    /// buffer's file): findings name it, and its directory is where the config is found.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ReportFormat::Human)]
    pub format: ReportFormat,

    /// Write the report (in `--format`) to FILE; the human report still goes to stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// What the human report holds: `full` (the diagnostics, the model table and the counts),
    /// `only` (the model table and the counts) or `none` (no model table).
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = SummaryMode::Full)]
    pub summary: SummaryMode,

    /// Rows of the model table shown before it folds (0: every row).
    #[arg(long, value_name = "N", default_value_t = crate::report::table::DEFAULT_ROWS)]
    pub table_rows: usize,

    /// Print only errors (file errors and error-level findings) and the counts.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Suppress the findings recorded in this baseline file (`modelgate baseline create`).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    #[command(flatten)]
    pub policy: PolicyArgs,

    #[command(flatten)]
    pub levels: ConfigArgs,

    /// Ignore every waiver: report all findings (an audit).
    #[arg(long)]
    pub no_waivers: bool,

    /// Lowest severity that makes the run fail with exit code 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,

    /// Show, for each finding, the facts it rests on: the license terms and their sources,
    /// and where the finding's level comes from.
    #[arg(long)]
    pub explain: bool,

    /// Also scan the code under each manifest's directory: models used but not declared are
    /// `undeclared-model` errors, declared models never referenced are `unused-model` notes
    /// (also `scan: true` in the config).
    #[arg(long)]
    pub scan: bool,

    /// Do not read local model cards (Hugging Face cache, `source:` directories) for models no
    /// knowledge has: a hermetic run that sees what CI sees (also `local_cards: false`).
    #[arg(long)]
    pub no_local_cards: bool,

    /// Fill what modelgate knows into each manifest, in place and format-preserving: a
    /// missing `license:`, `base_model:` or `revision:`. Never changes a value already written.
    #[arg(long)]
    pub fix: bool,

    /// With `--fix`: print the changes as a unified diff instead of writing them.
    #[arg(long, requires = "fix")]
    pub diff: bool,
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
    /// (`llama3.1`, `Apache-2.0`) or a rule id (`no-user-cap`). With `--list`, a text to
    /// search the knowledge base for (id, family, developer, license, variants, service names).
    #[arg(required_unless_present = "list")]
    pub id: Option<String>,

    /// List the knowledge base's model entries (those matching the given text, if any), to see
    /// whether a model is covered before declaring it.
    #[arg(long)]
    pub list: bool,

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

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Run the `test_*` rules of the built-in pack (default) or of the given directories
    /// (exit 0 all pass, 1 a test fails or coverage is below --coverage-min, 2 a policy
    /// does not compile).
    Test(PolicyTestArgs),
    /// List every rule: id, title, default and effective level, source file.
    List(PolicyListArgs),
    /// Print Markdown documentation for every rule, from its metadata.
    Doc(PolicyDocArgs),
}

#[derive(Debug, Args)]
pub struct PolicyTestArgs {
    /// Directories (or files) of policies with their `_test.rego` files (default: the
    /// built-in pack).
    pub dirs: Vec<PathBuf>,

    /// Also run the built-in pack's tests when directories are given.
    #[arg(long)]
    pub builtin: bool,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Report line coverage of the policies under test (test files excluded).
    #[arg(long)]
    pub coverage: bool,

    /// Fail (exit 1) when total line coverage is below this percentage (implies --coverage).
    #[arg(long, value_name = "PCT")]
    pub coverage_min: Option<f64>,

    /// Time limit for one test, in seconds (over 0, at most 3600).
    #[arg(long, value_name = "SECONDS", default_value_t = 5.0, value_parser = parse_timeout, allow_negative_numbers = true)]
    pub policy_timeout: f64,
}

#[derive(Debug, Args)]
pub struct PolicyListArgs {
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Human)]
    pub format: Format,

    #[command(flatten)]
    pub policy: PolicyArgs,

    #[command(flatten)]
    pub levels: ConfigArgs,
}

#[derive(Debug, Args)]
pub struct PolicyDocArgs {
    /// Document only this rule.
    pub rule: Option<String>,

    /// Print only the Markdown rule table (the one in README.md).
    #[arg(long)]
    pub table: bool,

    #[command(flatten)]
    pub policy: PolicyArgs,
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

#[derive(Debug, Args)]
pub struct BaselineCreateArgs {
    /// The baseline file to write (JSON; manifest paths are stored relative to it).
    pub file: PathBuf,

    /// Manifests or directories to search (default: the current directory).
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub policy: PolicyArgs,

    #[command(flatten)]
    pub levels: ConfigArgs,
}

/// Longest `--policy-timeout`, in seconds.
pub const MAX_TIMEOUT_SECS: f64 = 3600.0;

/// `--policy-timeout`: a number of seconds over 0 and at most an hour. Anything else (`0`,
/// `-1`, `nan`, `inf`) is a usage error rather than a silent default.
fn parse_timeout(s: &str) -> Result<f64, String> {
    let secs: f64 = s
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if !secs.is_finite() || secs <= 0.0 || secs > MAX_TIMEOUT_SECS {
        return Err(format!(
            "`{s}` is not a usable time limit: give a number of seconds over 0 and at most {MAX_TIMEOUT_SECS}"
        ));
    }
    Ok(secs)
}
