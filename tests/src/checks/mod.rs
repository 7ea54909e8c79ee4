//! One module per kind of check. Each gives the harness its trials; a trial
//! is named after what it checks, and its failure names the chapter file and
//! line to edit.

pub mod drift;
pub mod mdbook_test;
pub mod miri;
pub mod outputs;
pub mod repeat;
pub mod snippets;

use std::sync::RwLock;

use libtest_mimic::{Failed, Trial};

/// Checks run side by side, except a listing whose output is about time:
/// it runs alone, so that the harness's own load does not make it late.
static QUIET: RwLock<()> = RwLock::new(());

/// A trial that runs `check` and reports its error as the failure.
pub fn trial(name: String, check: impl FnOnce() -> Result<(), String> + Send + 'static) -> Trial {
    Trial::test(name, move || {
        let _shared = QUIET.read().unwrap_or_else(|e| e.into_inner());
        check().map_err(Failed::from)
    })
}

/// A trial that runs alone: no other check of this harness runs meanwhile.
pub fn quiet_trial(
    name: String,
    check: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    Trial::test(name, move || {
        let _alone = QUIET.write().unwrap_or_else(|e| e.into_inner());
        check().map_err(Failed::from)
    })
}
