//! The verify tier: the deep checks that are too slow for every run of
//! `cargo xtask test` (`cargo xtask verify` runs them):
//!
//! * every example and `#[test]` listing under Miri (`checks::miri`);
//! * every listing whose output varies, run many times, half of them with
//!   every core busy (`checks::repeat`);
//! * the loom models of the book's synchronisation claims, whose reports
//!   the book shows (`checks::outputs::verify_trials`);
//! * the exercises: each solution's tests under Miri, and each loom grader
//!   on its solution (it must pass) and on its wrong solutions (it must
//!   reject each with the text the exercise's page shows), run in the
//!   exercises workspace readers download (`checks::exercises`);
//! * the workspaces readers download, their own packages compiled afresh
//!   (`checks::downloads`);
//! * these checks (not the loom models) on the fixture books of
//!   `tests/fixtures/verify/`, each of which must fail with the messages
//!   its `case.toml` lists (`checks::fixtures::VERIFY`).
//!
//! When every trial it ran passed, it writes what they measured to
//! `listings/records/verified.toml` (`checks::verified`), keeping the
//! entries of the listings and checks it did not run.
//!
//! `BOOK_BLESS=1` rewrites the Miri reports the book shows.

use std::process::ExitCode;

use book_tests::book::book;
use book_tests::cache::cache;
use book_tests::checks::miri::MiriSummary;
use book_tests::checks::{
    CheckKind, downloads, exercises, fixtures, miri, outputs, repeat, trial, verified,
};
use libtest_mimic::{Arguments, Trial};

fn main() -> ExitCode {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    let mut summary = MiriSummary::default();
    match book() {
        Ok(book) => {
            let (alone, repeated) = repeat::trials(book);
            let mut others = miri::trials(book, &mut summary);
            others.extend(exercises::verify_trials(book));
            others.extend(repeated);
            others.extend(downloads::verify_trials(book));
            // The fixture books of the verify tier's checks, with the others.
            others.extend(fixtures::suite_trials(&fixtures::VERIFY));
            // The graders build in the models' target folder, one at a
            // time with them.
            let mut serial = outputs::verify_trials(book);
            serial.extend(exercises::grader_trials(book));
            trials = schedule(alone, serial, others);
        }
        Err(e) => trials.push(trial(CheckKind::Setup, "the book loads", move || Err(e))),
    }
    // What this run selects (after the filter), by kind: in the verify
    // tier, the output checks are the loom models'.
    let selected = |kind: CheckKind| {
        trials
            .iter()
            .filter(|t| !args.is_filtered_out(t) && CheckKind::of(t.name()) == Some(kind))
            .count()
    };
    let repeated = selected(CheckKind::Repeat);
    let models = selected(CheckKind::Output);
    let enumerations = selected(CheckKind::Outcomes);
    let exercises = selected(CheckKind::MiriExercise);
    let graders = selected(CheckKind::Grader);
    let conclusion = libtest_mimic::run(&args, trials);
    // The record, once every trial this run selected has passed.
    let record = match book() {
        Ok(book) if !args.list && !conclusion.has_failed() => Some(verified::write(book)),
        _ => None,
    };
    if !args.list {
        let skipped: Vec<String> = summary
            .skipped
            .iter()
            .map(|(name, why)| format!("{name} ({why})"))
            .collect();
        println!(
            "verify: {} listings under Miri, {} of them checked against the report the book shows; \
             not under Miri: {}",
            summary.run,
            summary.reports,
            if skipped.is_empty() {
                "none".to_string()
            } else {
                skipped.join(", ")
            }
        );
        println!(
            "verify: {exercises} exercise solutions' tests under Miri; {graders} runs of the \
             exercises' loom graders (on each solution, which must pass, on each wrong \
             solution, which must fail with the message its page shows, and on each mistake \
             loom cannot show, which must pass); the downloads (the \
             exercises and the listings workspaces) built, every package of theirs compiled \
             afresh, and tried"
        );
        let together = repeat::TOGETHER.lock().unwrap_or_else(|e| e.into_inner());
        if !together.is_empty() {
            println!(
                "verify: the runs of these listings about time, off a CPU for most of a run, ran {} \
                 at a time: {}",
                repeat::AT_ONCE,
                together.join(", ")
            );
        }
        let seen = repeat::SEEN.lock().unwrap_or_else(|e| e.into_inner());
        let distinct: Vec<String> = seen.iter().map(|(name, n)| format!("{name} {n}")).collect();
        println!(
            "verify: {repeated} varying listings run {} times each, half under load{}",
            2 * repeat::RUNS,
            if distinct.is_empty() {
                " (all reused)".to_string()
            } else {
                format!("; distinct outputs seen: {}", distinct.join(", "))
            }
        );
        println!(
            "verify: {models} loom models run, their reports compared with the book; \
             {enumerations} of them list every possible output of a listing, and \
             {} runs of that listing each gave one of them",
            enumerations * 2 * repeat::RUNS
        );
        println!("{}", cache().summary());
    }
    match record {
        Some(Ok(summary)) => println!("{summary}"),
        Some(Err(e)) => {
            eprintln!("verify: the record was not written: {e}");
            return ExitCode::FAILURE;
        }
        None => {}
    }
    conclusion.exit_code()
}

/// The order the trials start in. libtest-mimic hands them out in order to
/// as many threads as the machine has cores, so the order decides how busy
/// the cores are:
///
/// * first the runs that need the machine to themselves (`alone`): at the
///   start, they wait for nothing;
/// * then the loom models and the exercises' graders (`serial`), which run
///   one at a time (they share a target folder): the first two together,
///   so that the first, which builds loom and its dependencies, has the
///   machine to itself as it had when the models ran first; the others
///   spread evenly among the `others`, so that one thread is in a model
///   while the other works through the rest, instead of both waiting on the
///   same model;
/// * the `others` in the order given: the Miri runs (the first builds what
///   they all share), the short repeated runs, and last the downloads, which
///   compile their own packages afresh once Miri is done.
fn schedule(alone: Vec<Trial>, serial: Vec<Trial>, others: Vec<Trial>) -> Vec<Trial> {
    let mut serial = serial.into_iter();
    let mut order = alone;
    order.extend(serial.by_ref().take(2));
    let every = (others.len() / (serial.len() + 1)).max(1);
    for (i, trial) in others.into_iter().enumerate() {
        if i % every == every - 1 {
            order.extend(serial.next());
        }
        order.push(trial);
    }
    order.extend(serial);
    order
}
