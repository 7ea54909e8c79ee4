//! What the harness checks for each listing, as data: the [`ProofPlan`].
//!
//! The preprocessor writes it under each listing's caption ("Checked:
//! compiled · ran, output compared · Miri: no undefined behaviour reported
//! · 100 more runs, half under load, compared the same way"), and the
//! harness decides with the same functions which checks it runs:
//! [`compared_in_fast_tier`], [`compared_in_verify_tier`],
//! [`runs_under_miri`], [`is_repeated`] and [`outcomes_of`]. A fast-tier
//! check (`tests/src/checks/proof.rs`) compares each line's kinds of check
//! and counts of runs with the trials the harness builds, so a line cannot
//! claim one of those that does not run, nor leave out one that does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::verified::{ListingRecord, VerifyCheck, VerifyRecord, source_digest};
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
    /// The rules under which that run is compared with the blocks shown.
    pub ran_rules: Vec<Rule>,
    /// Under Miri (the verify tier), with the listing's plan.
    pub miri: Option<MiriPlan>,
    /// How that Miri run differs from a default one ([`miri_notes`]).
    pub miri_notes: Vec<String>,
    /// The rules under which a Miri report shown in the book is compared.
    pub miri_rules: Vec<Rule>,
    /// Run 2 × [`RUNS`] times for each of these rules, each run compared
    /// under it.
    pub repeated: Vec<Rule>,
    /// The model whose report lists every output: 2 × [`RUNS`] more runs,
    /// each checked to be one of them.
    pub enumerated_by: Option<Listing>,
    /// What the verify tier measured for it, from the record (none for a
    /// listing with no entry yet).
    pub verified: Option<Verified>,
}

/// A listing's entry in the verify record, and whether its source is still
/// the one every check of the entry ran on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub record: ListingRecord,
    pub current: bool,
}

/// What the line says about a listing's Miri run where it differs from a
/// default run (`cargo +nightly miri run` with no flags, on the code shown):
/// a listing with `cfg(miri)` in its source runs on a smaller input under
/// Miri (the book uses `cfg(miri)` for nothing else: CONTRIBUTING.md says
/// so); `-Zmiri-tree-borrows` selects Tree Borrows; `-Zmiri-ignore-leaks`
/// turns off the check for leaked memory and for threads left running
/// when `main` returns. Flags that turn no check off
/// (`-Zmiri-disable-isolation` gives access to the host,
/// `-Zmiri-permissive-provenance` silences a warning,
/// `-Zmiri-provenance-gc` sets how often Miri prunes its tags) add nothing;
/// any other flag is named as written.
pub fn miri_notes(flags: &[String], source: &str) -> Vec<String> {
    let mut notes = Vec::new();
    if ["cfg(miri)", "cfg!(miri)", "cfg(not(miri))"]
        .iter()
        .any(|c| source.contains(c))
    {
        notes.push("smaller input".to_string());
    }
    for flag in flags {
        let note = match flag.as_str() {
            "-Zmiri-tree-borrows" => "Tree Borrows",
            "-Zmiri-ignore-leaks" => "leaks and leftover threads not checked",
            "-Zmiri-disable-isolation" | "-Zmiri-permissive-provenance" => continue,
            f if f.starts_with("-Zmiri-provenance-gc=") => continue,
            f => f,
        };
        notes.push(note.to_string());
    }
    notes
}

/// What a comparison under `rules` lets differ, in the line's words:
/// "lines in any order, timings vary".
pub fn rule_words(rules: &[Rule]) -> String {
    let on = |f: fn(&Rule) -> bool| rules.iter().any(f);
    let mut words = Vec::new();
    if on(|r| r.any_order) {
        words.push("lines in any order".to_string());
    }
    if on(|r| r.last_line) {
        words.push("last line always the same".to_string());
    }
    let mut varying = Vec::new();
    if on(|r| r.durations) {
        varying.push("timings");
    }
    if on(|r| r.thread_ids) {
        varying.push("thread ids");
        varying.push("worker numbers");
    }
    if let Some((last, first)) = varying.split_last() {
        words.push(match first {
            [] => format!("{last} vary"),
            _ => format!("{} and {last} vary", first.join(", ")),
        });
    }
    words.join(", ")
}

/// What the plans depend on beyond a chapter: the listings' sources and
/// the models that enumerate outputs. Loaded once per book.
#[derive(Debug, Clone, Default)]
pub struct Proofs {
    root: PathBuf,
    /// Listing name → the model that lists its outputs.
    enumerations: BTreeMap<String, Listing>,
    /// The verify record; none when it is missing or fails its digest (a
    /// drift guard fails then, and the lines show no figures).
    record: Option<VerifyRecord>,
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
            record: VerifyRecord::load(root).ok(),
        }
    }

    /// The same, without the verify record: lines show no measured words
    /// (for tests whose expected line must not change with the record).
    pub fn without_record(mut self) -> Proofs {
        self.record = None;
        self
    }

    /// The plan of `listing`, shown in a block whose words are `code`, with
    /// the output blocks the book shows for it.
    pub fn plan(&self, listing: &Listing, code: &InfoString, shown: &[Shown]) -> ProofPlan {
        let source = std::fs::read_to_string(self.root.join(listing.file())).unwrap_or_default();
        let mut plan = plan(
            listing,
            code,
            shown,
            &source,
            self.enumerations.get(listing.name.as_str()),
        );
        plan.verified = self
            .record
            .as_ref()
            .and_then(|r| r.listings.get(listing.name.as_str()))
            .map(|record| Verified {
                current: record.is_current(&source_digest(&source)),
                record: record.clone(),
            });
        plan
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
    let miri_notes = match &miri {
        Some(MiriPlan::Run { flags } | MiriPlan::Report { flags }) => miri_notes(flags, source),
        _ => Vec::new(),
    };
    let rules_of = |keep: &dyn Fn(Runner, Rule) -> bool| {
        let mut rules: Vec<Rule> = Vec::new();
        for s in shown {
            if let Ok(rule) = s.info.rule()
                && keep(s.runner, rule)
                && !rules.contains(&rule)
            {
                rules.push(rule);
            }
        }
        rules
    };
    let ran_rules = match ran {
        Some(_) => rules_of(&|runner, rule| {
            !rule.is_exact()
                && (compared_in_fast_tier(kind, runner) || compared_in_verify_tier(kind, runner))
        }),
        None => Vec::new(),
    };
    let miri_rules = match miri {
        Some(MiriPlan::Report { .. }) => {
            rules_of(&|runner, rule| runner == Runner::Miri && !rule.is_exact())
        }
        _ => Vec::new(),
    };
    let repeated = rules_of(&|runner, rule| is_repeated(kind, runner, rule));
    ProofPlan {
        listing: listing.clone(),
        build,
        ran,
        ran_rules,
        miri,
        miri_notes,
        miri_rules,
        repeated,
        enumerated_by: enumerated_by.cloned(),
        verified: None,
    }
}

impl Verified {
    /// The last item of the line: "verified on 2026-12-04 with rustc
    /// 1.95.0 and 1.97.0-nightly" (the days and the toolchains of its
    /// entries), "verified 2026-12-01 to 2026-12-04 …" when they ran on
    /// different days, and ", before its last edit" when the listing's
    /// source changed since. "verified" links to the section that explains
    /// the line.
    pub fn stamp(&self) -> Vec<Part> {
        let dates: Vec<&str> = self.record.dates().into_iter().collect();
        let when = match dates.as_slice() {
            [] => String::new(),
            [day] => format!(" on {day}"),
            [first, .., last] => format!(" {first} to {last}"),
        };
        let versions: Vec<&str> = self.record.versions().into_iter().collect();
        let with = match versions.split_last() {
            None => String::new(),
            Some((last, [])) => format!(" with rustc {last}"),
            Some((last, first)) => format!(" with rustc {} and {last}", first.join(", ")),
        };
        let edited = if self.current {
            ""
        } else {
            ", before its last edit"
        };
        vec![
            Part::Section {
                text: "verified".to_string(),
                target: format!("{CHECKED_CHAPTER}#{CHECKED_ANCHOR}"),
            },
            Part::Text(format!("{when}{with}{edited}")),
        ]
    }
}

/// A piece of the line: text, or text linked to where the book explains
/// it or to another listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Part {
    Text(String),
    /// A link to a section of the book: `ch12-testing.md#miri`.
    Section {
        text: String,
        target: String,
    },
    /// A link to another listing ("Listing 2.10"): to its figure where a
    /// chapter shows it (its id is [`figure_id`]), else to its file.
    Listing {
        text: String,
        listing: Listing,
    },
}

/// The id of a listing's figure (its first part) in the chapter that shows
/// it: `listing-2-10` for "2.10".
pub fn figure_id(number: &str) -> String {
    format!("listing-{}", number.replace('.', "-"))
}

impl ProofPlan {
    /// The line, as parts: "Checked: compiled · ran, output compared (lines
    /// in any order) · Miri: no undefined behaviour reported · 100 more runs,
    /// half under load, compared the same way". Each technical word links
    /// once to the section that explains it, a listing it names to its
    /// figure.
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
        // "(lines in any order)" after a comparison that lets them vary.
        let varies = |rules: &[Rule]| match rule_words(rules) {
            words if words.is_empty() => String::new(),
            words => format!(" ({words})"),
        };
        let ran_varies = varies(&self.ran_rules);
        match self.ran {
            Some(Ran::Output) => {
                items.push(vec![text(&format!("ran, output compared{ran_varies}"))])
            }
            Some(Ran::Panics) => items.push(vec![text(&format!(
                "panicked as shown, output compared{ran_varies}"
            ))]),
            Some(Ran::Tests) => items.push(vec![text(&format!(
                "tests passed, output compared{ran_varies}"
            ))]),
            Some(Ran::Loom) => {
                let mut parts = vec![text("run under ")];
                loom(&mut parts);
                parts.push(text(&format!(", report compared{ran_varies}")));
                items.push(parts);
            }
            None => {}
        }
        let miri_notes = match self.miri_notes.as_slice() {
            [] => String::new(),
            notes => format!(" ({})", notes.join(", ")),
        };
        match &self.miri {
            Some(MiriPlan::Run { .. }) => items.push(vec![
                section("Miri", TESTING_CHAPTER, MIRI_ANCHOR),
                text(&format!("{miri_notes}: no undefined behaviour reported")),
            ]),
            Some(MiriPlan::Report { .. }) => items.push(vec![
                section("Miri", TESTING_CHAPTER, MIRI_ANCHOR),
                text(&format!(
                    "{miri_notes}: report compared{}",
                    varies(&self.miri_rules)
                )),
            ]),
            Some(MiriPlan::Skip { reason }) => items.push(vec![
                text("not run under "),
                section("Miri", TESTING_CHAPTER, MIRI_ANCHOR),
                text(&format!(" ({reason})")),
            ]),
            None => {}
        }
        // Each set of runs is a trial of its own, with runs of its own:
        // "100 more runs" after the one run above, "another 100" after those.
        let record = self.verified.as_ref().map(|v| &v.record);
        if !self.repeated.is_empty() {
            // What the record counted: ": 15 distinct outputs".
            let seen = record
                .and_then(|r| r.repeat.as_ref()?.distinct)
                .map_or(String::new(), |n| {
                    format!(": {n} distinct output{}", if n == 1 { "" } else { "s" })
                });
            items.push(vec![text(&format!(
                "{} more runs, half under load, compared the same way{seen}",
                self.repeated_runs()
            ))]);
        }
        if let Some(model) = &self.enumerated_by {
            let runs = self.enumeration_runs();
            let runs = if !self.repeated.is_empty() {
                format!("another {runs} runs")
            } else if self.ran.is_some() {
                format!("{runs} more runs")
            } else {
                format!("{runs} runs")
            };
            let mut parts = vec![text(&format!(
                "{runs}, half under load, each one of the outputs that "
            ))];
            parts.push(Part::Listing {
                text: model
                    .name
                    .number()
                    .map_or(model.name.to_string(), |n| format!("Listing {n}")),
                listing: model.clone(),
            });
            parts.push(text(" finds with "));
            loom(&mut parts);
            // ": 3 of its 4 seen".
            if let Some(m) = record.and_then(|r| r.outcomes.as_ref())
                && let (Some(seen), Some(possible)) = (m.distinct, m.possible)
            {
                parts.push(text(&format!(": {seen} of its {possible} seen")));
            }
            items.push(parts);
        }
        // "verified on 2026-12-04 with rustc 1.95.0", from the record.
        if let Some(verified) = &self.verified {
            items.push(verified.stamp());
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

    /// The checks of the verify tier among these, as the record names them.
    pub fn verify_checks(&self) -> std::collections::BTreeSet<VerifyCheck> {
        let mut checks = std::collections::BTreeSet::new();
        if matches!(
            self.miri,
            Some(MiriPlan::Run { .. } | MiriPlan::Report { .. })
        ) {
            checks.insert(VerifyCheck::Miri);
        }
        if self.ran == Some(Ran::Loom) {
            checks.insert(VerifyCheck::Loom);
        }
        if !self.repeated.is_empty() {
            checks.insert(VerifyCheck::Repeat {
                runs: self.repeated_runs(),
            });
        }
        if let Some(model) = &self.enumerated_by {
            checks.insert(VerifyCheck::Outcomes {
                model: model.name.to_string(),
                runs: self.enumeration_runs(),
            });
        }
        checks
    }

    /// How many times the verify tier runs the listing to compare each run
    /// with a varying output block: 2 × [`RUNS`] for each rule.
    pub fn repeated_runs(&self) -> usize {
        2 * RUNS * self.repeated.len()
    }

    /// How many times the verify tier runs the listing to check each run
    /// against the outputs a model lists: 2 × [`RUNS`], or none.
    pub fn enumeration_runs(&self) -> usize {
        if self.enumerated_by.is_some() {
            2 * RUNS
        } else {
            0
        }
    }

    /// The line as text, without links.
    pub fn text(&self) -> String {
        self.line()
            .into_iter()
            .map(|p| match p {
                Part::Text(t) | Part::Section { text: t, .. } | Part::Listing { text: t, .. } => t,
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
            "Checked: compiled · ran, output compared (lines in any order) \
             · Miri: no undefined behaviour reported \
             · 100 more runs, half under load, compared the same way \
             · another 100 runs, half under load, each one of the outputs that Listing 2.10 \
             finds with loom"
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
                Part::Listing {
                    text: "Listing 2.10".into(),
                    listing: model.clone(),
                },
                Part::Section {
                    text: "loom".into(),
                    target: "ch12-testing.md#loom".into()
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
            "Checked: compiled · panicked as shown, output compared (thread ids and worker \
             numbers vary) · Miri: report compared \
             · 100 more runs, half under load, compared the same way"
        );
    }

    #[test]
    fn what_the_verify_record_measured_is_on_the_line() {
        use crate::verified::Measured;
        let model = listing(Kind::Model, "ch02-10-every-channel-order");
        let mut plan = plan(
            &listing(Kind::Example, "ch02-08-channel"),
            &InfoString::parse("rust"),
            &[shown(Runner::Native, "text,output,sample,any_order")],
            "fn main() {}",
            Some(&model),
        );
        let measured = |date: &str, toolchain: &str| Measured {
            date: date.into(),
            toolchain: toolchain.into(),
            source: source_digest("fn main() {}"),
            runs: None,
            distinct: None,
            model: None,
            possible: None,
        };
        let nightly = "rustc 1.97.0-nightly (e50aa6fba 2026-05-19)";
        let pinned = "rustc 1.95.0 (59807616e 2026-04-14)";
        let record = ListingRecord {
            miri: Some(measured("2026-12-04", nightly)),
            repeat: Some(Measured {
                runs: Some(100),
                distinct: Some(15),
                ..measured("2026-12-04", pinned)
            }),
            outcomes: Some(Measured {
                runs: Some(100),
                distinct: Some(3),
                model: Some(model.name.to_string()),
                possible: Some(4),
                ..measured("2026-12-04", pinned)
            }),
            loom: None,
        };
        plan.verified = Some(Verified {
            record: record.clone(),
            current: true,
        });
        assert_eq!(
            plan.text(),
            "Checked: compiled · ran, output compared (lines in any order) \
             · Miri: no undefined behaviour reported \
             · 100 more runs, half under load, compared the same way: 15 distinct outputs \
             · another 100 runs, half under load, each one of the outputs that Listing 2.10 \
             finds with loom: 3 of its 4 seen · verified on 2026-12-04 with rustc 1.95.0 and \
             1.97.0-nightly"
        );
        assert_eq!(
            plan.line().last(),
            Some(&Part::Text(
                " on 2026-12-04 with rustc 1.95.0 and 1.97.0-nightly".into()
            ))
        );
        // Edited since, and checks run on two days.
        let mut earlier = record;
        earlier.miri = Some(measured("2026-12-01", nightly));
        plan.verified = Some(Verified {
            record: earlier,
            current: false,
        });
        assert!(
            plan.text().ends_with(
                " · verified 2026-12-01 to 2026-12-04 with rustc 1.95.0 and 1.97.0-nightly, \
                 before its last edit"
            ),
            "{}",
            plan.text()
        );
        // The checks the record must name.
        assert_eq!(
            plan.verify_checks(),
            [
                VerifyCheck::Miri,
                VerifyCheck::Repeat { runs: 100 },
                VerifyCheck::Outcomes {
                    model: model.name.to_string(),
                    runs: 100
                }
            ]
            .into()
        );
    }

    /// The record on disk reaches the line through [`Proofs`]: its figures
    /// while the listing is unchanged, "before its last edit" once it has
    /// changed, and none once the record is edited by hand.
    #[test]
    fn a_record_on_disk_reaches_the_line() {
        use crate::verified::{Measured, PATH, VerifyRecord};
        let root = std::env::temp_dir().join(format!("proofs-record-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let name = "ch02-01-spawn";
        let file = root.join("listings/examples").join(format!("{name}.rs"));
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::create_dir_all(root.join(PATH).parent().unwrap()).unwrap();
        std::fs::write(&file, "fn main() {}\n").unwrap();
        let mut record = VerifyRecord::new();
        record.listings.insert(
            name.into(),
            ListingRecord {
                miri: Some(Measured {
                    date: "2026-12-04".into(),
                    toolchain: "rustc 1.97.0-nightly (e50aa6fba 2026-05-19)".into(),
                    source: source_digest("fn main() {}\n"),
                    runs: None,
                    distinct: None,
                    model: None,
                    possible: None,
                }),
                ..ListingRecord::default()
            },
        );
        let sealed = record.sealed();
        std::fs::write(root.join(PATH), &sealed).unwrap();
        let line = || {
            Proofs::load(&root)
                .plan(
                    &listing(Kind::Example, name),
                    &InfoString::parse("rust"),
                    &[shown(Runner::Native, "text,output")],
                )
                .text()
        };
        assert!(
            line().ends_with(
                "Miri: no undefined behaviour reported · verified on 2026-12-04 with \
                 rustc 1.97.0-nightly"
            ),
            "{}",
            line()
        );
        std::fs::write(&file, "fn main() { }\n").unwrap();
        assert!(
            line().ends_with("with rustc 1.97.0-nightly, before its last edit"),
            "{}",
            line()
        );
        std::fs::write(root.join(PATH), sealed.replace("2026-12-04", "2026-12-05")).unwrap();
        assert!(!line().contains("verified"), "{}", line());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn an_exact_output_that_a_model_enumerates() {
        let model = listing(Kind::Model, "ch01-05-every-booking");
        let plan = plan(
            &listing(Kind::Example, "ch01-04-check-then-act"),
            &InfoString::parse("rust"),
            &[shown(Runner::Native, "text,output")],
            "fn main() {}",
            Some(&model),
        );
        assert_eq!(plan.repeated_runs(), 0);
        assert_eq!(
            plan.text(),
            "Checked: compiled · ran, output compared · Miri: no undefined behaviour reported \
             · 100 more runs, half under load, each one of the outputs that Listing 1.5 finds \
             with loom"
        );
    }

    #[test]
    fn a_miri_run_that_differs_from_a_default_one_says_how() {
        let rayon = "// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance\n\
                     const PAIRS: usize = if cfg!(miri) { 5_000 } else { 20_000 };\n";
        let plan = plan(
            &listing(Kind::Example, "ch13-03-merge-sort-cutoff"),
            &InfoString::parse("rust"),
            &[shown(Runner::Native, "text,output,sample,durations")],
            rayon,
            None,
        );
        assert_eq!(
            plan.text(),
            "Checked: compiled · ran, output compared (timings vary) · Miri (smaller input, \
             Tree Borrows, leaks and leftover threads not checked): no undefined behaviour \
             reported · 100 more runs, half under load, compared the same way"
        );
        // Flags that turn no check off add nothing; an unknown one is named.
        let flags = |f: &[&str]| f.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        assert_eq!(
            miri_notes(
                &flags(&["-Zmiri-disable-isolation", "-Zmiri-provenance-gc=1000"]),
                "fn main() {}"
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            miri_notes(
                &flags(&["-Zmiri-seed=7"]),
                "#[cfg(not(miri))]\nfn main() {}"
            ),
            ["smaller input", "-Zmiri-seed=7"]
        );
        // A report shown as a sample says what its comparison lets vary.
        let plan = super::plan(
            &listing(Kind::Test, "ch12-03-deadline"),
            &InfoString::parse("rust,ignore"),
            &[
                shown(Runner::Native, "text,output,sample,durations"),
                shown(Runner::Miri, "text,output,sample,durations"),
            ],
            "// miri: report\n",
            None,
        );
        assert!(
            plan.text()
                .contains(" · Miri: report compared (timings vary) · "),
            "{}",
            plan.text()
        );
    }

    #[test]
    fn what_a_comparison_lets_vary() {
        let rule = |info: &str| InfoString::parse(info).rule().unwrap();
        assert_eq!(rule_words(&[rule("text,output")]), "");
        assert_eq!(
            rule_words(&[rule("text,output,sample,any_order,last_line")]),
            "lines in any order, last line always the same"
        );
        assert_eq!(
            rule_words(&[
                rule("text,output,sample,durations"),
                rule("text,output,sample,thread_ids")
            ]),
            "timings, thread ids and worker numbers vary"
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
        assert_eq!(
            plan_of(
                Kind::Model,
                "ch12-04-counter-model",
                "rust,ignore,noplayground,should_panic",
                "text,output,sample,durations,thread_ids"
            ),
            "Checked: compiled · run under loom, report compared (timings, thread ids and \
             worker numbers vary)"
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
