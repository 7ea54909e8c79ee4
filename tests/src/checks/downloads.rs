//! The workspaces readers download with the book (see
//! `book_model::write_reader_workspace` and `write_listings_workspace`),
//! built offline as a reader would: the exercises' tests must all fail on
//! the starters, and a listing must print what the book shows.
//!
//! The test command builds them with the repository's target folder, so
//! that the crates they share are not built again, and reuses the verdict
//! while the workspaces are the same. The verify tier builds them afresh:
//! the download's own packages (every listing, every exercise) are compiled
//! again from the files a reader gets, while the crates from the registry,
//! which cargo builds the same way whatever workspace asks for them, come
//! from the repository's target folder where cargo already built them with
//! the same versions, features and flags (where any of those differ, cargo
//! builds them again itself).

use std::path::{Path, PathBuf};

use book_model::{write_listings_workspace, write_reader_workspace};
use libtest_mimic::Trial;

use crate::book::Book;
use crate::cache::cache;
use crate::checks::exercises::test_verdicts;
use crate::checks::{CheckKind, trial};
use crate::expect::check_or_bless_in;
use crate::run::{command, limits, run_until, run_with_limit};

/// The listing the listings workspace is tried with.
const SAMPLE: &str = "ch02-01-spawn";

/// Where a download is built.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Target {
    /// The repository's target folder, reusing what the checks built.
    Shared,
    /// The repository's target folder for the crates from the registry,
    /// but every package of the download compiled again.
    Afresh,
}

/// The test command's checks of the downloads.
pub fn trials(book: &'static Book) -> Vec<Trial> {
    download_trials(book, Target::Shared)
}

/// The verify tier's checks of the downloads, their own packages compiled
/// afresh.
pub fn verify_trials(book: &'static Book) -> Vec<Trial> {
    download_trials(book, Target::Afresh)
}

fn download_trials(book: &'static Book, target: Target) -> Vec<Trial> {
    vec![
        trial(
            CheckKind::Download,
            "the exercises workspace builds, and every test fails on the starters",
            move || reader_workspace_fails(book, target),
        ),
        trial(
            CheckKind::Download,
            format!(
                "every listing compiles in the listings workspace, and {SAMPLE} runs as the book shows"
            ),
            move || listings_workspace_runs(book, target),
        ),
    ]
}

/// Every problem the test command's download checks find in `book` (a
/// fixture book of the harness's own tests).
pub fn problems(book: &Book) -> Vec<String> {
    [
        reader_workspace_fails(book, Target::Shared),
        listings_workspace_runs(book, Target::Shared),
    ]
    .into_iter()
    .filter_map(Result::err)
    .collect()
}

type Write = fn(&Path, &Path) -> Result<PathBuf, String>;

/// Writes a download with `write` into a folder of its own and runs `check`
/// on it, with the repository's target folder. In the shared case, the
/// verdict is reused while the written workspace is the same; afresh,
/// every file of the download is marked as changed, so that cargo compiles
/// each of its packages again (it judges a package by its files'
/// modification times), while it finds the registry's crates built.
fn with_download(
    book: &Book,
    name: &str,
    target: Target,
    write: Write,
    check: impl FnOnce(&Path, &Path) -> Result<(), String>,
) -> Result<(), String> {
    let out = book.work.join(name);
    let dir = write(&book.root, &out)?;
    match target {
        Target::Afresh => {
            touch_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            check(&dir, &book.target)
        }
        Target::Shared => {
            let mut fp = cache().fingerprint_for(book, name)?;
            fp.add_dir(&dir).map_err(|e| e.to_string())?;
            cache().reuse_or_run(&fp, || check(&dir, &book.target))
        }
    }
}

/// Sets the modification time of every file under `dir` to now.
fn touch_all(dir: &Path) -> std::io::Result<()> {
    let now = std::time::SystemTime::now();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            touch_all(&path)?;
        } else {
            std::fs::File::options()
                .append(true)
                .open(&path)?
                .set_modified(now)?;
        }
    }
    Ok(())
}

/// Builds the exercises workspace and runs its tests: all must fail, none
/// may fail to compile.
fn reader_workspace_fails(book: &Book, target: Target) -> Result<(), String> {
    with_download(
        book,
        "reader-exercises",
        target,
        write_reader_workspace,
        |dir, target_dir| {
            let run = cargo_in(dir, target_dir, &["test", "--offline", "--no-fail-fast"])?;
            let verdicts = test_verdicts(&run.output);
            let passed: Vec<&str> = verdicts
                .iter()
                .copied()
                .filter(|l| l.ends_with(" ok"))
                .collect();
            // As in `checks::exercises`: tests that pass say so first.
            if !passed.is_empty() {
                return Err(format!(
                    "in the exercises workspace, these tests pass on the starters:\n  {}",
                    passed.join("\n  ")
                ));
            }
            if verdicts.is_empty() || run.code == Some(0) {
                return Err(format!(
                    "the exercises workspace did not run its tests to failure (does it build?):\n{}",
                    run.output
                ));
            }
            Ok(())
        },
    )
}

/// Checks that every listing compiles in the listings workspace, and runs
/// one with the command the book shows; its output must match the book's.
fn listings_workspace_runs(book: &Book, target: Target) -> Result<(), String> {
    with_download(
        book,
        "reader-listings",
        target,
        write_listings_workspace,
        |dir, target_dir| {
            // Every program compiles in the download, not only the one run.
            let checked = cargo_in(
                dir,
                target_dir,
                &[
                    "check",
                    "-q",
                    "--offline",
                    "-p",
                    "listings",
                    "--examples",
                    "--tests",
                ],
            )?;
            if checked.code != Some(0) {
                return Err(format!(
                    "the listings do not compile in the listings workspace:\n{}",
                    checked.output
                ));
            }
            // Built first, under the limit of a build; then run as the book
            // shows, under the limit of a program (and cargo's start), so
            // that a listing that hangs fails here in seconds, not minutes.
            let sample = ["-q", "--offline", "-p", "listings", "--example", SAMPLE];
            let built = cargo_in(dir, target_dir, &[&["build"], &sample[..]].concat())?;
            if built.code != Some(0) {
                return Err(format!(
                    "{SAMPLE} does not build in the listings workspace:\n{}",
                    built.output
                ));
            }
            let mut run = command("cargo");
            run.args(["run"])
                .args(sample)
                .current_dir(dir)
                .env("CARGO_TARGET_DIR", target_dir);
            let hung = || crate::run::hung_among([SAMPLE]);
            let result = match hung() {
                Some(why) => Err(why),
                None => run_until(run, limits::CARGO_RUN, hung).map_err(|e| e.to_string()),
            }
            .map_err(|e| {
                format!(
                    "`cargo run -q -p listings --example {SAMPLE}` in the listings workspace: {e}"
                )
            })?;
            if result.code != Some(0) {
                return Err(format!(
                    "{SAMPLE} failed in the listings workspace:\n{}",
                    result.output
                ));
            }
            if crate::expect::blessing() {
                return Ok(());
            }
            let expected = Path::new(book_model::OUTPUT_DIR).join(format!("{SAMPLE}.txt"));
            let command_line = format!("$ cargo run -q -p listings --example {SAMPLE}");
            check_or_bless_in(
                &book.root,
                &expected,
                &command_line,
                &result.output,
                Default::default(),
            )
        },
    )
}

/// Runs cargo with `args` in a download's folder, building into `target_dir`.
fn cargo_in(dir: &Path, target_dir: &Path, args: &[&str]) -> Result<crate::run::Run, String> {
    let mut cargo = command("cargo");
    cargo
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir);
    run_with_limit(cargo, limits::BUILD).map_err(|e| e.to_string())
}
