//! The `modelgate` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // The Rego parser builds (and drops) `anyhow` errors while it backtracks; with
    // `RUST_BACKTRACE=1` in a developer's environment each one would capture a stack trace,
    // a third of start-up time. Library backtraces are off unless asked for explicitly;
    // panics still honour `RUST_BACKTRACE`.
    if std::env::var_os("RUST_LIB_BACKTRACE").is_none() {
        std::env::set_var("RUST_LIB_BACKTRACE", "0");
    }
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if modelgate::commands::cli_docs::wants_long_version(&args) {
        let code = modelgate::commands::out(&modelgate::commands::cli_docs::long_version());
        return ExitCode::from(code.code());
    }
    let cli = match modelgate::cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        // `--help` and `--version` are output like any other: a full or closed stdout is exit 2.
        Err(e) if !e.use_stderr() => {
            let exit = modelgate::commands::out(&e.render().to_string());
            return ExitCode::from(exit.code());
        }
        Err(e) => e.exit(),
    };
    let code = modelgate::commands::run(cli);
    ExitCode::from(code.code())
}
