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
use std::path::Path;
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
    let cut = "the starter cut from";
    starter_file_is(book, &exercise.starter(), cut, &exercise.solution(), wanted)?;
    // The files the reader is given as they are: the starter keeps a copy.
    for given in exercise.given(&book.root) {
        let wanted = book.read(&given)?;
        starter_file_is(
            book,
            &exercise.starter_copy(&given),
            "a copy of",
            &given,
            wanted,
        )?;
    }
    Ok(())
}

/// Checks that the starter's file `path` holds `wanted`, which is `what`
/// `from` (or, while blessing, writes it).
fn starter_file_is(
    book: &Book,
    path: &Path,
    what: &str,
    from: &Path,
    wanted: String,
) -> Result<(), String> {
    let full = book.root.join(path);
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
        "{} is not {what} {} (they differ from line {}): \
         run `cargo xtask bless` and review the diff",
        path.display(),
        from.display(),
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
    for file in [exercise.solution(), exercise.dir().join("Cargo.toml")]
        .into_iter()
        .chain(exercise.given(&book.root))
        .chain(exercise.test_files(&book.root))
    {
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
        exercise.dir().join("Cargo.toml"),
        exercise.dir().join("starter/Cargo.toml"),
    ]
    .into_iter()
    .chain(exercise.test_files(&book.root))
    {
        add_file(fp, &book.root, &file);
    }
    // The files the reader is given, and the starter's copies of them.
    for given in exercise.given(&book.root) {
        add_file(fp, &book.root, &exercise.starter_copy(&given));
        add_file(fp, &book.root, &given);
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

/// The verify tier's loom graders. For each exercise that has one
/// (`tests/loom.rs`), the grader passes the solution, rejects each wrong
/// solution (`wrong/CASE.rs`) with the text its page shows
/// (`wrong/CASE.txt`), and passes each wrong solution whose mistake loom
/// cannot show (`missed/CASE.rs`), as the page says. Each runs as a reader
/// runs it: in the exercises workspace readers download, with the code as
/// the reader's `src/lib.rs`, and the command the exercise's page gives.
pub fn grader_trials(book: &'static Book) -> Vec<Trial> {
    let mut trials = Vec::new();
    for exercise in Exercise::discover(&book.root) {
        if !exercise.has_grader(&book.root) {
            continue;
        }
        let right = exercise.clone();
        trials.push(trial(
            CheckKind::Grader,
            format!("{}: the solution passes", exercise.name),
            move || grader_passes(book, &right),
        ));
        for missed in exercise.missed_solutions(&book.root) {
            let exercise = exercise.clone();
            trials.push(trial(
                CheckKind::Grader,
                format!(
                    "{}: {} passes (loom cannot show its mistake)",
                    exercise.name,
                    missed.display()
                ),
                move || grader_misses(book, &exercise, &missed),
            ));
        }
        for wrong in exercise.wrong_solutions(&book.root) {
            let exercise = exercise.clone();
            trials.push(trial(
                CheckKind::Grader,
                format!("{}: {} is rejected", exercise.name, wrong.display()),
                move || grader_rejects(book, &exercise, &wrong),
            ));
        }
    }
    trials
}

fn grader_passes(book: &Book, exercise: &Exercise) -> Result<(), String> {
    let solution = exercise.solution();
    graded(book, exercise, &solution, "solution", |run| {
        let verdicts = test_verdicts(&run.output);
        if run.code == Some(0) && !verdicts.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{}: the grader (`{}` in the exercises workspace) fails on the solution, {}, or \
             runs no test:\n{}",
            exercise.grader().display(),
            exercise.grader_command(),
            solution.display(),
            run.output
        ))
    })
}

/// A mistake that loom cannot show (`missed/CASE.rs`) passes the grader,
/// as the exercise's page says: if it fails, the page is wrong.
fn grader_misses(book: &Book, exercise: &Exercise, missed: &Path) -> Result<(), String> {
    let case = missed
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    graded(book, exercise, missed, &format!("missed-{case}"), |run| {
        if run.code == Some(0) && !test_verdicts(&run.output).is_empty() {
            return Ok(());
        }
        Err(format!(
            "{}: the grader (`{}` in the exercises workspace) fails on this wrong solution, \
             which the exercise's page says it cannot reject: if the grader now catches the \
             mistake, move the file to wrong/, add the message it prints as wrong/{case}.txt, \
             and change the page (or, if it did not build, make it build). The grader \
             printed:\n{}",
            missed.display(),
            exercise.grader_command(),
            run.output
        ))
    })
}

fn grader_rejects(book: &Book, exercise: &Exercise, wrong: &Path) -> Result<(), String> {
    let message = book_model::grader_message(wrong);
    let expected = book.read(&message)?;
    let case = wrong
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    graded(book, exercise, wrong, &case, |run| {
        if run.code == Some(0) {
            return Err(format!(
                "{}: the grader (`{}` in the exercises workspace) does not reject this wrong \
                 solution: make {} explore the order of the threads in which it fails:\n{}",
                wrong.display(),
                exercise.grader_command(),
                exercise.grader().display(),
                run.output
            ));
        }
        // A grader that fails exits from its panic hook, with no verdict
        // line: what it printed is the verdict.
        if !run.output.contains(expected.trim_end()) {
            return Err(format!(
                "{}: the grader fails on {}, but its output does not contain this file's text, \
                 which the exercise's page shows: make the file and the grader's message in {} \
                 agree (or, if it did not build, make it build). The grader printed:\n{}",
                message.display(),
                wrong.display(),
                exercise.grader().display(),
                run.output
            ));
        }
        Ok(())
    })
}

/// Runs the grader of `exercise` on `code` (a solution, right or wrong) as
/// the reader's `src/lib.rs` in the exercises workspace, written into a
/// folder of its own for `case`, and judges the run with `judge`. The
/// verdict is reused while the workspace and the expected texts are the
/// same. The graders build in the loom models' target folder, one at a time.
fn graded(
    book: &Book,
    exercise: &Exercise,
    code: &Path,
    case: &str,
    judge: impl FnOnce(&crate::run::Run) -> Result<(), String>,
) -> Result<(), String> {
    let out = book
        .work
        .join("graders")
        .join(format!("{}-{case}", exercise.name));
    let dir = book_model::write_reader_workspace(&book.root, &out)?;
    let lib = dir.join(&exercise.name).join("src/lib.rs");
    let code = book.read(code)?;
    let write_lib = || fs::write(&lib, &code).map_err(|e| format!("{}: {e}", lib.display()));
    write_lib()?;
    let mut fp = cache().fingerprint_for(book, "grader")?;
    fp.add_dir(&dir).map_err(|e| e.to_string())?;
    for wrong in exercise.wrong_solutions(&book.root) {
        add_file(&mut fp, &book.root, &book_model::grader_message(&wrong));
    }
    cache().reuse_or_run(&fp, || {
        let _turn = crate::checks::outputs::LOOM_TARGET
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        // cargo names the package's build alike in every case's workspace
        // (it hashes a member's path from its workspace's root) and judges
        // it fresh by modification times: written again now, after the
        // last case's build, `lib.rs` is newer than that build.
        write_lib()?;
        let mut test = command("cargo");
        test.args(["test", "--offline", "--release", "-p", &exercise.name])
            .args(["--test", "loom"])
            .current_dir(&dir)
            .env("RUSTFLAGS", "--cfg loom")
            // Each case compiles the exercise and its grader again, and the
            // compiling, not loom's search, is most of a case's time: on 2
            // CPUs, lazy-config's grader took 6.2 s to build and 0.45 s to
            // run at the release profile's opt-level 3, and 2.3 s and 0.41 s
            // at opt-level 1. A verdict does not depend on it: loom explores
            // the same orders at any optimisation (only the frames on loom's
            // 32 KiB thread stacks grow, and an overflow would fail the
            // check, not pass it). The reader's command, in the pages, keeps
            // `--release` as it is.
            .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
            .env("CARGO_TARGET_DIR", book.target.join("loom"));
        let run = run_with_limit(test, limits::BUILD)
            .map_err(|e| format!("`{}` in {}: {e}", exercise.grader_command(), dir.display()))?;
        judge(&run)
    })
}
