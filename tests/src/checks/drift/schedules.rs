//! The "Be the scheduler" figures: each reaches exactly the outputs its
//! loom model lists (see `book_model::schedule`).

use std::collections::BTreeSet;

use book_model::schedule::{DIR, Schedule, directives, possible_outputs};
use book_model::{Kind, proof::outcomes_of};

use crate::book::Book;

/// The outputs shown in a problem, at most: enough to see what differs.
const SHOWN: usize = 2;

/// Every model in `listings/schedules/` is named after a loom model that
/// enumerates the outputs of the listing the model names; every schedule of
/// its steps prints one of those outputs, and every one of them is printed
/// by some schedule; every model is shown by exactly one `{{#schedule …}}`
/// directive, on a line of its own, and every directive names a model.
pub(super) fn schedules_reach_what_loom_lists(book: &Book) -> Vec<String> {
    let root = &book.root;
    let mut problems = Vec::new();
    let names = Schedule::names(root);
    for name in &names {
        let file = Schedule::file(name).display().to_string();
        let model = match Schedule::load(root, name) {
            Ok(model) => model,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let Some(loom) = book
            .listings
            .iter()
            .find(|l| l.kind == Kind::Model && l.name.as_str() == name.as_str())
        else {
            problems.push(format!(
                "{file}: no loom model is named {name}: a figure's file is named after the model that enumerates the outputs it must reach"
            ));
            continue;
        };
        let source = book.read(&loom.file()).unwrap_or_default();
        if outcomes_of(&source) != Some(model.listing.as_str()) {
            problems.push(format!(
                "{file}: it shows the steps of {}, but model {name} enumerates the outputs of {}",
                model.listing,
                outcomes_of(&source).unwrap_or("no listing (it has no `// outcomes-of:` line)")
            ));
        }
        let Some(report) = loom.expected() else {
            continue;
        };
        let listed = match book
            .read(&report)
            .and_then(|r| possible_outputs(&r).map_err(|e| format!("{}: {e}", report.display())))
        {
            Ok(listed) => listed,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        let reached: BTreeSet<String> = match model.explore() {
            Ok(outputs) => outputs.into_keys().collect(),
            Err(e) => {
                problems.push(format!("{file}: {e}"));
                continue;
            }
        };
        let show = |outputs: Vec<&String>| {
            outputs
                .iter()
                .take(SHOWN)
                .map(|o| format!("\n    | {}", o.trim_end().replace('\n', "\n    | ")))
                .collect::<Vec<_>>()
                .join("\n    and")
        };
        let extra: Vec<&String> = reached.difference(&listed).collect();
        if !extra.is_empty() {
            problems.push(format!(
                "{file}: its steps can print {} output(s) that model {name} does not list (loom found {}), such as:{}",
                extra.len(),
                listed.len(),
                show(extra)
            ));
        }
        let missed: Vec<&String> = listed.difference(&reached).collect();
        if !missed.is_empty() {
            problems.push(format!(
                "{file}: no schedule of its steps prints {} of the {} outputs model {name} lists, such as:{}",
                missed.len(),
                listed.len(),
                show(missed)
            ));
        }
    }
    let mut shown = Vec::new();
    for chapter in &book.chapters {
        for (range, name) in directives(&chapter.source) {
            let line_start = chapter.source[..range.start]
                .rfind('\n')
                .map_or(0, |i| i + 1);
            let line_end = chapter.source[range.end..]
                .find('\n')
                .map_or(chapter.source.len(), |i| range.end + i);
            if chapter.source[line_start..line_end].trim() != &chapter.source[range.clone()] {
                problems.push(format!(
                    "{}: {{{{#schedule {name}}}}} shares its line with other text: a figure \
                     stands in a paragraph of its own",
                    chapter.file
                ));
            }
            if !names.contains(&name) {
                problems.push(format!(
                    "{}: {{{{#schedule {name}}}}} names no model: {DIR}/{name}.toml does not exist",
                    chapter.file
                ));
            }
            if shown.contains(&name) {
                problems.push(format!(
                    "{}: {{{{#schedule {name}}}}} shows a figure another directive shows already",
                    chapter.file
                ));
            }
            shown.push(name);
        }
    }
    for name in names.iter().filter(|n| !shown.contains(n)) {
        problems.push(format!(
            "{}: no chapter shows it with {{{{#schedule {name}}}}}",
            Schedule::file(name).display()
        ));
    }
    problems
}
