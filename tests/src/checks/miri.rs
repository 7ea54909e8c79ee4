//! The verify tier's Miri checks: every example and `#[test]` listing runs
//! under Miri, the interpreter that detects undefined behaviour (data races
//! in `unsafe` code, use after free, leaked threads, deadlocks), with the
//! flags of its `// miri:` line (see [`book_model::Listing::miri_plan`]).
//!
//! A listing must behave under Miri as in a normal run: the same exit
//! status, no report. A listing whose lesson is what Miri reports (a thread
//! left running, say) is marked `// miri: report`; the chapter shows the
//! report (`listings/output/NAME.miri.txt`), and this check compares it.

use std::fs;
use std::sync::OnceLock;

use book_model::{Kind, Listing, MiriPlan, Rule, Runner};
use libtest_mimic::Trial;

use crate::book::Book;
use book_model::verified::{Measured, VerifyCheck};

use crate::cache::{add_file, cache};
use crate::checks::outputs::{OutputCheck, checks};
use crate::checks::verified::measure;
use crate::checks::{CheckKind, ignored, trial};
use crate::expect::check_or_bless_in;
use crate::run::{command, copy_dir, limits, run_with_limit, stdout_of};

/// What the verify tier's summary says about Miri.
#[derive(Debug, Default)]
pub struct MiriSummary {
    pub run: usize,
    pub reports: usize,
    pub skipped: Vec<(String, String)>,
}

pub fn trials(book: &'static Book, summary: &mut MiriSummary) -> Vec<Trial> {
    let mut trials = Vec::new();
    for planned in plans(book) {
        let Planned {
            listing,
            plan,
            native,
            shown,
        } = planned;
        let name = listing.name.to_string();
        match &plan {
            MiriPlan::Skip { reason } => {
                summary
                    .skipped
                    .push((listing.name.to_string(), reason.clone()));
                trials.push(ignored(
                    CheckKind::Miri,
                    format!("{name} (skipped: {reason})"),
                ));
                continue;
            }
            MiriPlan::Report { .. } => summary.reports += 1,
            MiriPlan::Run { .. } => {}
        }
        summary.run += 1;
        trials.push(trial(CheckKind::Miri, name, move || {
            check(book, &listing, &plan, native.as_ref(), shown.as_ref())
        }));
    }
    trials
}

/// Every problem Miri finds in `book` (a fixture book of the harness's own
/// tests), listing by listing.
pub fn problems(book: &Book) -> Vec<String> {
    plans(book)
        .into_iter()
        .filter_map(|p| {
            check(
                book,
                &p.listing,
                &p.plan,
                p.native.as_ref(),
                p.shown.as_ref(),
            )
            .err()
        })
        .collect()
}

/// A listing that Miri runs (or skips), with its plan, the check of its
/// normal output, and the check of Miri's report if the book shows one.
struct Planned {
    listing: Listing,
    plan: MiriPlan,
    native: Option<OutputCheck>,
    shown: Option<OutputCheck>,
}

fn plans(book: &Book) -> Vec<Planned> {
    let (found, _) = checks(book);
    let mut plans = Vec::new();
    for listing in book
        .listings
        .iter()
        .filter(|l| book_model::proof::runs_under_miri(l.kind))
    {
        let source = book.read(&listing.file()).unwrap_or_default();
        let native = found
            .iter()
            .find(|c| c.listing == *listing && c.runner == Runner::Native)
            .cloned();
        let shown = found
            .iter()
            .find(|c| c.listing == *listing && c.runner == Runner::Miri)
            .cloned();
        plans.push(Planned {
            listing: listing.clone(),
            plan: Listing::miri_plan(&source),
            native,
            shown,
        });
    }
    plans
}

fn check(
    book: &Book,
    listing: &Listing,
    plan: &MiriPlan,
    native: Option<&OutputCheck>,
    shown: Option<&OutputCheck>,
) -> Result<(), String> {
    let (flags, report) = match plan {
        MiriPlan::Run { flags } => (flags, false),
        MiriPlan::Report { flags } => (flags, true),
        MiriPlan::Skip { .. } => return Ok(()),
    };
    let native = native.ok_or_else(|| {
        format!(
            "{} has no output block, so its arguments are unknown",
            listing.name
        )
    })?;
    match (report, shown) {
        (true, None) => {
            return Err(format!(
                "{} is marked `// miri: report`, but no chapter shows {}",
                listing.file().display(),
                listing
                    .expected_for(Runner::Miri)
                    .unwrap_or_default()
                    .display()
            ));
        }
        (false, Some(block)) => {
            return Err(format!(
                "{} shows Miri's report of {}, which is not marked `// miri: report`",
                block.location, listing.name
            ));
        }
        _ => {}
    }
    let mut fp = cache().fingerprint_for(book, "miri")?;
    fp.add("nightly", nightly()?);
    add_file(&mut fp, &book.root, &listing.file());
    fp.add_dir(&book.root.join(listing.data_dir()))
        .map_err(|e| e.to_string())?;
    fp.add(
        "how",
        format!("{flags:?} {:?} {:?}", native.args, native.should_panic),
    );
    if let Some(expected) = listing.expected_for(Runner::Miri).filter(|_| report) {
        add_file(&mut fp, &book.root, &expected);
    }
    let source = book.read(&listing.file())?;
    measure(book, &fp, listing, VerifyCheck::Miri, || {
        let run = run_miri(book, listing, flags, &native.args)?;
        let command_line = listing
            .miri_command_line(flags, &native.args)
            .unwrap_or_default();
        if report {
            if run.code == Some(0) {
                return Err(format!(
                    "{}: Miri reports nothing, but the book shows its report\n{}",
                    listing.name, run.output
                ));
            }
            let expected = listing
                .expected_for(Runner::Miri)
                .expect("examples and tests have outputs");
            let rule = shown.map_or(Rule::default(), |s| s.rule);
            check_or_bless_in(&book.root, &expected, &command_line, &run.output, rule)?;
            return Ok(Measured::today(nightly()?, &source));
        }
        let status = listing.kind.expected_status(native.should_panic);
        if run.code == Some(status) {
            Ok(Measured::today(nightly()?, &source))
        } else {
            Err(format!(
                "{} exited with {:?} under Miri, expected {status} as in a normal run:\n{command_line}\n{}",
                listing.name, run.code, run.output
            ))
        }
    })
}

/// Runs a listing under Miri, in an empty folder holding its data files.
/// The runs share one build ([`built`]) and then run side by side: cargo
/// holds its lock on `target/miri` only while it checks that the build is
/// fresh, not while Miri interprets the program.
fn run_miri(
    book: &Book,
    listing: &Listing,
    flags: &[String],
    args: &[String],
) -> Result<crate::run::Run, String> {
    built(book)?;
    run_miri_now(book, listing, flags, args)
}

/// Builds, once, everything the Miri runs need: the listings' and the
/// exercises' dependencies under Miri, and every example and test. For the
/// program itself, `cargo miri` writes down how to run it and Miri compiles
/// it when it runs, so this is the whole build; each later `cargo miri`
/// finds it fresh. Without it, the first runs would build the same
/// dependencies at once and wait for each other on cargo's lock.
///
/// A fixture book builds for each of its runs (in its own target folder,
/// where cargo finds the build fresh after the first).
pub fn built(book: &Book) -> Result<(), String> {
    static BUILT: OnceLock<Result<(), String>> = OnceLock::new();
    if !book.is_the_repository() {
        return build_for_miri(book);
    }
    BUILT.get_or_init(|| build_for_miri(book)).clone()
}

fn build_for_miri(book: &Book) -> Result<(), String> {
    let mut build = command("cargo");
    build
        .args([
            "+nightly", "miri", "test", "-q", "--no-run", "-p", "listings",
        ])
        .arg("--manifest-path")
        .arg(book.root.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &book.target)
        .env_remove("RUSTUP_TOOLCHAIN");
    for exercise in book_model::Exercise::discover(&book.root) {
        build.args(["-p", &exercise.name]);
    }
    let run = run_with_limit(build, limits::MIRI)
        .map_err(|e| format!("cargo +nightly miri test --no-run: {e}"))?;
    if run.code == Some(0) {
        Ok(())
    } else {
        Err(format!(
            "the listings and the exercises do not build under Miri \
             (cargo +nightly miri test --no-run):\n{}",
            run.output
        ))
    }
}

fn run_miri_now(
    book: &Book,
    listing: &Listing,
    flags: &[String],
    args: &[String],
) -> Result<crate::run::Run, String> {
    let dir = book.work.join("miri-runs").join(listing.name.as_str());
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    copy_dir(&book.root.join(listing.data_dir()), &dir).map_err(|e| e.to_string())?;
    let (verb, target) = if listing.kind == Kind::Test {
        ("test", "--test")
    } else {
        ("run", "--example")
    };
    let mut miri = command("cargo");
    miri.args([
        "+nightly",
        "miri",
        verb,
        "-q",
        "-p",
        "listings",
        target,
        listing.name.as_str(),
    ])
    .arg("--manifest-path")
    .arg(book.root.join("Cargo.toml"))
    .env("CARGO_TARGET_DIR", &book.target)
    .env("MIRIFLAGS", flags.join(" "))
    .env_remove("RUSTUP_TOOLCHAIN")
    .current_dir(&dir);
    if !args.is_empty() {
        miri.arg("--").args(args);
    }
    let run = run_with_limit(miri, limits::MIRI).map_err(|e| format!("{}: {e}", listing.name));
    let _ = fs::remove_dir_all(&dir);
    run
}

/// The nightly toolchain Miri comes with, as `rustc -vV` describes it.
fn nightly() -> Result<&'static str, String> {
    static NIGHTLY: OnceLock<Result<String, String>> = OnceLock::new();
    NIGHTLY
        .get_or_init(|| {
            let mut rustc = command("rustc");
            rustc
                .args(["+nightly", "-vV"])
                .env_remove("RUSTUP_TOOLCHAIN");
            stdout_of(rustc, "rustc +nightly -vV")
        })
        .as_ref()
        .map(String::as_str)
        .map_err(Clone::clone)
}
