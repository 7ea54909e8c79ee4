//! A stand-in for `rustc` that the `snippets` test gives to skeptic.
//!
//! skeptic 0.14.2 picks the newest edition among the packages it sees, but
//! knows no edition after 2021, so it compiles 2024 code as 2021. This program
//! receives skeptic's command line, replaces `--edition=2021` by
//! `--edition=2024`, and runs the real compiler (`BOOK_TESTS_REAL_RUSTC`, or
//! `rustc` from `PATH`). Other calls (cargo asks `rustc -vV`) pass through
//! unchanged. If skeptic ever compiles a snippet without `--edition=2021`, it
//! says so instead of guessing.

use std::env;
use std::ffi::OsString;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let mut replaced = false;
    let mut compiles_a_file = false;
    let mut args: Vec<OsString> = Vec::new();
    for arg in env::args_os().skip(1) {
        if arg == "--edition=2021" {
            replaced = true;
            args.push("--edition=2024".into());
        } else {
            compiles_a_file |= arg.to_string_lossy().ends_with(".rs");
            args.push(arg);
        }
    }
    if compiles_a_file && !replaced {
        eprintln!(
            "rustc-edition-2024: skeptic did not pass --edition=2021; \
             its edition handling changed, so revisit the workaround described in CONTRIBUTING.md"
        );
        return ExitCode::from(2);
    }
    let rustc = env::var_os("BOOK_TESTS_REAL_RUSTC").unwrap_or_else(|| "rustc".into());
    match Command::new(&rustc).args(&args).status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(status.code().map_or(1, |c| c.clamp(1, 255) as u8)),
        Err(e) => {
            eprintln!(
                "rustc-edition-2024: cannot run {}: {e}",
                rustc.to_string_lossy()
            );
            ExitCode::from(2)
        }
    }
}
