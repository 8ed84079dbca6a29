//! The `modelgate` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = modelgate::cli::Cli::parse();
    let code = modelgate::commands::run(cli);
    ExitCode::from(code.code())
}
