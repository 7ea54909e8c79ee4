//! What the harness checks for each listing, as data: the [`ProofPlan`].
//!
//! The preprocessor writes it under each listing's caption ("Checked:
//! compiled · ran, output compared · Miri: no undefined behaviour reported
//! · 100 runs"), and the harness decides with the same functions which
//! checks it runs: [`compared_in_fast_tier`], [`compared_in_verify_tier`],
//! [`runs_under_miri`], [`is_repeated`] and [`outcomes_of`]. A fast-tier
//! check (`tests/src/checks/proof.rs`) compares every line with the trials
//! the harness builds, so a line cannot claim a check that does not run,
//! nor leave out one that does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::{InfoString, Kind, Listing, MiriPlan, Rule, Runner, fences, includes_in};

/// Runs of a varying listing with the machine quiet, and as many again
/// with every core busy (the verify tier's `repeat` and `outcomes` checks).
pub const RUNS: usize = 50;

/// The chapter that explains Miri and loom, and the sections' anchors
/// (mdBook's ids for the headings `### Miri` and `### loom`).
pub const TESTING_CHAPTER: &str = "ch12-testing.md";
pub const MIRI_ANCHOR: &str = "miri";
pub const LOOM_ANCHOR: &str = "loom";
/// The section that says how the book's listings are checked.
pub const CHECKED_CHAPTER: &str = "ch00-introduction.md";
pub const CHECKED_ANCHOR: &str = "every-listing-is-checked";

/// The word the line starts with; the PDF check knows it as part of a
/// caption (see [`crate::caption::is_caption`]).
pub const CHECKED: &str = "Checked:";

/// Whether the fast tier runs what an output block shows and compares it.
pub fn compared_in_fast_tier(kind: Kind, runner: Runner) -> bool {
    runner == Runner::Native && kind.in_fast_tier()
}

/// Whether the verify tier runs what an output block shows and compares it
/// (the loom models' reports).
pub fn compared_in_verify_tier(kind: Kind, runner: Runner) -> bool {
    runner == Runner::Native && !kind.in_fast_tier()
}

/// Whether the verify tier runs listings of this kind under Miri (as their
/// `// miri:` line says: see [`Listing::miri_plan`]).
pub fn runs_under_miri(kind: Kind) -> bool {
    matches!(kind, Kind::Example | Kind::Test)
}

/// Whether the verify tier runs a listing 2 × [`RUNS`] times for an output
/// block that `runner` produced under `rule`: programs whose output varies
/// (a loom model explores its orders by itself).
pub fn is_repeated(kind: Kind, runner: Runner, rule: Rule) -> bool {
    runner == Runner::Native && !rule.is_exact() && matches!(kind, Kind::Example | Kind::Test)
}

/// The listing whose every output a model lists, from its line
/// `// outcomes-of: LISTING`.
pub fn outcomes_of(model_source: &str) -> Option<&str> {
    Listing::check_comment(model_source, "outcomes-of")
}

/// An output or compiler-message block a chapter shows for a listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub runner: Runner,
    pub info: InfoString,
}

/// Every output and compiler-message block of a chapter (`chapter` is its
/// file, `src/ch02-threads.md`), by the name of the listing it shows.
pub fn shown_outputs(chapter: &str, markdown: &str) -> Vec<(String, Shown)> {
    fences(markdown)
        .into_iter()
        .filter(|f| f.info.is_output() || f.info.is_compiler_error())
        .filter_map(|f| {
            let [include] = includes_in(chapter, &f.code).try_into().ok()?;
            let (name, runner) = Runner::of_expected(&include.path)?;
            Some((
                name,
                Shown {
                    runner,
                    info: f.info,
                },
            ))
        })
        .collect()
}

/// How a listing is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// It compiles (the harness builds it with cargo).
    Compiles,
    /// It must not compile; the compiler's message is compared.
    ErrorCompared,
}

/// How its run is compared with what the book shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ran {
    /// An example: it ran, exited normally, and printed what is shown.
    Output,
    /// An example marked `should_panic`: it panicked, and printed what is shown.
    Panics,
    /// A file of `#[test]` functions: they passed, and printed what is shown.
    Tests,
    /// A loom model: loom explored it, and its report is what is shown.
    Loom,
}

/// Everything the harness checks for one listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofPlan {
    pub listing: Listing,
    pub build: Build,
    /// Run and compared (the fast tier; the verify tier for a model).
    pub ran: Option<Ran>,
    /// Under Miri (the verify tier), with the listing's plan.
    pub miri: Option<MiriPlan>,
    /// Run 2 × [`RUNS`] times, each run compared under these rules.
    pub repeated: Vec<Rule>,
    /// The model whose report lists every output, each of the 2 × [`RUNS`]
    /// runs checked to be one of them.
    pub enumerated_by: Option<Listing>,
}

/// What the plans depend on beyond a chapter: the listings' sources and
/// the models that enumerate outputs. Loaded once per book.
#[derive(Debug, Clone, Default)]
pub struct Proofs {
    root: PathBuf,
    /// Listing name → the model that lists its outputs.
    enumerations: BTreeMap<String, Listing>,
}

impl Proofs {
    pub fn load(root: &Path) -> Proofs {
        let (listings, _) = Listing::discover(root);
        let enumerations = listings
            .into_iter()
            .filter(|l| l.kind == Kind::Model)
            .filter_map(|model| {
                let source = std::fs::read_to_string(root.join(model.file())).ok()?;
                Some((outcomes_of(&source)?.to_string(), model))
            })
            .collect();
        Proofs {
            root: root.to_path_buf(),
            enumerations,
        }
    }

    /// The plan of `listing`, shown in a block whose words are `code`, with
    /// the output blocks the book shows for it.
    pub fn plan(&self, listing: &Listing, code: &InfoString, shown: &[Shown]) -> ProofPlan {
        let source = std::fs::read_to_string(self.root.join(listing.file())).unwrap_or_default();
        plan(
            listing,
            code,
            shown,
            &source,
            self.enumerations.get(listing.name.as_str()),
        )
    }
}

/// The plan of a listing from everything it depends on: its kind, the words
/// of its code block, the output blocks shown for it, its source (for its
/// `// miri:` line) and the model that lists its outputs, if one does.
pub fn plan(
    listing: &Listing,
    code: &InfoString,
    shown: &[Shown],
    source: &str,
    enumerated_by: Option<&Listing>,
) -> ProofPlan {
    let kind = listing.kind;
    let build = if kind == Kind::CompileFail {
        Build::ErrorCompared
    } else {
        Build::Compiles
    };
    let compared = shown
        .iter()
        .any(|s| compared_in_fast_tier(kind, s.runner) || compared_in_verify_tier(kind, s.runner));
    let ran = match kind {
        _ if !compared => None,
        Kind::Example if code.has("should_panic") => Some(Ran::Panics),
        Kind::Example => Some(Ran::Output),
        Kind::Test => Some(Ran::Tests),
        Kind::Model => Some(Ran::Loom),
        Kind::CompileFail | Kind::Benchmark => None,
    };
    let miri = runs_under_miri(kind).then(|| Listing::miri_plan(source));
    let mut repeated: Vec<Rule> = Vec::new();
    for s in shown {
        if let Ok(rule) = s.info.rule()
            && is_repeated(kind, s.runner, rule)
            && !repeated.contains(&rule)
        {
            repeated.push(rule);
        }
    }
    ProofPlan {
        listing: listing.clone(),
        build,
        ran,
        miri,
        repeated,
        enumerated_by: enumerated_by.cloned(),
    }
}

/// A piece of the line: text, or text linked to where the book explains
/// it or to a file of the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// A link to a section of the book: `ch12-testing.md#miri`.
    Section {
        text: String,
        target: String,
    },
    /// A link to a file of the repository: `listings/models/tests/….rs`.
    File {
        text: String,
        path: PathBuf,
    },
}

impl ProofPlan {
    /// The line, as parts: "Checked: compiled · ran, output compared · Miri:
    /// no undefined behaviour reported · 100 runs (lines in any order)".
    /// Each technical word links once to the section that explains it.
    pub fn line(&self) -> Vec<Part> {
        let text = |s: &str| Part::Text(s.to_string());
        let section = |s: &str, chapter: &str, anchor: &str| Part::Section {
            text: s.to_string(),
            target: format!("{chapter}#{anchor}"),
        };
        let mut items: Vec<Vec<Part>> = Vec::new();
        let mut loom_linked = false;
        let mut loom = |parts: &mut Vec<Part>| {
            if loom_linked {
                parts.push(text("loom"));
            } else {
                parts.push(section("loom", TESTING_CHAPTER, LOOM_ANCHOR));
                loom_linked = true;
            }
        };
        items.push(vec![text(match self.build {
            Build::Compiles => "compiled",
            Build::ErrorCompared => "compiler error compared",
        })]);
        match self.ran {
            Some(Ran::Output) => items.push(vec![text("ran, output compared")]),
            Some(Ran::Panics) => items.push(vec![text("panicked as shown, output compared")]),
            Some(Ran::Tests) => items.push(vec![text("tests passed, output compared")]),
            Some(Ran::Loom) => {
                let mut parts = vec![text("run under ")];
                loom(&mut parts);
                parts.push(text(", report compared"));
                items.push(parts);
            }
            None => {}
        }
        match &self.miri {
            Some(MiriPlan::Run { .. }) => items.push(vec![
                section("Miri", TESTING_CHAPTER, MIRI_ANCHOR),
                text(": no undefined behaviour reported"),
            ]),
            Some(MiriPlan::Report { .. }) => items.push(vec![
                section("Miri", TESTING_CHAPTER, MIRI_ANCHOR),
                text(": report compared"),
            ]),
            Some(MiriPlan::Skip { reason }) => items.push(vec![
                text("not run under "),
                section("Miri", TESTING_CHAPTER, MIRI_ANCHOR),
                text(&format!(" ({reason})")),
            ]),
            None => {}
        }
        if !self.repeated.is_empty() {
            let mut words: Vec<&str> = Vec::new();
            for rule in &self.repeated {
                for (on, word) in [
                    (rule.any_order, "lines in any order"),
                    (rule.last_line, "last line fixed"),
                    (rule.durations, "timings vary"),
                    (rule.thread_ids, "thread ids vary"),
                ] {
                    if on && !words.contains(&word) {
                        words.push(word);
                    }
                }
            }
            items.push(vec![text(&format!(
                "{} runs, half under load ({})",
                2 * RUNS,
                words.join(", ")
            ))]);
        }
        if let Some(model) = &self.enumerated_by {
            let mut parts = vec![text("each run one of the outputs ")];
            loom(&mut parts);
            parts.push(text(" "));
            parts.push(Part::File {
                text: model
                    .name
                    .number()
                    .map_or(model.name.to_string(), |n| format!("model {n}")),
                path: model.file(),
            });
            parts.push(text(" lists"));
            items.push(parts);
        }
        let mut line = vec![Part::Section {
            text: "Checked".to_string(),
            target: format!("{CHECKED_CHAPTER}#{CHECKED_ANCHOR}"),
        }];
        line.push(text(": "));
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                line.push(text(" · "));
            }
            line.extend(item);
        }
        line
    }

    /// The line as text, without links.
    pub fn text(&self) -> String {
        self.line()
            .into_iter()
            .map(|p| match p {
                Part::Text(t) | Part::Section { text: t, .. } | Part::File { text: t, .. } => t,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(runner: Runner, info: &str) -> Shown {
        Shown {
            runner,
            info: InfoString::parse(info),
        }
    }

    fn listing(kind: Kind, name: &str) -> Listing {
        Listing::new(kind, name).unwrap()
    }

    #[test]
    fn an_example_with_an_exact_output() {
        let plan = plan(
            &listing(Kind::Example, "ch02-01-spawn"),
            &InfoString::parse("rust"),
            &[shown(Runner::Native, "text,output")],
            "fn main() {}",
            None,
        );
        assert_eq!(plan.ran, Some(Ran::Output));
        assert_eq!(plan.miri, Some(MiriPlan::Run { flags: vec![] }));
        assert!(plan.repeated.is_empty());
        assert_eq!(
            plan.text(),
            "Checked: compiled · ran, output compared · Miri: no undefined behaviour reported"
        );
    }

    #[test]
    fn a_varying_example_backed_by_a_model() {
        let model = listing(Kind::Model, "ch02-10-every-channel-order");
        let plan = plan(
            &listing(Kind::Example, "ch02-08-channel"),
            &InfoString::parse("rust"),
            &[shown(Runner::Native, "text,output,sample,any_order")],
            "fn main() {}",
            Some(&model),
        );
        assert_eq!(plan.repeated.len(), 1);
        assert_eq!(
            plan.text(),
            "Checked: compiled · ran, output compared · Miri: no undefined behaviour reported \
             · 100 runs, half under load (lines in any order) \
             · each run one of the outputs loom model 2.10 lists"
        );
        let links: Vec<Part> = plan
            .line()
            .into_iter()
            .filter(|p| !matches!(p, Part::Text(_)))
            .collect();
        assert_eq!(
            links,
            [
                Part::Section {
                    text: "Checked".into(),
                    target: "ch00-introduction.md#every-listing-is-checked".into()
                },
                Part::Section {
                    text: "Miri".into(),
                    target: "ch12-testing.md#miri".into()
                },
                Part::Section {
                    text: "loom".into(),
                    target: "ch12-testing.md#loom".into()
                },
                Part::File {
                    text: "model 2.10".into(),
                    path: "listings/models/tests/ch02-10-every-channel-order.rs".into()
                },
            ]
        );
    }

    #[test]
    fn a_panicking_example_whose_miri_report_is_shown() {
        let plan = plan(
            &listing(Kind::Example, "ch06-01-panic-payload"),
            &InfoString::parse("rust,should_panic"),
            &[
                shown(Runner::Native, "text,output,sample,thread_ids"),
                shown(Runner::Miri, "text,output"),
            ],
            "// miri: report\nfn main() {}",
            None,
        );
        assert_eq!(
            plan.text(),
            "Checked: compiled · panicked as shown, output compared · Miri: report compared \
             · 100 runs, half under load (thread ids vary)"
        );
    }

    #[test]
    fn a_test_listing_that_miri_skips() {
        let plan = plan(
            &listing(Kind::Test, "ch10-08-wrong-shutdown-order"),
            &InfoString::parse("rust,ignore,noplayground"),
            &[shown(Runner::Native, "text,output")],
            "// miri: skip: threads stay blocked\n",
            None,
        );
        assert_eq!(
            plan.text(),
            "Checked: compiled · tests passed, output compared · not run under Miri (threads stay blocked)"
        );
    }

    #[test]
    fn a_compile_fail_listing_and_a_model() {
        let plan_of = |kind, name, code: &str, out: &str| {
            plan(
                &listing(kind, name),
                &InfoString::parse(code),
                &[shown(Runner::Native, out)],
                "",
                None,
            )
            .text()
        };
        assert_eq!(
            plan_of(
                Kind::CompileFail,
                "ch02-04-missing-move",
                "rust,compile_fail",
                "text,compiler_error"
            ),
            "Checked: compiler error compared"
        );
        assert_eq!(
            plan_of(
                Kind::Model,
                "ch07-07-publish-model",
                "rust,ignore,noplayground,should_panic",
                "text,output"
            ),
            "Checked: compiled · run under loom, report compared"
        );
    }

    #[test]
    fn an_example_whose_output_is_not_shown_is_only_compiled() {
        let plan = plan(
            &listing(Kind::Example, "ch02-01-spawn"),
            &InfoString::parse("rust"),
            &[],
            "",
            None,
        );
        assert_eq!(plan.ran, None);
        assert!(plan.text().starts_with("Checked: compiled · Miri"));
    }

    #[test]
    fn output_blocks_are_found_with_their_listing() {
        let md = "```rust\n{{#rustdoc_include ../listings/examples/ch02-08-channel.rs:main}}\n```\n\n\
                  ```text,output,sample,any_order\n{{#include ../listings/output/ch02-08-channel.txt}}\n```\n\n\
                  ```text,output\n{{#include ../listings/output/ch02-08-channel.miri.txt}}\n```\n";
        let found = shown_outputs("src/ch02-threads.md", md);
        assert_eq!(
            found,
            [
                (
                    "ch02-08-channel".to_string(),
                    shown(Runner::Native, "text,output,sample,any_order")
                ),
                (
                    "ch02-08-channel".to_string(),
                    shown(Runner::Miri, "text,output")
                ),
            ]
        );
    }
}
