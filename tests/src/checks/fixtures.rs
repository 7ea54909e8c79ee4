//! The checks' own tests, on fixture books (as the drift guards have
//! theirs, in `checks::drift::fixtures`).
//!
//! `tests/fixtures/checks/good/` is a tiny book, with its own cargo
//! workspace (listings, a compile-fail program, an exercise), on which every
//! check of the test command passes. Every other folder there is a case: the
//! good book with the case's files laid over it (minus the files its
//! `case.toml` lists under `remove`), and, in `case.toml`, every problem the
//! checks must report on it, word for word, each with the kind of check that
//! reports it. A case's trial (`check fixture: CASE`) loads its book with the
//! pinned mdBook, runs the checks of the test command on it (the same
//! functions the book's own trials run: fences, outputs and compiler
//! messages, snippets, `mdbook test`, exercises, downloads), and fails
//! unless they report exactly those problems.
//!
//! Each case's book is laid in a folder of its own
//! (`TARGET/book-checks/check-fixtures/CASE/book`) that keeps the files
//! that did not change, and builds in a target folder of its own beside
//! it, so that cargo rebuilds only what changed since the case last ran.
//! Not one target folder for all: cargo names a package of a workspace by
//! its path inside the workspace, so two fixture books in one target folder
//! would share their builds, and one could reuse the other's build of a
//! file it changed (a listing that compiles in one case was found to
//! "compile" in the next).
//! Like the other checks, a case that passed is not run again until its
//! files, the good book's, or the harness change.
//!
//! What a message holds that differs from run to run or from machine to
//! machine is written in a fixed form before comparing (see [`normalize`]):
//! the fixture's folders, cargo's progress lines, times and hashes.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use libtest_mimic::Trial;
use serde::Deserialize;

use crate::book::{Book, load};
use crate::cache::cache;
use crate::checks::{
    CheckKind, downloads, exercises, ignored, mdbook_test, miri, outputs, repeat, snippets, trial,
};
use crate::{repo_root, work_dir};
use cases::Reporter;

/// Where the fixture books live, relative to the repository.
pub const DIR: &str = "tests/fixtures/checks";
/// The book on which every check passes, and under every case.
const GOOD: &str = cases::GOOD;
/// In each case's folder: what it removes and what the checks report.
const CASE_FILE: &str = "case.toml";

/// A set of fixture books and the checks run on them.
pub struct Suite {
    /// Where its cases live, relative to the repository.
    dir: &'static str,
    /// The books its good book is laid over (a case is laid over both).
    under: &'static [&'static str],
    /// The kinds of check it runs: each must fail on at least one case.
    kinds: &'static [CheckKind],
    /// The start of its trials' names, after the kind's prefix.
    label: &'static str,
    /// Runs its checks on a book.
    run: fn(&Book) -> Vec<(CheckKind, String)>,
}

/// The test command's checks, on `tests/fixtures/checks/`.
pub const FAST: Suite = Suite {
    dir: DIR,
    under: &[],
    kinds: &[
        CheckKind::Setup,
        CheckKind::Fence,
        CheckKind::Output,
        CheckKind::Snippet,
        CheckKind::MdbookTest,
        CheckKind::Exercise,
        CheckKind::Download,
    ],
    label: "",
    run: fast_checks,
};

/// The verify tier's checks (Miri, the exercises under Miri, repeated
/// runs, outcomes), on `tests/fixtures/verify/`: its good book is the
/// test command's, with a varying listing and a model of its outputs laid
/// over it. Run by `tests/verify.rs`.
pub const VERIFY: Suite = Suite {
    dir: "tests/fixtures/verify",
    under: &[DIR],
    kinds: &[
        CheckKind::Miri,
        CheckKind::MiriExercise,
        CheckKind::Repeat,
        CheckKind::Outcomes,
    ],
    label: "verify ",
    run: verify_checks,
};

/// A kind as `case.toml` names it: its trials' prefix without the
/// separator (`output`, `mdbook test`, `setup`).
fn kind_name(kind: CheckKind) -> &'static str {
    kind.prefix().trim_end_matches([' ', ':'])
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// Files (or folders) of the good book that this case takes away.
    #[serde(default)]
    remove: Vec<String>,
    /// Every problem the checks report on this case's book.
    #[serde(default)]
    problem: Vec<Problem>,
}

#[derive(Deserialize, Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[serde(deny_unknown_fields)]
struct Problem {
    /// The kind of check, as [`kind_name`] names it: `output`.
    kind: String,
    /// The message a contributor sees (normalised: see [`normalize`]).
    message: String,
}

impl cases::Reported for Problem {
    fn by(&self) -> (&'static str, &str) {
        ("kind", &self.kind)
    }
    fn message(&self) -> &str {
        &self.message
    }
}

/// A trial for the good book, one per case, and one that every kind has a
/// case on which it fails. While blessing, they are listed but not run:
/// blessing would rewrite a fixture's expected files instead of checking
/// them.
pub fn trials() -> Vec<Trial> {
    let mut trials = suite_trials(&FAST);
    trials.push(trial(
        CheckKind::CheckFixture,
        "the link check on a tiny built site",
        links_fixture,
    ));
    trials
}

/// The trials of `suite`: one for its good book, one per case, and one
/// that each of its kinds fails on a case.
pub fn suite_trials(suite: &'static Suite) -> Vec<Trial> {
    let blessing = crate::expect::blessing();
    let label = suite.label;
    let mut names = vec![GOOD.to_string()];
    names.extend(case_names(suite));
    let mut trials: Vec<Trial> = names
        .into_iter()
        .map(|name| {
            if blessing {
                return ignored(CheckKind::CheckFixture, format!("{label}{name}"));
            }
            trial(
                CheckKind::CheckFixture,
                format!("{label}{name}"),
                move || reuse_or_run(suite, &name),
            )
        })
        .collect();
    trials.push(trial(
        CheckKind::CheckFixture,
        format!("{label}every kind fails on a fixture"),
        || every_kind_fails_somewhere(suite),
    ));
    trials
}

/// Where the link check's fixture lives: a tiny built site, `site/`, and
/// what the check must report on it, `case.toml`.
const LINKS: &str = "tests/fixtures/links";

/// The link check (`check-links`) over [`LINKS`]: exactly the problems and
/// external links its `case.toml` lists. Reads a few small files: not
/// cached.
fn links_fixture() -> Result<(), String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Expected {
        problems: Vec<String>,
        external: Vec<String>,
    }
    let file = format!("{LINKS}/{CASE_FILE}");
    let text = fs::read_to_string(repo_root().join(&file)).map_err(|e| format!("{file}: {e}"))?;
    let expected: Expected = toml::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    let found = crate::links::check(&repo_root().join(LINKS).join("site"), "/", &[])?;
    let external: Vec<String> = found.external.into_iter().collect();
    if found.problems == expected.problems && external == expected.external {
        return Ok(());
    }
    Err(format!(
        "{file}: the link check did not report what this fixture expects.\n\
         Expected problems:\n  {}\nReported:\n  {}\n\
         Expected external links: {:?}\nListed: {external:?}\n\
         Fix the link check; or, if its new report is what a contributor should see, \
         write it into {file}.",
        expected.problems.join("\n  "),
        found.problems.join("\n  "),
        expected.external,
    ))
}

/// Runs a case unless it passed with the same fixture files and the same
/// harness (whose executable holds the checks: see [`cache`]).
fn reuse_or_run(suite: &Suite, case: &str) -> Result<(), String> {
    let mut fp = cache().fingerprint("check fixture")?;
    fp.add("suite", suite.dir);
    fp.add("case", case);
    for dir in layers(suite, case) {
        fp.add_dir(&repo_root().join(&dir))
            .map_err(|e| format!("{dir}: {e}"))?;
    }
    cache().reuse_or_run(&fp, || check_case(suite, case))
}

/// The folders a case's book is laid from, in order: the good books under
/// the suite's, its good book, the case.
fn layers(suite: &Suite, case: &str) -> Vec<String> {
    let mut layers: Vec<String> = suite.under.iter().map(|d| format!("{d}/{GOOD}")).collect();
    layers.push(format!("{}/{GOOD}", suite.dir));
    if case != GOOD {
        layers.push(format!("{}/{case}", suite.dir));
    }
    layers
}

/// The cases: every folder of the suite but the good book.
fn case_names(suite: &Suite) -> Vec<String> {
    cases::names(suite.dir)
}

fn read_case(suite: &Suite, name: &str) -> Result<Case, String> {
    if name == GOOD {
        return Ok(Case {
            remove: Vec::new(),
            problem: Vec::new(),
        });
    }
    let file = format!("{}/{name}/{CASE_FILE}", suite.dir);
    let text = fs::read_to_string(repo_root().join(&file)).map_err(|e| {
        format!("{file}: {e}; a case says what the checks report on it (see {DIR}/README.md)")
    })?;
    let case: Case = toml::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
    for problem in &case.problem {
        if !suite.kinds.iter().any(|&k| kind_name(k) == problem.kind) {
            let names: Vec<&str> = suite.kinds.iter().map(|&k| kind_name(k)).collect();
            return Err(format!(
                "{file}: no kind of check is named `{}`; the kinds are: {}",
                problem.kind,
                names.join(", ")
            ));
        }
    }
    if case.problem.is_empty() {
        return Err(format!(
            "{file}: a case names at least one [[problem]] the checks must report"
        ));
    }
    Ok(case)
}

/// The fixtures' scratch folder: for each case, its book, its target
/// folder and what its checks write.
fn scratch(suite: &Suite, case: &str) -> PathBuf {
    work_dir()
        .join("check-fixtures")
        .join(format!("{}{case}", suite.label.replace(' ', "-")))
}

fn check_case(suite: &Suite, name: &str) -> Result<(), String> {
    let case = read_case(suite, name)?;
    let file = if name == GOOD {
        format!("{}/{GOOD}/", suite.dir)
    } else {
        format!("{}/{name}/{CASE_FILE}", suite.dir)
    };
    let here = scratch(suite, name);
    let root = here.join("book");
    lay_book(&layers(suite, name), &case, &root).map_err(|e| format!("{file}: {e}"))?;
    let mut expected = case.problem;
    expected.sort();
    let mut found = run_checks(suite, &here)?;
    found.sort();
    cases::compare(&file, Reporter::CHECKS, &expected, &found)
}

/// Lays the good book, with the case's files over it and its `remove`d
/// files taken away, in `root`: writing only the files that differ from
/// what is there, and removing the others, so that cargo sees unchanged
/// files unchanged.
fn lay_book(layers: &[String], case: &Case, root: &Path) -> Result<(), String> {
    let mut files: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (n, dir) in layers.iter().enumerate() {
        let from = repo_root().join(dir);
        for file in
            book_model::files_under(&from).map_err(|e| format!("{}: {e}", from.display()))?
        {
            if n > 0 && file == Path::new(CASE_FILE) {
                continue;
            }
            files.retain(|(f, _)| *f != file);
            files.push((file.clone(), from.join(&file)));
        }
    }
    for gone in &case.remove {
        let before = files.len();
        files.retain(|(f, _)| !(f == Path::new(gone) || f.starts_with(gone)));
        if files.len() == before {
            return Err(format!(
                "`remove` names {gone}, which the good book does not have"
            ));
        }
    }
    let keep: BTreeSet<PathBuf> = files.iter().map(|(f, _)| f.clone()).collect();
    for (file, from) in &files {
        let to = root.join(file);
        let bytes = fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
        if fs::read(&to).ok().as_deref() == Some(bytes.as_slice()) {
            continue;
        }
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        fs::write(&to, bytes).map_err(|e| format!("{}: {e}", to.display()))?;
    }
    if root.is_dir() {
        let there =
            book_model::files_under(root).map_err(|e| format!("{}: {e}", root.display()))?;
        for file in there {
            if !keep.contains(&file) {
                fs::remove_file(root.join(&file))
                    .map_err(|e| format!("{}: {e}", root.join(&file).display()))?;
            }
        }
    }
    Ok(())
}

/// A kind's checks, run over a book: the problems they find.
type Problems = fn(&Book) -> Vec<String>;

/// The suite's checks, run over the book laid in `here/book`, building in
/// `here/target`, with the kind that reported each problem. A book that
/// mdBook cannot load gives the one problem the `setup` trial reports.
fn run_checks(suite: &Suite, here: &Path) -> Result<Vec<Problem>, String> {
    let root = here.join("book");
    let target = here.join("target");
    let found = match load(&root, &here.join("render-context")) {
        Err(e) => vec![(CheckKind::Setup, e)],
        Ok(mut book) => {
            book.target = target.clone();
            book.work = here.join("work");
            (suite.run)(&book)
        }
    };
    Ok(found
        .into_iter()
        .map(|(kind, message)| Problem {
            kind: kind_name(kind).to_string(),
            message: normalize(&message, &root, &target),
        })
        .collect())
}

/// The test command's checks on `book`.
fn fast_checks(book: &Book) -> Vec<(CheckKind, String)> {
    let mut found = outputs::problems(book);
    let kinds: [(CheckKind, Problems); 4] = [
        (CheckKind::Snippet, snippets::problems),
        (CheckKind::MdbookTest, mdbook_test::problems),
        (CheckKind::Exercise, exercises::problems),
        (CheckKind::Download, downloads::problems),
    ];
    for (kind, problems) in kinds {
        found.extend(problems(book).into_iter().map(|m| (kind, m)));
    }
    found
}

/// The verify tier's checks on `book` (not the loom models: a fixture
/// book has no loom).
fn verify_checks(book: &Book) -> Vec<(CheckKind, String)> {
    let mut found: Vec<(CheckKind, String)> = miri::problems(book)
        .into_iter()
        .map(|m| (CheckKind::Miri, m))
        .collect();
    found.extend(
        exercises::miri_problems(book)
            .into_iter()
            .map(|m| (CheckKind::MiriExercise, m)),
    );
    found.extend(repeat::problems(book));
    found
}

/// The words cargo starts its progress lines with (right-aligned), which
/// say what it built or ran this time, not what a contributor must fix.
const CARGO_PROGRESS: &[&str] = &[
    "Adding",
    "Blocking",
    "Building",
    "Checking",
    "Compiling",
    "Doc-tests",
    "Finished",
    "Locking",
    "Running",
    "Updating",
];

/// A message in the form `case.toml` holds it: the case's book folder as
/// `<book>`, without cargo's count of each target's warnings (which target
/// it counts first varies), the fixtures' target folder as `<target>`, skeptic's
/// and rustdoc's temporary folders as `<tmp>` and the compiler command it prints (which
/// names every crate of the harness) as one placeholder line, without cargo's progress lines and
/// mdBook's log times, with test times as `<time>`, thread ids as
/// `<id>`, cargo's hashes as in
/// the book's expected outputs ([`crate::expect::normalize_always`]), the
/// `test NAME ... ok` lines of each test run sorted (tests finish in any
/// order), and no blank lines at the end.
pub fn normalize(message: &str, book: &Path, target: &Path) -> String {
    let message = message
        .replace(&target.to_string_lossy().into_owned(), "<target>")
        .replace(&book.to_string_lossy().into_owned(), "<book>");
    let mut lines: Vec<String> = Vec::new();
    for line in message.lines() {
        let first = line.split_whitespace().next().unwrap_or("");
        let indent = line.len() - line.trim_start().len();
        if indent > 0 && CARGO_PROGRESS.contains(&first) {
            continue;
        }
        if line.starts_with("warning: `") && line.contains(") generated ") {
            continue;
        }
        if line.starts_with('"') && line.contains("\"--crate-type") {
            lines.push("<the compiler command skeptic ran>".into());
            continue;
        }
        let line = without_log_time(line);
        let line = replace_after(&line, "/tmp/rust-skeptic", "<tmp>", |c| c.is_alphanumeric());
        let line = replace_after(&line, "/tmp/rustdoctest", "<tmp>", |c| c.is_alphanumeric());
        let line = replace_after(&line, "doctests ran in ", "<time>", |c| {
            c.is_ascii_digit() || c == '.' || c == 's'
        });
        let line = replace_after(&line, "compilation took ", "<time>", |c| {
            c.is_ascii_digit() || c == '.' || c == 's'
        });
        let line = crate::expect::normalize_thread_id(&line);
        let line = replace_after(&line, "finished in ", "<time>", |c| {
            c.is_ascii_digit() || c == '.' || c == 's'
        });
        lines.push(crate::expect::normalize_always(&line));
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    // Tests run in parallel and print their verdicts as they finish.
    let verdict = |l: &String| l.starts_with("test ") && !l.starts_with("test result:");
    for run in lines.chunk_by_mut(|a, b| verdict(a) && verdict(b)) {
        run.sort();
    }
    lines.join("\n")
}

/// `2026-12-03 20:01:02 [ERROR] (mdbook): x` → `[ERROR] (mdbook): x`.
fn without_log_time(line: &str) -> String {
    let bytes = line.as_bytes();
    let stamp = bytes.len() > 20
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b' '
        && bytes[13] == b':'
        && bytes[16] == b':'
        && line[..4].bytes().all(|b| b.is_ascii_digit());
    match (stamp, line.find(" [")) {
        (true, Some(at)) => line[at + 1..].to_string(),
        _ => line.to_string(),
    }
}

/// Replaces every `start` and the characters after it that `part` accepts
/// with `with` (for `start` = `finished in `, `finished in 0.31s` becomes
/// `finished in <time>`). A `with` that begins `<` replaces `start` too,
/// unless `start` ends with a space.
fn replace_after(line: &str, start: &str, with: &str, part: impl Fn(char) -> bool) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(at) = rest.find(start) {
        let kept = if start.ends_with(' ') { start } else { "" };
        out.push_str(&rest[..at]);
        out.push_str(kept);
        out.push_str(with);
        let after = &rest[at + start.len()..];
        let len = after.find(|c: char| !part(c)).unwrap_or(after.len());
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// Each kind of check fails on at least one case: a kind whose logic
/// could be removed without a fixture noticing fails here.
fn every_kind_fails_somewhere(suite: &Suite) -> Result<(), String> {
    let mut failing = Vec::new();
    for name in case_names(suite) {
        failing.extend(read_case(suite, &name)?.problem.into_iter().map(|p| p.kind));
    }
    let dir = suite.dir;
    let untested: Vec<&str> = suite
        .kinds
        .iter()
        .map(|&k| kind_name(k))
        .filter(|kind| !failing.iter().any(|f| f == kind))
        .collect();
    if untested.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{dir}/: no fixture makes these kinds of check fail: {}\n\
             add a case folder whose case.toml expects a message of each (see {DIR}/README.md)",
            untested.join(", ")
        ))
    }
}

/// What the two suites of fixture books (the checks' here, the drift
/// guards' in `checks::drift::fixtures`) share: how their cases are found
/// and how what was reported is compared with what a case expects.
pub mod cases {
    use std::fs;
    use std::path::Path;

    use crate::repo_root;

    /// The good book's folder, in every suite.
    pub const GOOD: &str = "good";

    /// Who reports the problems of a suite, as its failure messages name
    /// them: the suite (`drift guards`) and one of them (`guard`).
    pub struct Reporter {
        pub all: &'static str,
        pub one: &'static str,
    }

    impl Reporter {
        pub const CHECKS: Reporter = Reporter {
            all: "checks",
            one: "check",
        };
        pub const GUARDS: Reporter = Reporter {
            all: "drift guards",
            one: "guard",
        };
    }

    /// A problem as a case's `case.toml` lists it.
    pub trait Reported: PartialEq {
        /// The field that names what reports it, and its value:
        /// `("guard", "every listing file is well named")`.
        fn by(&self) -> (&'static str, &str);
        /// The message a contributor sees.
        fn message(&self) -> &str;
    }

    /// The cases of the suite in `dir` (relative to the repository): every
    /// folder there but the good book, sorted.
    pub fn names(dir: &str) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(repo_root().join(dir))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name != GOOD)
            .collect();
        names.sort();
        names
    }

    /// Passes when `found` is exactly what `file` expects; else says what
    /// is missing and what is new, in the form `case.toml` takes.
    pub fn compare<P: Reported>(
        file: &str,
        by: Reporter,
        expected: &[P],
        found: &[P],
    ) -> Result<(), String> {
        if expected == found {
            return Ok(());
        }
        let show = |problems: Vec<&P>| -> String {
            if problems.is_empty() {
                return "  (none)\n".into();
            }
            problems
                .iter()
                .map(|p| {
                    let (field, name) = p.by();
                    format!(
                        "  [[problem]]\n  {field} = {name:?}\n  message = '''{}'''\n",
                        p.message()
                    )
                })
                .collect()
        };
        let missing = show(expected.iter().filter(|p| !found.contains(p)).collect());
        let new = show(found.iter().filter(|p| !expected.contains(p)).collect());
        let Reporter { all, one } = by;
        Err(format!(
            "{file}: the {all} did not report what this fixture expects.\n\
             Expected, but not reported (a {one} stopped failing, or its message changed):\n{missing}\
             Reported, but not expected:\n{new}\
             Fix the {one}; or, if the new message is the one a contributor should see, \
             write it into {file}."
        ))
    }

    /// Copies every file under `from` into `to`, over what is there.
    pub fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
        let files =
            book_model::files_under(from).map_err(|e| format!("{}: {e}", from.display()))?;
        for file in files {
            let target = to.join(&file);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            fs::copy(from.join(&file), &target)
                .map_err(|e| format!("{}: {e}", from.join(&file).display()))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_differs_between_runs_is_written_in_a_fixed_form() {
        let message = "mdbook test of src/ch01.md:\n\
                       2026-12-03 20:01:02 [ERROR] (mdbook::book): Chapter ch01 failed\n\
                       \x20  Compiling listings v0.1.0 (/x/book/listings)\n\
                       \x20    Running tests/double.rs (/x/target/debug/deps/double-0123456789abcdef)\n\
                       ---- /tmp/rust-skeptic1Ab2/test.rs - main (line 3) stdout ----\n\
                       test b ... ok\n\
                       test a ... FAILED\n\
                       test result: FAILED. 0 passed; 1 failed; finished in 0.31s\n\n";
        assert_eq!(
            normalize(message, Path::new("/x/book"), Path::new("/x/target")),
            "mdbook test of src/ch01.md:\n\
             [ERROR] (mdbook::book): Chapter ch01 failed\n\
             ---- <tmp>/test.rs - main (line 3) stdout ----\n\
             test a ... FAILED\n\
             test b ... ok\n\
             test result: FAILED. 0 passed; 1 failed; finished in <time>"
        );
    }
}
