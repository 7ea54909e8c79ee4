//! The one selection of the workspace's packages that every task builds,
//! lints and tests, so that each reuses what the others built.

use std::process::Command;

use crate::tools::{self, cargo};

/// The packages that are built, linted and tested: all but `compile-fail`,
/// whose programs must not compile, and the exercises' starters, whose tests
/// must fail (the harness checks that they do).
pub const PACKAGES: [&str; 5] = [
    "--workspace",
    "--exclude",
    "compile-fail",
    "--exclude",
    "*-starter",
];

/// `cargo test` over the checks and the crates' own tests. Every task uses
/// this one selection of packages, so that they share one build of the
/// harness. The listings are left out: the harness builds and runs them
/// (their `#[test]` files too) and compares what they print; so are the
/// loom models, which the verify tier runs under `--cfg loom`, and the
/// exercises, whose tests the harness runs.
pub fn cargo_test() -> Command {
    let mut test = cargo(["test", "--quiet", "--locked"]);
    select_tools(&mut test);
    test
}

/// The packages of the book's tools: the model, the renderer, the harness,
/// this xtask. Cargo unifies the features of shared dependencies over the
/// packages a command selects, so the tools are always built with this one
/// selection: each build then reuses the dependencies the others built.
pub fn select_tools(command: &mut Command) {
    command
        .args(PACKAGES)
        .args(["--exclude", "listings", "--exclude", "models"]);
    // The exercises' solutions too: the harness runs their tests, and
    // reuses the verdict while they are unchanged.
    for exercise in book_model::Exercise::discover(tools::root()) {
        command.args(["--exclude", &exercise.name]);
    }
}
