//! One resolved settings value for every command (fd/ripgrep style): [`crate::cli`] holds the
//! raw arguments as clap parses them; here they are resolved once (the policy time limit, the
//! level flags, `--config` or the config found, `MODELGATE_CONFIG`, colour, `--fail-on`), so
//! no command borrows another command's options and nothing below this module sees clap's
//! types.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::cli::{
    BaselineCommand, Cli, ColorChoice, Command, ConfigArgs, ConfigCommand, FailOn, PolicyArgs,
    PolicyCommand,
};
use crate::engine::{self, Engine, PolicyError};
use crate::rule::Level;
use crate::ruleset::{Builder, Options};

/// What the commands that run rules share, resolved from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `--policy` directories.
    pub policies: Vec<PathBuf>,
    /// `--policy-timeout`, resolved (see [`timeout`]).
    pub timeout: Duration,
    /// `--config`: the config file to use instead of the one found.
    pub config: Option<PathBuf>,
    /// `--allow`, `--warn`, `--deny`, in that order: (rule, level, flag).
    pub flags: Vec<(String, Level, &'static str)>,
    /// Colour on standard output (`--color`, terminal, `NO_COLOR`).
    pub color: bool,
    /// The lowest level that fails a run (`--fail-on`; `check` only, else `error`).
    pub fail_on: Option<Level>,
    /// Read local model cards (`--no-local-cards` turns it off).
    pub local_cards: bool,
}

impl Settings {
    /// The settings of one invocation, whatever its subcommand.
    pub fn of(cli: &Cli) -> Settings {
        let (policy, levels) = match &cli.command {
            Command::Check(a) => (Some(&a.policy), Some(&a.levels)),
            Command::Explain(a) => (Some(&a.policy), None),
            Command::Config(ConfigCommand::Show(a)) => (Some(&a.policy), Some(&a.levels)),
            Command::Policy(PolicyCommand::List(a)) => (Some(&a.policy), Some(&a.levels)),
            Command::Policy(PolicyCommand::Doc(a)) => (Some(&a.policy), None),
            Command::Baseline(BaselineCommand::Create(a)) => (Some(&a.policy), Some(&a.levels)),
            _ => (None, None),
        };
        let mut settings = match policy {
            Some(p) => Settings::new(p, levels),
            None => Settings::new(
                &PolicyArgs {
                    policies: Vec::new(),
                    policy_timeout: 0.0,
                },
                None,
            ),
        };
        if let Command::Policy(PolicyCommand::Test(a)) = &cli.command {
            settings.timeout = timeout(a.policy_timeout);
        }
        if let Command::Check(a) = &cli.command {
            settings.fail_on = fail_on(a.fail_on);
            settings.local_cards = !a.no_local_cards;
        }
        settings.color = color(cli.color);
        settings
    }

    /// Settings from the policy flags and, for commands that take them, the config and level
    /// flags.
    pub fn new(policy: &PolicyArgs, levels: Option<&ConfigArgs>) -> Settings {
        let mut flags = Vec::new();
        if let Some(levels) = levels {
            for (list, level, flag) in [
                (&levels.allow, Level::Off, "--allow"),
                (&levels.warn, Level::Warning, "--warn"),
                (&levels.deny, Level::Error, "--deny"),
            ] {
                for id in list {
                    flags.push((id.clone(), level, flag));
                }
            }
        }
        Settings {
            policies: policy.policies.clone(),
            timeout: timeout(policy.policy_timeout),
            config: levels.and_then(|l| l.config.clone()),
            flags,
            color: false,
            fail_on: Some(Level::Error),
            local_cards: true,
        }
    }

    /// The rule set builder's inputs (with `MODELGATE_CONFIG` from the environment).
    pub fn ruleset_options(&self) -> Options {
        let mut o = Options::new(self.policies.clone(), self.timeout, self.flags.clone());
        o.local_cards = self.local_cards;
        o
    }

    /// A rule set builder for these settings.
    pub fn builder(&self) -> Builder {
        Builder::new(self.ruleset_options())
    }

    /// The config a command about one directory starts from: `--config`, or the one found
    /// from `dir`; with how it was found.
    pub fn main_config(&self, dir: &Path) -> (Option<PathBuf>, &'static str) {
        match &self.config {
            Some(c) => (Some(c.clone()), "--config"),
            None => (crate::config::find_config(dir), "found"),
        }
    }

    /// The built-in pack and the `--policy` files, without any config.
    pub fn build_engine(&self) -> Result<Engine, PolicyError> {
        crate::ruleset::build_engine(&self.policies, &[], self.timeout)
    }
}

/// A `--policy-timeout` in seconds as a duration: at most an hour, the default when not a
/// positive number.
pub fn timeout(secs: f64) -> Duration {
    if secs.is_finite() && secs > 0.0 {
        Duration::from_secs_f64(secs.min(3600.0))
    } else {
        engine::DEFAULT_TIMEOUT
    }
}

/// Whether to colour output: `--color`, else a terminal without `NO_COLOR`.
pub fn color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// The lowest level that fails a run (`--fail-on`), none for `never`.
pub fn fail_on(choice: FailOn) -> Option<Level> {
    match choice {
        FailOn::Error => Some(Level::Error),
        FailOn::Warning => Some(Level::Warning),
        FailOn::Note => Some(Level::Note),
        FailOn::Never => None,
    }
}

/// The width of the terminal standard output writes to, or `None` when it is not a terminal
/// (piped or redirected): `COLUMNS` when set, else what the terminal reports, else 80.
pub fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    Some(from_env.unwrap_or_else(|| {
        terminal_size::terminal_size().map_or(80, |(terminal_size::Width(w), _)| usize::from(w))
    }))
}
