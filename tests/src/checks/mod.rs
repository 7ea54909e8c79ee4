//! One module per kind of check. Each gives the harness its trials; a trial
//! is named after what it checks, and its failure names the chapter file and
//! line to edit.

pub mod downloads;
pub mod drift;
pub mod exercises;
pub mod fixtures;
pub mod mdbook_test;
pub mod miri;
pub mod outputs;
pub mod proof;
pub mod repeat;
pub mod snippets;
pub mod verified;

use std::sync::RwLock;

use std::fmt::Display;

pub use book_model::CheckKind;
use libtest_mimic::{Failed, Trial};

/// Turns at the machine: most trials share it; a trial that judges time
/// under a load of its own has it to itself (see [`trial_alone`]).
static TURNS: RwLock<()> = RwLock::new(());

/// A trial of `kind` about `what` (named [`CheckKind::name`]) that runs
/// `check` and reports its error as the failure.
pub fn trial(
    kind: CheckKind,
    what: impl Display,
    check: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    let name = kind.name(what);
    Trial::test(name.clone(), move || {
        let _shared = TURNS.read().unwrap_or_else(|e| e.into_inner());
        timed(&name, check).map_err(Failed::from)
    })
}

/// A trial that runs while no other trial does: the verify tier's repeated
/// runs of a listing whose verdicts are about time, half of them with a
/// spinning thread on every core. Beside another such load, or a Miri run,
/// the machine would be busier than the load the book promises.
pub fn trial_alone(
    kind: CheckKind,
    what: impl Display,
    check: impl FnOnce() -> Result<(), String> + Send + 'static,
) -> Trial {
    let name = kind.name(what);
    Trial::test(name.clone(), move || {
        let _alone = TURNS.write().unwrap_or_else(|e| e.into_inner());
        timed(&name, check).map_err(Failed::from)
    })
}

/// A trial of `kind` about `what` that is listed but not run.
pub fn ignored(kind: CheckKind, what: impl Display) -> Trial {
    Trial::test(kind.name(what), || Ok(())).with_ignored_flag(true)
}

/// Runs a trial's check; with `BOOK_TRIAL_TIMINGS=1` in the environment,
/// also prints how long it took (to find where a slow run spends its time).
fn timed(name: &str, check: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    let started = std::time::Instant::now();
    let result = check();
    if book_model::Setting::TrialTimings.is_on() {
        eprintln!("[{:7.2} s] {name}", started.elapsed().as_secs_f64());
    }
    result
}
