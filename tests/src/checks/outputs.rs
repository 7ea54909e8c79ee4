//! Every output block and every compiler message the book shows, produced
//! again and compared (see [`crate::expect`]).
//!
//! An output block (```` ```text,output ````) or a compiler-message block
//! (```` ```text,compiler_error ````) includes one file,
//! `listings/output/NAME.txt`: the command line, then what it printed. NAME
//! names the listing, and its kind says how it runs (see
//! [`book_model::Kind`]):
//!
//! * an example runs in an empty directory, into which `listings/data/NAME/`
//!   is copied, with the arguments of its `// args:` line; it must exit with
//!   0, or with 101 when its code block is marked `should_panic`;
//! * a `#[test]` listing runs as `cargo test -q` runs it, and must pass;
//! * a compile-fail listing is built with `cargo build -q -p compile-fail
//!   --bin NAME`, against the listings' real dependencies, and must fail.

use std::fs;
use std::sync::Mutex;

use book_model::verified::{Measured, VerifyCheck};
use book_model::{Kind, Listing, Rule, Runner};
use libtest_mimic::Trial;

use crate::book::{Block, Book};
use crate::cache::{add_file, cache};
use crate::cargo as build;
use crate::checks::verified::measure;
use crate::checks::{CheckKind, trial};
use crate::expect::check_or_bless_in;
use crate::run::{cargo, command, copy_dir, limits, run_with_limit};

/// One output or compiler-message block and the listing it shows.
#[derive(Debug, Clone)]
pub struct OutputCheck {
    /// Where the block is (`src/ch02-threads.md:42`).
    pub location: String,
    pub listing: Listing,
    /// What produced the output: the program itself (fast tier), or Miri
    /// (`NAME.miri.txt`, verify tier).
    pub runner: Runner,
    pub rule: Rule,
    pub should_panic: bool,
    pub args: Vec<String>,
}

/// Every output block, and every problem with one (a malformed block fails
/// as a trial of its own, named after its place).
pub fn checks(book: &Book) -> (Vec<OutputCheck>, Vec<(String, String)>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for block in book
        .blocks()
        .filter(|b| b.info.is_output() || b.info.is_compiler_error())
        // A word the harness does not know fails as a `fence` trial.
        .filter(|b| b.info.known().is_ok())
    {
        match output_check(book, block) {
            Ok(check) => found.push(check),
            Err(e) => problems.push((block.location(), e)),
        }
    }
    (found, problems)
}

fn output_check(book: &Book, block: &Block) -> Result<OutputCheck, String> {
    let [include] = block.includes.as_slice() else {
        return Err(
            "an output block must hold exactly one {{#include ../listings/output/NAME.txt}}".into(),
        );
    };
    let (name, runner) = Runner::of_expected(&include.path)
        .filter(|_| include.anchor.is_none())
        .ok_or_else(|| {
            format!(
                "{} must include a whole file from listings/output/",
                include.directive
            )
        })?;
    let listing = book
        .listings
        .iter()
        .find(|l| l.name.as_str() == name && l.kind.has_expected_output())
        .ok_or_else(|| {
            format!(
                "{} belongs to no listing: no {name}.rs in a listings folder",
                include.path.display()
            )
        })?
        .clone();
    match (block.info.is_compiler_error(), listing.kind) {
        (_, Kind::CompileFail) if runner == Runner::Miri => {
            return Err(format!("{name} does not compile, so Miri cannot run it"));
        }
        (true, Kind::CompileFail) | (false, Kind::Example | Kind::Test | Kind::Model) => {}
        (true, _) => {
            return Err(format!(
                "a compiler_error block shows {name}, which is not a compile-fail listing"
            ));
        }
        (false, _) => {
            return Err(format!(
                "{name} does not compile; show its message in a `text,compiler_error` block"
            ));
        }
    }
    let rule = block.info.rule()?;
    let code = book
        .chapters
        .iter()
        .filter(|c| c.file == block.chapter)
        .flat_map(|c| &c.blocks)
        .find(|b| b.info.is_rust() && b.listing().as_ref() == Some(&listing))
        .ok_or_else(|| format!("the chapter shows the output of {name} but not its code"))?;
    let source = book.read(&listing.file())?;
    Ok(OutputCheck {
        runner,
        location: block.location(),
        should_panic: code.info.has("should_panic"),
        args: Listing::args_in(&source),
        listing,
        rule,
    })
}

/// Every fence whose info string holds a word that rustdoc, mdBook and the
/// harness do not know for its language (see [`book_model::InfoString::known`]),
/// with the problem: a typo there turns a check off without a word.
pub fn fence_problems(book: &Book) -> Vec<(String, String)> {
    book.blocks()
        .filter_map(|b| Some((b.location(), b.info.known().err()?)))
        .collect()
}

/// The fast tier's output checks. What Miri prints (`checks::miri`) and
/// what the loom models print are checked by the verify tier
/// ([`verify_trials`]); a malformed block fails here, in the fast tier.
pub fn trials(book: &'static Book) -> Vec<Trial> {
    let (found, problems) = checks(book);
    let mut trials: Vec<Trial> = problems
        .into_iter()
        .map(|(location, problem)| {
            trial(CheckKind::Output, location.clone(), move || {
                Err(format!("{location}: {problem}"))
            })
        })
        .collect();
    trials.extend(fence_problems(book).into_iter().map(|(location, problem)| {
        trial(CheckKind::Fence, location.clone(), move || {
            Err(format!("{location}: {problem}"))
        })
    }));
    let fast = found
        .into_iter()
        .filter(|c| book_model::proof::compared_in_fast_tier(c.listing.kind, c.runner));
    trials.extend(fast.map(|check| output_trial(book, check)));
    trials
}

/// Every problem the fast tier's output and fence checks find in `book`
/// (a fixture book of the harness's own tests), as (kind, message), in the
/// order of the book.
pub fn problems(book: &Book) -> Vec<(CheckKind, String)> {
    let (found, problems) = checks(book);
    let mut all: Vec<(CheckKind, String)> = problems
        .into_iter()
        .map(|(location, problem)| (CheckKind::Output, format!("{location}: {problem}")))
        .collect();
    all.extend(
        fence_problems(book)
            .into_iter()
            .map(|(location, problem)| (CheckKind::Fence, format!("{location}: {problem}"))),
    );
    all.extend(
        found
            .iter()
            .filter(|c| book_model::proof::compared_in_fast_tier(c.listing.kind, c.runner))
            .filter_map(|check| Some((CheckKind::Output, run_check(book, check).err()?))),
    );
    all
}

/// The verify tier's output checks: the loom models.
pub fn verify_trials(book: &'static Book) -> Vec<Trial> {
    let (found, _) = checks(book);
    found
        .into_iter()
        .filter(|c| book_model::proof::compared_in_verify_tier(c.listing.kind, c.runner))
        .map(|check| output_trial(book, check))
        .collect()
}

fn output_trial(book: &'static Book, check: OutputCheck) -> Trial {
    let what = format!("{} ({})", check.listing.name, check.location);
    trial(CheckKind::Output, what, move || run_check(book, &check))
}

fn run_check(book: &Book, check: &OutputCheck) -> Result<(), String> {
    let listing = &check.listing;
    let expected = listing
        .expected()
        .expect("listings with output blocks have expected files");
    let mut fp = cache().fingerprint_for(book, "output")?;
    add_file(&mut fp, &book.root, &listing.file());
    add_file(&mut fp, &book.root, &expected);
    fp.add_dir(&book.root.join(listing.data_dir()))
        .map_err(|e| e.to_string())?;
    fp.add(
        "how",
        format!("{:?} {:?} {:?}", check.rule, check.should_panic, check.args),
    );
    let place = format!("{} (shown at {})", expected.display(), check.location);
    let compare = || {
        let run = match listing.kind {
            Kind::CompileFail => build_compile_fail(book, listing),
            Kind::Model => run_model(listing),
            _ => run_program_in(book, check),
        }
        .map_err(|e| format!("{place}: {} {e}", listing.name))?;
        let status = listing.kind.expected_status(check.should_panic);
        if run.code != Some(status) {
            let what = match (listing.kind, status) {
                (Kind::CompileFail, _) => "the book says it does not compile",
                (_, 101) => "the book marks it should_panic",
                _ => "the book shows a normal run",
            };
            return Err(format!(
                "{place}: {} exited with {:?}, but {what} (expected status {status})\n{}",
                listing.name, run.code, run.output
            ));
        }
        check_or_bless_in(
            &book.root,
            &expected,
            &listing.command_line(&check.args),
            &run.output,
            check.rule,
        )
        .map_err(|e| format!("{place}:\n{e}"))
    };
    if !book_model::proof::compared_in_verify_tier(listing.kind, check.runner) {
        return cache().reuse_or_run(&fp, compare);
    }
    // A loom model: the verify tier records its run.
    let source = book.read(&listing.file())?;
    measure(book, &fp, listing, VerifyCheck::Loom, || {
        compare()?;
        Ok(Measured::today(
            &crate::cache::toolchain()?.verbose_version,
            &source,
        ))
    })
}

/// Runs an example or a `#[test]` listing of `book` in an empty directory.
pub fn run_program_in(book: &Book, check: &OutputCheck) -> Result<crate::run::Run, String> {
    let listing = &check.listing;
    let built = build::listings_of(book)?;
    let exe = built
        .executables
        .get(&(listing.kind, listing.name.to_string()))
        .ok_or_else(|| format!("cargo built no {:?} named {}", listing.kind, listing.name))?;
    // A folder of its own for each run: the verify tier runs the same
    // listing from several checks at once (repeated runs, outcome checks).
    static RUN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = book
        .work
        .join("runs")
        .join(format!("{}-{}-{run}", listing.name, std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    copy_dir(&book.root.join(listing.data_dir()), &dir).map_err(|e| e.to_string())?;
    let mut program = command(exe);
    if listing.kind == Kind::Test {
        // What `cargo test -q` passes on to the test binary.
        program.arg("--quiet");
    }
    program.args(&check.args).current_dir(&dir);
    let run = run_with_limit(program, limits::PROGRAM).map_err(|e| {
        if e.kind() == std::io::ErrorKind::TimedOut {
            // The other checks that run it stop now (see `run::mark_hung`).
            crate::run::mark_hung(listing.name.as_str());
        }
        e.to_string()
    });
    let _ = fs::remove_dir_all(&dir);
    run
}

/// Builds a compile-fail listing with the command the book shows, through
/// the wrapper that hides std's source from rustc, so that the message is
/// the same with or without the `rust-src` component (see
/// [`crate::shim`]). Builds run one at a time: cargo would make them wait
/// for its lock anyway, and say so in the output.
fn build_compile_fail(book: &Book, listing: &Listing) -> Result<crate::run::Run, String> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut build = invoke(listing);
    build
        .current_dir(&book.root)
        .env("CARGO_TARGET_DIR", &book.target);
    crate::shim::without_rust_src(&mut build)?;
    run_with_limit(build, limits::BUILD).map_err(|e| e.to_string())
}

/// Taken by whatever builds in the loom target folder (the models, and the
/// exercises' graders), which builds there one at a time.
pub static LOOM_TARGET: Mutex<()> = Mutex::new(());

/// Runs a loom model with the command the book shows. The models build in a
/// target folder of their own: `--cfg loom` in `RUSTFLAGS` would otherwise
/// make cargo rebuild everything the other checks share.
fn run_model(listing: &Listing) -> Result<crate::run::Run, String> {
    let _turn = LOOM_TARGET.lock().unwrap_or_else(|e| e.into_inner());
    let mut test = invoke(listing);
    test.env("CARGO_TARGET_DIR", crate::target_dir().join("loom"));
    run_with_limit(test, limits::BUILD).map_err(|e| e.to_string())
}

/// The command the book shows for a listing, ready to run.
fn invoke(listing: &Listing) -> std::process::Command {
    let invocation = listing.kind.invocation(&listing.name);
    let mut command = cargo();
    command.args(&invocation.args).envs(invocation.env);
    command
}
