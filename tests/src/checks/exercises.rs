//! The exercises (`listings/exercises/NAME/`, see [`book_model::Exercise`]).
//!
//! For each exercise, the harness checks that
//!
//! * its tests pass on the solution (`cargo test -p NAME`);
//! * the starter the reader sees is the solution with its `// starter:`
//!   parts cut out, as `cargo xtask bless` last wrote it;
//! * every one of the exercise's tests fails on that starter, which must
//!   compile: a test that passes before the reader has written anything
//!   checks nothing; and the starter's library compiles without warnings,
//!   which readers would otherwise see before they write a line (this is
//!   part of the same check, which builds the starter once).

use std::fs;
use std::sync::Mutex;

use book_model::{Exercise, Listing, MiriPlan, cut_starter};
use libtest_mimic::Trial;

use crate::book::Book;
use crate::cache::{add_file, cache};
use crate::checks::{CheckKind, trial};
use crate::expect::blessing;
use crate::run::{command, limits, run_with_limit};

/// The three checks of an exercise: what each is about, and the check.
type ExerciseCheck = fn(&Book, &Exercise) -> Result<(), String>;
const CHECKS: [(&str, ExerciseCheck); 3] = [
    ("the starter is cut from the solution", starter_is_cut),
    ("the solution passes its tests", solution_passes),
    ("every test fails on the starter", tests_fail_on_starter),
];

pub fn trials(book: &'static Book) -> Vec<Trial> {
    let mut trials = Vec::new();
    for exercise in Exercise::discover(&book.root) {
        for (what, check) in CHECKS {
            let exercise = exercise.clone();
            trials.push(trial(
                CheckKind::Exercise,
                format!("{}: {what}", exercise.name),
                move || check(book, &exercise),
            ));
        }
    }
    trials
}

/// Every problem the exercises' checks find in `book` (a fixture book of
/// the harness's own tests), in the order of [`trials`].
pub fn problems(book: &Book) -> Vec<String> {
    let mut problems = Vec::new();
    for exercise in Exercise::discover(&book.root) {
        for (_, check) in CHECKS {
            problems.extend(check(book, &exercise).err());
        }
    }
    problems
}

fn starter_is_cut(book: &Book, exercise: &Exercise) -> Result<(), String> {
    let solution = fs::read_to_string(book.root.join(exercise.solution()))
        .map_err(|e| format!("{}: {e}", exercise.solution().display()))?;
    let wanted =
        cut_starter(&solution).map_err(|e| format!("{}: {e}", exercise.solution().display()))?;
    let path = exercise.starter();
    let full = book.root.join(&path);
    if blessing() {
        if fs::read_to_string(&full).ok().as_deref() != Some(wanted.as_str()) {
            fs::write(&full, &wanted).map_err(|e| format!("{}: {e}", path.display()))?;
            println!("blessed {}", path.display());
        }
        return Ok(());
    }
    let actual = fs::read_to_string(&full).unwrap_or_default();
    if actual == wanted {
        return Ok(());
    }
    let line = actual
        .lines()
        .zip(wanted.lines())
        .position(|(a, w)| a != w)
        .unwrap_or_else(|| actual.lines().count().min(wanted.lines().count()));
    Err(format!(
        "{} is not the starter cut from {} (they differ from line {}): \
         run `cargo xtask bless` and review the diff",
        path.display(),
        exercise.solution().display(),
        line + 1
    ))
}

/// The verify tier's checks of the exercises: each solution's tests under
/// Miri (with the flags of a `// miri:` line in the solution). The workspace
/// readers download is checked by `checks::downloads`.
pub fn verify_trials(book: &'static Book) -> Vec<Trial> {
    let mut trials = Vec::new();
    for exercise in Exercise::discover(&book.root) {
        let name = exercise.name.clone();
        trials.push(trial(CheckKind::MiriExercise, name, move || {
            solution_under_miri(book, &exercise)
        }));
    }
    trials
}

/// Every problem the verify tier's exercise checks find in `book` (a
/// fixture book of the harness's own tests).
pub fn miri_problems(book: &Book) -> Vec<String> {
    Exercise::discover(&book.root)
        .iter()
        .filter_map(|exercise| solution_under_miri(book, exercise).err())
        .collect()
}

fn solution_under_miri(book: &Book, exercise: &Exercise) -> Result<(), String> {
    let source = fs::read_to_string(book.root.join(exercise.solution()))
        .map_err(|e| format!("{}: {e}", exercise.solution().display()))?;
    let flags = match Listing::miri_plan(&source) {
        MiriPlan::Run { flags } => flags,
        MiriPlan::Skip { .. } | MiriPlan::Report { .. } => {
            return Err(format!(
                "{}: an exercise's solution runs under Miri, with flags at most",
                exercise.solution().display()
            ));
        }
    };
    let mut fp = cache().fingerprint_for(book, "miri exercise")?;
    for file in [
        exercise.solution(),
        exercise.tests(),
        exercise.dir().join("Cargo.toml"),
    ] {
        add_file(&mut fp, &book.root, &file);
    }
    cache().reuse_or_run(&fp, || {
        let mut miri = command("cargo");
        miri.args(["+nightly", "miri", "test", "-q", "-p", &exercise.name])
            .arg("--manifest-path")
            .arg(book.root.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &book.target)
            .env("MIRIFLAGS", flags.join(" "))
            .env_remove("RUSTUP_TOOLCHAIN");
        // The build is shared with the listings' Miri runs (see
        // `checks::miri::built`); this run only checks that it is fresh.
        crate::checks::miri::built(book)?;
        let run = run_with_limit(miri, limits::MIRI).map_err(|e| e.to_string())?;
        if run.code == Some(0) {
            Ok(())
        } else {
            Err(format!(
                "the tests of {} fail under Miri (MIRIFLAGS={:?}):\n{}",
                exercise.name,
                flags.join(" "),
                run.output
            ))
        }
    })
}

/// The `test NAME ... ok` and `test NAME ... FAILED` lines of a test run.
pub fn test_verdicts(output: &str) -> Vec<&str> {
    output
        .lines()
        .filter(|l| l.starts_with("test ") && (l.ends_with(" ok") || l.ends_with(" FAILED")))
        .collect()
}

/// The files an exercise's verdicts depend on, besides its starter.
fn add_exercise_files(fp: &mut book_model::Fingerprint, book: &Book, exercise: &Exercise) {
    for file in [
        exercise.solution(),
        exercise.tests(),
        exercise.dir().join("Cargo.toml"),
        exercise.dir().join("starter/Cargo.toml"),
    ] {
        add_file(fp, &book.root, &file);
    }
}

/// Runs `cargo test -p PACKAGE` in `book`, one cargo at a time in the
/// shared target folder.
fn cargo_test(book: &Book, package: &str) -> Result<crate::run::Run, String> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut test = book.cargo();
    test.args(["test", "--locked", "--no-fail-fast", "-p", package]);
    run_with_limit(test, limits::BUILD).map_err(|e| e.to_string())
}

fn solution_passes(book: &Book, exercise: &Exercise) -> Result<(), String> {
    let mut fp = cache().fingerprint_for(book, "solution passes")?;
    add_exercise_files(&mut fp, book, exercise);
    cache().reuse_or_run(&fp, || {
        let run = cargo_test(book, &exercise.name)?;
        if run.code == Some(0) {
            Ok(())
        } else {
            Err(format!(
                "the solution of {} fails its tests ({}):\n{}",
                exercise.name,
                exercise.command(),
                run.output
            ))
        }
    })
}

fn tests_fail_on_starter(book: &Book, exercise: &Exercise) -> Result<(), String> {
    let mut fp = cache().fingerprint_for(book, "starter fails")?;
    add_exercise_files(&mut fp, book, exercise);
    add_file(&mut fp, &book.root, &exercise.starter());
    cache().reuse_or_run(&fp, || {
        let run = cargo_test(book, &exercise.starter_package())?;
        let results = test_verdicts(&run.output);
        let passed: Vec<&str> = results
            .iter()
            .copied()
            .filter(|l| l.ends_with(" ok"))
            .collect();
        // Tests that pass say so first: when all of them pass, the run
        // succeeds too, and "did not run its tests to failure" would send
        // the contributor looking for a build error.
        if !passed.is_empty() {
            return Err(format!(
                "these tests of {} pass on the starter, before the reader writes anything:\n  {}",
                exercise.tests().display(),
                passed.join("\n  ")
            ));
        }
        if results.is_empty() || run.code == Some(0) {
            return Err(format!(
                "the starter of {} did not run its tests to failure (does it compile?):\n{}",
                exercise.name, run.output
            ));
        }
        // cargo prints (or replays, when the build is fresh) this summary
        // line after a crate's warnings.
        let warned = format!("warning: `{}` (lib) generated", exercise.starter_package());
        if run.output.contains(&warned) {
            return Err(format!(
                "the starter of {} compiles with warnings, which readers see before they \
                 write anything; mark what it leaves unused in {} (a `// starter:` line with \
                 an `#![allow(…)]`, as the latch exercise does) and run `cargo xtask bless {}`:\n{}",
                exercise.name,
                exercise.solution().display(),
                exercise.name,
                run.output
            ));
        }
        Ok(())
    })
}
