//! The drift guards' own tests, on fixture books (as mdBook's own
//! `tests/testsuite` tests mdBook).
//!
//! `tests/fixtures/drift/good/` is a tiny book on which every guard passes.
//! Every other folder there is a case: the good book with the case's files
//! laid over it (and the files its `case.toml` lists under `remove` taken
//! away), and, in `case.toml`, every problem the guards must report, word for
//! word, each with the guard that reports it. A case's trial loads its book
//! with the pinned mdBook, as the repository's book is loaded, runs every
//! guard, and fails unless they report exactly those problems: a guard that
//! stops failing, or fails with another message, fails its case. Like the
//! other checks, a fixture that passed is not checked again until its files
//! or the harness change.

use std::fs;
use std::path::Path;

use libtest_mimic::Trial;
use serde::Deserialize;

use super::GUARDS;
use crate::book::load;
use crate::cache::cache;
use crate::checks::fixtures::cases::{self, Reporter};
use crate::checks::{CheckKind, trial};
use crate::{repo_root, work_dir};

/// Where the fixture books live, relative to the repository.
pub const DIR: &str = "tests/fixtures/drift";
/// The book on which every guard passes, and under every case.
const GOOD: &str = cases::GOOD;
/// In each case's folder: what it removes and what the guards report.
const CASE_FILE: &str = "case.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Files (or folders) of the good book that this case takes away.
    #[serde(default)]
    remove: Vec<String>,
    /// Every problem the guards report on this case's book.
    #[serde(default)]
    problem: Vec<Problem>,
}

#[derive(Deserialize, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Problem {
    /// The guard's name, as in its trial: `every listing file is well named`.
    guard: String,
    /// The message a contributor sees.
    message: String,
}

impl cases::Reported for Problem {
    fn by(&self) -> (&'static str, &str) {
        ("guard", &self.guard)
    }
    fn message(&self) -> &str {
        &self.message
    }
}

/// A trial for the good book, one per case, and one that every guard has a
/// case on which it fails.
pub fn trials() -> Vec<Trial> {
    let mut trials = vec![trial(CheckKind::DriftFixture, GOOD, || {
        reuse_or_run(GOOD, check_good)
    })];
    for name in case_names() {
        trials.push(trial(CheckKind::DriftFixture, name.clone(), move || {
            reuse_or_run(&name, || check_case(&name))
        }));
    }
    trials.push(trial(
        CheckKind::DriftFixture,
        "every guard fails on a fixture",
        every_guard_fails_somewhere,
    ));
    trials
}

/// Runs a fixture's check unless it passed with the same fixture files and
/// the same harness (whose executable holds the guards: see [`cache`]).
fn reuse_or_run(case: &str, check: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    let fixtures = repo_root().join(DIR);
    let mut fp = cache().fingerprint("drift fixture")?;
    fp.add("case", case);
    for dir in [GOOD, case] {
        fp.add_dir(&fixtures.join(dir))
            .map_err(|e| format!("{DIR}/{dir}: {e}"))?;
    }
    cache().reuse_or_run(&fp, check)
}

/// The cases: every folder of [`DIR`] but the good book.
fn case_names() -> Vec<String> {
    cases::names(DIR)
}

/// Every guard run over the book at `root`: (guard, message), sorted.
fn run_guards(root: &Path, case: &str) -> Result<Vec<Problem>, String> {
    let scratch = work_dir().join("drift-fixtures").join(case);
    let book = load(root, &scratch.join("render-context"))?;
    let mut found: Vec<Problem> = GUARDS
        .iter()
        .flat_map(|&(guard, check)| {
            check(&book).into_iter().map(move |message| Problem {
                guard: guard.to_string(),
                message,
            })
        })
        .collect();
    found.sort();
    Ok(found)
}

fn check_good() -> Result<(), String> {
    let found = run_guards(&repo_root().join(DIR).join(GOOD), GOOD)?;
    cases::compare(&format!("{DIR}/{GOOD}/"), Reporter::GUARDS, &[], &found)
}

fn read_case(name: &str) -> Result<Case, String> {
    let file = format!("{DIR}/{name}/{CASE_FILE}");
    let text = fs::read_to_string(repo_root().join(&file)).map_err(|e| {
        format!("{file}: {e}; a case says what the guards report on it (see {DIR}/README.md)")
    })?;
    let case: Case = toml::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    for problem in &case.problem {
        if !GUARDS.iter().any(|&(guard, _)| guard == problem.guard) {
            let names: Vec<&str> = GUARDS.iter().map(|&(guard, _)| guard).collect();
            return Err(format!(
                "{file}: no guard is named `{}`; the guards are:\n  {}",
                problem.guard,
                names.join("\n  ")
            ));
        }
    }
    if case.problem.is_empty() {
        return Err(format!(
            "{file}: a case names at least one [[problem]] the guards must report"
        ));
    }
    Ok(case)
}

fn check_case(name: &str) -> Result<(), String> {
    let case = read_case(name)?;
    let file = format!("{DIR}/{name}/{CASE_FILE}");
    let book = work_dir().join("drift-fixtures").join(name).join("book");
    if book.exists() {
        fs::remove_dir_all(&book).map_err(|e| format!("{}: {e}", book.display()))?;
    }
    let fixtures = repo_root().join(DIR);
    cases::copy_tree(&fixtures.join(GOOD), &book)?;
    cases::copy_tree(&fixtures.join(name), &book)?;
    fs::remove_file(book.join(CASE_FILE)).map_err(|e| format!("{file}: {e}"))?;
    for gone in &case.remove {
        let path = book.join(gone);
        let removed = if path.is_dir() {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        };
        removed.map_err(|e| {
            format!("{file}: `remove` names {gone}, which the good book does not have ({e})")
        })?;
    }
    let mut expected = case.problem;
    expected.sort();
    cases::compare(
        &file,
        Reporter::GUARDS,
        &expected,
        &run_guards(&book, name)?,
    )
}

/// Each guard fails on at least one case: a guard added without a fixture
/// fails here.
fn every_guard_fails_somewhere() -> Result<(), String> {
    let mut failing = Vec::new();
    for name in case_names() {
        failing.extend(read_case(&name)?.problem.into_iter().map(|p| p.guard));
    }
    let untested: Vec<&str> = GUARDS
        .iter()
        .map(|&(guard, _)| guard)
        .filter(|guard| !failing.iter().any(|f| f == guard))
        .collect();
    if untested.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{DIR}/: no fixture makes these guards fail:\n  {}\n\
             add a case folder whose case.toml expects each one's message (see {DIR}/README.md)",
            untested.join("\n  ")
        ))
    }
}
