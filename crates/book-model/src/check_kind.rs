//! The kinds of check the harness runs, each owning the start of its
//! trials' names. The harness names every trial through [`CheckKind::name`],
//! the verify tier's summary counts trials by [`CheckKind::of`], and
//! `cargo xtask bless` filters with [`CheckKind::filter`]: renaming a kind
//! changes all three together.

use std::fmt::Display;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CheckKind {
    /// Something the checks need failed before they could start (the book
    /// did not load).
    Setup,
    /// A drift guard (`tests/src/checks/drift/`).
    Drift,
    /// A drift guard run on a fixture book (`tests/fixtures/drift/`).
    DriftFixture,
    /// A listing's output or compiler message against the book's copy.
    Output,
    /// A code block compiled (and run) by skeptic.
    Snippet,
    /// The real `mdbook test` over one chapter.
    MdbookTest,
    /// An exercise's starter, solution and tests.
    Exercise,
    /// A workspace readers download.
    Download,
    /// A listing under Miri (verify tier).
    Miri,
    /// An exercise's solution under Miri (verify tier).
    MiriExercise,
    /// An exercise's loom grader, on its solution and on its wrong
    /// solutions (verify tier).
    Grader,
    /// A varying listing run many times (verify tier).
    Repeat,
    /// Every run of a listing is one of the outputs its model lists.
    Outcomes,
    /// A fence whose info string the harness, rustdoc and mdBook do not
    /// all understand.
    Fence,
    /// The checks run on a fixture book (`tests/fixtures/checks/`).
    CheckFixture,
}

impl CheckKind {
    pub const ALL: [CheckKind; 15] = [
        CheckKind::Setup,
        CheckKind::Drift,
        CheckKind::DriftFixture,
        CheckKind::Output,
        CheckKind::Snippet,
        CheckKind::MdbookTest,
        CheckKind::Exercise,
        CheckKind::Download,
        CheckKind::Miri,
        CheckKind::MiriExercise,
        CheckKind::Grader,
        CheckKind::Repeat,
        CheckKind::Outcomes,
        CheckKind::Fence,
        CheckKind::CheckFixture,
    ];

    /// The start of the name of every trial of this kind.
    pub const fn prefix(self) -> &'static str {
        match self {
            CheckKind::Setup => "setup: ",
            CheckKind::Drift => "drift: ",
            CheckKind::DriftFixture => "drift fixture: ",
            CheckKind::Output => "output ",
            CheckKind::Snippet => "snippet ",
            CheckKind::MdbookTest => "mdbook test ",
            CheckKind::Exercise => "exercise ",
            CheckKind::Download => "download: ",
            CheckKind::Miri => "miri ",
            CheckKind::MiriExercise => "miri exercise ",
            CheckKind::Grader => "grader ",
            CheckKind::Repeat => "repeat ",
            CheckKind::Outcomes => "outcomes ",
            CheckKind::Fence => "fence ",
            CheckKind::CheckFixture => "check fixture: ",
        }
    }

    /// The name of a trial of this kind about `what`.
    pub fn name(self, what: impl Display) -> String {
        format!("{}{what}", self.prefix())
    }

    /// The test filter that selects this kind's trials about `what` (or
    /// all of them, with an empty `what`).
    pub fn filter(self, what: &str) -> String {
        self.name(what).trim_end().to_string()
    }

    /// The kind of the trial named `name`: the kind with the longest prefix
    /// it starts with (`miri exercise x` is a [`CheckKind::MiriExercise`]).
    pub fn of(name: &str) -> Option<CheckKind> {
        CheckKind::ALL
            .into_iter()
            .filter(|k| name.starts_with(k.prefix()))
            .max_by_key(|k| k.prefix().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_found_again_from_its_names() {
        for kind in CheckKind::ALL {
            // What a trial is about never starts with another kind's prefix
            // (a listing's name starts with `ch`, an exercise's is a word).
            for what in [
                "ch02-01-spawn (src/ch02-threads.md:12)",
                "latch",
                "src/ch02-threads.md",
            ] {
                assert_eq!(
                    CheckKind::of(&kind.name(what)),
                    Some(kind),
                    "{}",
                    kind.name(what)
                );
            }
        }
        assert_eq!(CheckKind::of("something else"), None);
        assert_eq!(CheckKind::Output.filter("ch05"), "output ch05");
        assert_eq!(CheckKind::Exercise.filter(""), "exercise");
    }
}
