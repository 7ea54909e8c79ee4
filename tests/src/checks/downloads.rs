//! The workspaces readers download with the book (see
//! `book_model::write_reader_workspace` and `write_listings_workspace`),
//! built from scratch in folders of their own, offline, as a reader would:
//! the exercises' tests must all fail on the starters, and a listing must
//! print what the book shows.

use book_model::{write_listings_workspace, write_reader_workspace};
use libtest_mimic::Trial;

use crate::checks::exercises::test_verdicts;
use crate::checks::trial;
use crate::expect::check_or_bless;
use crate::run::{command, limits, run_with_limit};
use crate::{repo_root, work_dir};

/// The listing the listings workspace is tried with.
const SAMPLE: &str = "ch02-01-spawn";

pub fn verify_trials() -> Vec<Trial> {
    vec![
        trial(
            "download: the exercises workspace builds, and every test fails on the starters".into(),
            reader_workspace_fails,
        ),
        trial(
            format!("download: the listings workspace builds and runs {SAMPLE} as the book shows"),
            listings_workspace_runs,
        ),
    ]
}

/// Builds the downloadable workspace in a folder of its own, as a reader
/// would, and runs its tests: all must fail, none may fail to compile.
fn reader_workspace_fails() -> Result<(), String> {
    let out = work_dir().join("reader-exercises");
    let dir = write_reader_workspace(repo_root(), &out)?;
    let mut test = command("cargo");
    test.args(["test", "--offline", "--no-fail-fast"])
        .current_dir(&dir)
        .env("CARGO_TARGET_DIR", out.join("target"));
    let run = run_with_limit(test, limits::BUILD).map_err(|e| e.to_string())?;
    let verdicts = test_verdicts(&run.output);
    let passed: Vec<&str> = verdicts
        .iter()
        .copied()
        .filter(|l| l.ends_with(" ok"))
        .collect();
    if verdicts.is_empty() || run.code == Some(0) {
        return Err(format!(
            "the exercises workspace did not run its tests to failure (does it build?):\n{}",
            run.output
        ));
    }
    if !passed.is_empty() {
        return Err(format!(
            "in the exercises workspace, these tests pass on the starters:\n  {}",
            passed.join("\n  ")
        ));
    }
    Ok(())
}

/// Builds the listings workspace and runs one listing with the command the
/// book shows; its output must match the book's.
fn listings_workspace_runs() -> Result<(), String> {
    let out = work_dir().join("reader-listings");
    let dir = write_listings_workspace(repo_root(), &out)?;
    let mut run = command("cargo");
    run.args([
        "run",
        "-q",
        "--offline",
        "-p",
        "listings",
        "--example",
        SAMPLE,
    ])
    .current_dir(&dir)
    .env("CARGO_TARGET_DIR", out.join("target"));
    let result = run_with_limit(run, limits::BUILD).map_err(|e| e.to_string())?;
    if result.code != Some(0) {
        return Err(format!(
            "{SAMPLE} failed in the listings workspace:\n{}",
            result.output
        ));
    }
    let expected = std::path::Path::new(book_model::OUTPUT_DIR).join(format!("{SAMPLE}.txt"));
    let command_line = format!("$ cargo run -q -p listings --example {SAMPLE}");
    if crate::expect::blessing() {
        return Ok(());
    }
    check_or_bless(&expected, &command_line, &result.output, Default::default())
}
