//! The line under each listing's caption ("Checked: compiled · ran, output
//! compared · Miri: no undefined behaviour reported · …") against the
//! trials the harness builds. The preprocessor writes the line from
//! [`book_model::proof`], and the harness decides what it runs with the
//! same functions; this check makes sure that the two still agree, trial by
//! trial: a line that claims a check no trial runs, or leaves out one that
//! runs, fails it, naming the listing and where the book shows it.
//!
//! What it compares, listing by listing, is the kinds of trial and their
//! counts of runs: an output compared (or a compiler message), a Miri run,
//! a Miri run skipped, the repeated runs (the sum of the runs its repeat
//! trials announce against the count on the line), and the runs checked
//! against a model's list (the model, and the count). The rest of the
//! line's words (compiled, what may vary, how a Miri run differs from a
//! default one) are not compared with the trials: they come from the same
//! plan, [`book_model::proof::ProofPlan`], and its unit tests pin them.
//!
//! It builds the trials of both tiers (without running them) and reads the
//! listings' sources: it takes a few milliseconds, and runs every time.
//!
//! The measured words of the line come from the verify tier's record; the
//! drift guard of [`crate::checks::verified`] compares its entries with the
//! same plans ([`ProofPlan::verify_checks`]), so with this check, with the
//! trials too.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use book_model::proof::{self, Build, ProofPlan, Proofs, Shown};
use book_model::{CheckKind, MiriPlan};
use libtest_mimic::Trial;

use crate::book::Book;
use crate::checks::{miri, outputs, repeat, trial};

/// The trial's name, after `drift: `.
pub const NAME: &str = "every listing's Checked line names the checks the harness runs";

pub fn trials(book: &'static Book) -> Vec<Trial> {
    vec![trial(CheckKind::Drift, NAME, move || {
        let mut problems = sections_exist(book);
        problems.extend(disagreements(&figures(book), &harness_trials(book)));
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!("\n  {}\n", problems.join("\n  ")))
        }
    })]
}

/// A listing's first part in a chapter, which carries the line.
#[derive(Debug, Clone)]
pub struct Figure {
    /// Where the chapter shows it: `src/ch02-threads.md:42`.
    pub location: String,
    pub plan: ProofPlan,
}

/// Every listing figure that gets a line, with its plan, as the
/// preprocessor computes them: the first block of each listing file in each
/// chapter, and the output blocks of the whole book.
pub fn figures(book: &Book) -> Vec<Figure> {
    let proofs = Proofs::load(&book.root);
    let mut shown: BTreeMap<String, Vec<Shown>> = BTreeMap::new();
    for chapter in &book.chapters {
        for (name, block) in proof::shown_outputs(&chapter.file, &chapter.source) {
            shown.entry(name).or_default().push(block);
        }
    }
    let mut found = Vec::new();
    for chapter in &book.chapters {
        let mut seen = HashSet::new();
        for block in chapter.blocks.iter().filter(|b| b.info.is_rust()) {
            let Some(listing) = block.listing() else {
                continue;
            };
            if !seen.insert(listing.file()) {
                continue;
            }
            let outputs = shown
                .get(listing.name.as_str())
                .map_or(&[][..], Vec::as_slice);
            found.push(Figure {
                location: block.location(),
                plan: proofs.plan(&listing, &block.info, outputs),
            });
        }
    }
    found
}

/// The names of the trials both tiers build about listings, each with
/// whether it is ignored (a listing Miri skips).
pub fn harness_trials(book: &'static Book) -> Vec<(String, bool)> {
    let mut trials = outputs::trials(book);
    trials.extend(outputs::verify_trials(book));
    trials.extend(miri::trials(book, &mut miri::MiriSummary::default()));
    let (alone, shared) = repeat::trials(book);
    trials.extend(alone);
    trials.extend(shared);
    trials
        .iter()
        .map(|t| (t.name().to_string(), t.has_ignored_flag()))
        .collect()
}

/// What a plan says the harness runs, in the words of [`ran`].
fn claimed(plan: &ProofPlan) -> BTreeSet<String> {
    let mut checks = BTreeSet::new();
    if plan.ran.is_some() || plan.build == Build::ErrorCompared {
        checks.insert("output".to_string());
    }
    match &plan.miri {
        Some(MiriPlan::Skip { .. }) => checks.insert("miri (skipped)".to_string()),
        Some(_) => checks.insert("miri".to_string()),
        None => false,
    };
    if !plan.repeated.is_empty() {
        checks.insert(format!("repeat: {} runs", plan.repeated_runs()));
    }
    if let Some(model) = &plan.enumerated_by {
        checks.insert(format!(
            "{} runs, each one of the outputs {} lists",
            plan.enumeration_runs(),
            model.name
        ));
    }
    checks
}

/// The number of runs a trial's name announces: `… (100 runs, …)`.
fn runs_in(name: &str) -> usize {
    name.split_once(" (")
        .and_then(|(_, rest)| rest.split_once(" runs"))
        .and_then(|(n, _)| n.parse().ok())
        .unwrap_or(0)
}

/// What the harness runs, by listing: `output`, `miri`, `miri (skipped)`,
/// `repeat: N runs` (all of the listing's repeat trials together) and `N
/// runs, each one of the outputs MODEL lists`.
fn ran(trials: &[(String, bool)]) -> BTreeMap<String, BTreeSet<String>> {
    let mut by_listing: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut repeated: BTreeMap<String, usize> = BTreeMap::new();
    for (name, ignored) in trials {
        let Some(kind) = CheckKind::of(name) else {
            continue;
        };
        let rest = &name[kind.prefix().len()..];
        let Some(listing) = rest.split_whitespace().next() else {
            continue;
        };
        let check = match kind {
            CheckKind::Output => "output".to_string(),
            CheckKind::Miri if *ignored => "miri (skipped)".to_string(),
            CheckKind::Miri => "miri".to_string(),
            CheckKind::Repeat => {
                *repeated.entry(listing.to_string()).or_default() += runs_in(rest);
                continue;
            }
            CheckKind::Outcomes => {
                // `outcomes NAME (100 runs, half under load, each one of the
                // outputs MODEL lists)`
                let model = rest
                    .trim_end_matches(" lists)")
                    .rsplit(' ')
                    .next()
                    .unwrap_or_default();
                format!(
                    "{} runs, each one of the outputs {model} lists",
                    runs_in(rest)
                )
            }
            _ => continue,
        };
        by_listing
            .entry(listing.to_string())
            .or_default()
            .insert(check);
    }
    for (listing, runs) in repeated {
        by_listing
            .entry(listing)
            .or_default()
            .insert(format!("repeat: {runs} runs"));
    }
    by_listing
}

/// Every figure whose line and the harness's trials disagree, in a sentence
/// naming the listing and where the book shows it.
pub fn disagreements(figures: &[Figure], trials: &[(String, bool)]) -> Vec<String> {
    let ran = ran(trials);
    let none = BTreeSet::new();
    let mut problems = Vec::new();
    for figure in figures {
        let name = figure.plan.listing.name.as_str();
        let claimed = claimed(&figure.plan);
        let ran = ran.get(name).unwrap_or(&none);
        let line = figure.plan.text();
        for check in claimed.difference(ran) {
            problems.push(format!(
                "{}: the line under {name} says the harness checks it ({check}), but no trial \
                 does: make book_model::proof and the harness's trial lists decide alike \
                 (line: \"{line}\")",
                figure.location
            ));
        }
        for check in ran.difference(&claimed) {
            problems.push(format!(
                "{}: the harness checks {name} ({check}), but the line under it does not say so: \
                 make book_model::proof and the harness's trial lists decide alike \
                 (line: \"{line}\")",
                figure.location
            ));
        }
    }
    problems
}

/// The sections the line links to exist, with the ids it links to.
fn sections_exist(book: &Book) -> Vec<String> {
    [
        (proof::CHECKED_CHAPTER, proof::CHECKED_ANCHOR),
        (proof::TESTING_CHAPTER, proof::MIRI_ANCHOR),
        (proof::TESTING_CHAPTER, proof::LOOM_ANCHOR),
    ]
    .into_iter()
    .filter_map(|(chapter, anchor)| {
        let file = format!("src/{chapter}");
        let source = book
            .chapters
            .iter()
            .find(|c| c.file == file)
            .map_or("", |c| c.source.as_str());
        let found = source.lines().any(|line| {
            let text = line.trim_start_matches('#');
            text.len() < line.len() && heading_id(text) == anchor
        });
        (!found).then(|| {
            format!(
                "{file}: the line under every listing links to {chapter}#{anchor}, but no heading \
                 there has that id: rename the heading back or change book_model::proof"
            )
        })
    })
    .collect()
}

/// mdBook's id for a heading's text: lowercased, spaces as hyphens, other
/// punctuation dropped.
pub(crate) fn heading_id(text: &str) -> String {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c.to_ascii_lowercase()),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use book_model::{InfoString, Kind, Listing, Runner};

    fn figure(kind: Kind, name: &str, code: &str, outputs: &[&str], source: &str) -> Figure {
        let listing = Listing::new(kind, name).unwrap();
        let shown: Vec<Shown> = outputs
            .iter()
            .map(|info| Shown {
                runner: Runner::Native,
                info: InfoString::parse(info),
            })
            .collect();
        let model = Listing::new(Kind::Model, "ch02-10-every-channel-order").unwrap();
        let enumerated = (name == "ch02-08-channel").then_some(&model);
        Figure {
            location: "src/ch02-threads.md:40".into(),
            plan: proof::plan(
                &listing,
                &InfoString::parse(code),
                &shown,
                source,
                enumerated,
            ),
        }
    }

    fn book_figures() -> Vec<Figure> {
        vec![
            figure(
                Kind::Example,
                "ch02-08-channel",
                "rust",
                &["text,output,sample,any_order"],
                "",
            ),
            figure(
                Kind::Test,
                "ch10-08-wrong-shutdown-order",
                "rust,ignore",
                &["text,output"],
                "// miri: skip: blocked threads\n",
            ),
            figure(
                Kind::CompileFail,
                "ch02-04-missing-move",
                "rust,compile_fail",
                &["text,compiler_error"],
                "",
            ),
        ]
    }

    fn harness() -> Vec<(String, bool)> {
        [
            ("output ch02-08-channel (src/ch02-threads.md:50)", false),
            ("miri ch02-08-channel", false),
            ("repeat ch02-08-channel (100 runs, half under load)", false),
            (
                "outcomes ch02-08-channel (100 runs, half under load, each one of the outputs \
                 ch02-10-every-channel-order lists)",
                false,
            ),
            (
                "output ch10-08-wrong-shutdown-order (src/ch10-worker-pool.md:9)",
                false,
            ),
            (
                "miri ch10-08-wrong-shutdown-order (skipped: blocked threads)",
                true,
            ),
            (
                "output ch02-04-missing-move (src/ch02-threads.md:30)",
                false,
            ),
            ("snippet src/ch02-threads.md:40", false),
        ]
        .into_iter()
        .map(|(n, i)| (n.to_string(), i))
        .collect()
    }

    #[test]
    fn lines_and_trials_that_agree() {
        assert_eq!(
            disagreements(&book_figures(), &harness()),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_check_the_harness_no_longer_runs_is_named() {
        let mut trials = harness();
        trials.retain(|(n, _)| n != "miri ch02-08-channel");
        assert_eq!(
            disagreements(&book_figures(), &trials),
            [
                "src/ch02-threads.md:40: the line under ch02-08-channel says the harness checks it \
              (miri), but no trial does: make book_model::proof and the harness's trial lists \
              decide alike (line: \"Checked: compiled · ran, output compared (lines in any order) \
              · Miri: no undefined behaviour reported · 100 more runs, half under load, compared \
              the same way · another 100 runs, half under load, each one of the outputs that \
              Listing 2.10 finds with loom\")"
            ]
        );
    }

    #[test]
    fn a_check_the_line_leaves_out_is_named() {
        let mut trials = harness();
        trials.push((
            "repeat ch10-08-wrong-shutdown-order (100 runs)".into(),
            false,
        ));
        trials.retain(|(n, _)| !n.starts_with("outcomes"));
        let problems = disagreements(&book_figures(), &trials);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].starts_with(
            "src/ch02-threads.md:40: the line under ch02-08-channel says the harness checks it \
             (100 runs, each one of the outputs ch02-10-every-channel-order lists), but no trial \
             does"
        ));
        assert!(problems[1].starts_with(
            "src/ch02-threads.md:40: the harness checks ch10-08-wrong-shutdown-order (repeat: \
             100 runs), but the line under it does not say so"
        ));
        // A skipped Miri run that runs after all is a disagreement too.
        let mut trials = harness();
        for (name, ignored) in &mut trials {
            if name.starts_with("miri ch10") {
                *ignored = false;
            }
        }
        assert_eq!(disagreements(&book_figures(), &trials).len(), 2);
    }

    #[test]
    fn a_count_of_runs_the_line_does_not_give_is_named() {
        // A second set of repeated runs, as a listing shown twice with other
        // arguments gets: the line says 100.
        let mut trials = harness();
        trials.push((
            "repeat ch02-08-channel (100 runs, half under load)".into(),
            false,
        ));
        let problems = disagreements(&book_figures(), &trials);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[0].contains("says the harness checks it (repeat: 100 runs)"));
        assert!(problems[1].contains("the harness checks ch02-08-channel (repeat: 200 runs)"));
        // The runs checked against a model's list, in another number.
        let mut trials = harness();
        for (name, _) in &mut trials {
            if name.starts_with("outcomes") {
                *name = name.replace("(100 runs", "(60 runs");
            }
        }
        let problems = disagreements(&book_figures(), &trials);
        assert_eq!(problems.len(), 2, "{problems:#?}");
        assert!(problems[1].contains(
            "the harness checks ch02-08-channel (60 runs, each one of the outputs \
             ch02-10-every-channel-order lists)"
        ));
    }

    #[test]
    fn heading_ids_are_mdbooks() {
        assert_eq!(
            heading_id(" Every listing is checked"),
            "every-listing-is-checked"
        );
        assert_eq!(heading_id(" Miri"), "miri");
        assert_eq!(heading_id(" `loom`"), "loom");
    }
}
