//! Output formats for a check report; one small module per format.

pub mod human;
pub mod json;

use clap::ValueEnum;

/// `--format` values of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Rich diagnostics for people.
    Human,
    /// One JSON object: findings, errors, summary.
    Json,
}
