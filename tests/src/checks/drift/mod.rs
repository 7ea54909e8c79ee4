//! Guards against the book and its code drifting apart in ways mdBook would
//! only warn about, or not notice at all. Nothing here keeps a list of
//! listings: every check discovers the files and the chapters afresh.
//!
//! Each guard is a function from the book to the problems it finds, grouped
//! by what it guards: [`listings`] and [`figures`] (the tooling: includes,
//! numbering, outputs, records, quoted outputs), [`schedules`] (the figures
//! to schedule), [`chapters`] and [`exercises`] (editorial rules),
//! [`versions`] (pins) and [`copies`] (code repeated between listings). A guard takes the [`Book`] it checks, never the repository:
//! [`fixtures`] runs every guard over the small books in
//! `tests/fixtures/drift/`, each breaking the good one in one or more ways.

mod chapters;
mod copies;
mod exercises;
mod figures;
pub mod fixtures;
mod listings;
mod schedules;
mod versions;

use std::fs;
use std::path::{Path, PathBuf};

use book_model::{Include, includes_in};
use libtest_mimic::Trial;

use crate::book::{Book, book};
use crate::checks::{CheckKind, trial};

type Check = fn(&Book) -> Vec<String>;

/// Every drift guard, named as the sentence it enforces.
const GUARDS: &[(&str, Check)] = &[
    (
        "every include names an existing file and anchor",
        listings::includes_resolve,
    ),
    (
        "every listing file is well named",
        listings::listings_are_well_named,
    ),
    (
        "every listing, output and data folder is shown by a chapter",
        listings::everything_is_shown,
    ),
    (
        "every listing has a checked output or compiler message",
        listings::every_listing_is_checked,
    ),
    (
        "compile_fail blocks show compile-fail listings",
        listings::compile_fail_blocks_match,
    ),
    (
        "code lives in listings, not in the Markdown",
        chapters::code_lives_in_listings,
    ),
    (
        "blocks that do not run say why and hide the Playground button",
        chapters::blocks_that_do_not_run,
    ),
    (
        "every chapter file is in the summary",
        chapters::chapters_are_in_the_summary,
    ),
    (
        "listing numbers follow the chapter and the order of appearance",
        listings::listing_numbers_in_order,
    ),
    (
        "every diagram is shown, with alt text",
        chapters::diagrams_have_alt_text,
    ),
    (
        "every benchmark is named by a chapter and registered",
        listings::benchmarks_are_registered,
    ),
    (
        "every chapter ends with self-check questions whose answers are checked or cited",
        chapters::chapters_end_with_self_checks,
    ),
    (
        "every exercise shows its starter and tests, and its solution elsewhere",
        exercises::exercises_are_shown,
    ),
    (
        "every loom grader's page gives its commands and messages, the exercises README its command, and its links resolve",
        exercises::graders_are_shown,
    ),
    (
        "the introduction names every exercise, and every chapter up to the last exercise points to one",
        exercises::exercises_are_named,
    ),
    (
        "every measured figure comes from a fresh, untouched record",
        figures::figures_come_from_records,
    ),
    (
        "the verify record is untouched and names the checks the harness runs",
        crate::checks::verified::record_problems,
    ),
    (
        "every figure the prose quotes from an output is in that output",
        figures::quotes_are_in_outputs,
    ),
    (
        "every figure to schedule reaches exactly the outputs its loom model lists",
        schedules::schedules_reach_what_loom_lists,
    ),
    (
        "one edition and one mdBook version everywhere",
        versions::one_edition_one_mdbook,
    ),
    (
        "the book's blocks can use every crate the listings use",
        versions::blocks_see_every_listing_crate,
    ),
    (
        "a listing that repeats another's code repeats it unchanged",
        copies::copies_match,
    ),
];

/// One trial per guard over the repository's book, then one per fixture
/// book (see [`fixtures`]).
pub fn trials() -> Vec<Trial> {
    let mut trials: Vec<Trial> = GUARDS
        .iter()
        .map(|&(name, guard)| {
            trial(CheckKind::Drift, name, move || {
                let problems = guard(book()?);
                if problems.is_empty() {
                    Ok(())
                } else {
                    Err(format!("\n  {}\n", problems.join("\n  ")))
                }
            })
        })
        .collect();
    trials.extend(fixtures::trials());
    trials
}

/// An include directive as written in a chapter, and where.
struct Shown<'a> {
    chapter: &'a str,
    line: usize,
    include: Include,
}

impl Shown<'_> {
    /// `src/ch02-threads.md:42`, for messages.
    fn location(&self) -> String {
        format!("{}:{}", self.chapter, self.line)
    }
}

/// Every include directive anywhere in a chapter, in book order.
fn all_includes(book: &Book) -> Vec<Shown<'_>> {
    let mut found = Vec::new();
    for chapter in &book.chapters {
        for (n, line) in chapter.source.lines().enumerate() {
            found.extend(
                includes_in(&chapter.file, line)
                    .into_iter()
                    .map(|include| Shown {
                        chapter: &chapter.file,
                        line: n + 1,
                        include,
                    }),
            );
        }
    }
    found
}

/// Files directly in `dir` (relative to the book's root) ending with `ext`.
fn files(book: &Book, dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(book.root.join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| Path::new(dir).join(e.file_name()))
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    found.sort();
    found
}
