//! Every check of the fast tier, in one test binary: `cargo test -p book-tests`
//! (or `cargo xtask test`, which also installs the tools it needs).
//!
//! Filter as with any test binary: `cargo test -p book-tests -- ch03`
//! runs every check whose name mentions ch03. `BOOK_BLESS=1` rewrites the
//! expected outputs instead of comparing (`cargo xtask bless`);
//! `BOOK_NO_CACHE=1` runs every check even if its inputs did not change.

use std::process::ExitCode;

use book_tests::book::book;
use book_tests::cache::cache;
use book_tests::checks::{
    CheckKind, downloads, drift, exercises, fixtures, mdbook_test, outputs, proof, snippets, trial,
};
use book_tests::shim;
use libtest_mimic::Arguments;

fn main() -> ExitCode {
    // Started as the rustc or rustdoc wrapper? Then be that, and only that.
    if let Some(code) = shim::dispatch() {
        return code;
    }
    // Before any thread starts: skeptic reads RUSTC from the environment.
    if let Err(e) = shim::use_for_skeptic() {
        eprintln!("cannot set up the rustc wrapper for skeptic: {e}");
        return ExitCode::FAILURE;
    }
    let mut args = Arguments::from_args();
    // Most checks wait: on a compiler, on `mdbook test`, on a listing that
    // sleeps to show a timing. Twice as many at once as there are cores
    // keeps the cores busy (`--test-threads` overrides it).
    if args.test_threads.is_none() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        args.test_threads = Some(2 * cores);
    }
    let mut trials = drift::trials();
    trials.extend(fixtures::trials());
    match book() {
        Ok(book) => {
            // The longest checks first, so that they do not start last.
            trials.extend(mdbook_test::trials(book));
            trials.extend(outputs::trials(book));
            trials.extend(snippets::trials(book));
            trials.extend(exercises::trials(book));
            trials.extend(downloads::trials(book));
            trials.extend(proof::trials(book));
        }
        Err(e) => trials.push(trial(CheckKind::Setup, "the book loads", move || Err(e))),
    }
    let conclusion = libtest_mimic::run(&args, trials);
    if !args.list {
        println!("{}", cache().summary());
    }
    conclusion.exit_code()
}
