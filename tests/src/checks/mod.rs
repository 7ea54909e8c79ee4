//! One module per kind of check. Each gives the harness its trials; a trial
//! is named after what it checks, and its failure names the chapter file and
//! line to edit.

pub mod downloads;
pub mod drift;
pub mod exercises;
pub mod mdbook_test;
pub mod miri;
pub mod outputs;
pub mod repeat;
pub mod snippets;

use libtest_mimic::{Failed, Trial};

/// A trial that runs `check` and reports its error as the failure.
pub fn trial(name: String, check: impl FnOnce() -> Result<(), String> + Send + 'static) -> Trial {
    Trial::test(name, move || check().map_err(Failed::from))
}
