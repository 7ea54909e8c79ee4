//! The exercises: each shows its starter and tests, and its solution on a
//! page of its own.

use std::path::Path;

use book_model::Exercise;

use super::all_includes;
use crate::book::Book;

pub(super) fn exercises_are_shown(book: &Book) -> Vec<String> {
    let includes = all_includes(book);
    let shown_in = |path: &Path| -> Vec<&str> {
        includes
            .iter()
            .filter(|s| s.include.path == path && s.include.anchor.is_none())
            .map(|s| s.chapter)
            .collect()
    };
    let mut problems = Vec::new();
    for exercise in Exercise::discover(&book.root) {
        let starter = shown_in(&exercise.starter());
        let tests = shown_in(&exercise.tests());
        let solution = shown_in(&exercise.solution());
        if starter.is_empty() || tests.is_empty() {
            problems.push(format!(
                "exercise {}: no chapter shows both its starter ({}) and its tests ({})",
                exercise.name,
                exercise.starter().display(),
                exercise.tests().display()
            ));
        }
        if solution.is_empty() {
            problems.push(format!(
                "exercise {}: no page shows its solution ({})",
                exercise.name,
                exercise.solution().display()
            ));
        }
        if solution.iter().any(|page| starter.contains(page)) {
            problems.push(format!(
                "exercise {}: the solution is on the same page as the starter; give it a page of its own",
                exercise.name
            ));
        }
        let command = exercise.command();
        let pages_with_command = book
            .chapters
            .iter()
            .filter(|c| starter.contains(&c.file.as_str()) && c.source.contains(&command))
            .count();
        if !starter.is_empty() && pages_with_command == 0 {
            problems.push(format!(
                "exercise {}: its page does not give the command that runs its tests, `{command}`",
                exercise.name
            ));
        }
    }
    problems
}

/// The introduction links every exercise's page, and each numbered chapter
/// up to the last one that an exercise follows links an exercise's page:
/// one of those after it when it has any, else any (the one that practises
/// what it teaches), as the introduction says; the chapters after that one
/// are not held to it. Where in the text the links stand is not checked.
pub(super) fn exercises_are_named(book: &Book) -> Vec<String> {
    let includes = all_includes(book);
    let mut problems = Vec::new();
    // Each exercise's page (the one that shows its starter), as a chapter
    // links it, with the number of the chapter it is nested under.
    let mut pages: Vec<(String, &str, Option<u32>)> = Vec::new();
    for exercise in Exercise::discover(&book.root) {
        for include in includes
            .iter()
            .filter(|s| s.include.path == exercise.starter() && s.include.anchor.is_none())
        {
            let chapter = book.chapters.iter().find(|c| c.file == include.chapter);
            let under = chapter
                .and_then(|c| c.number.as_deref())
                .and_then(|n| n.split('.').next())
                .and_then(|n| n.parse().ok());
            pages.push((exercise.name.clone(), include.chapter, under));
        }
    }
    let link_of = |page: &str| {
        Path::new(page)
            .file_name()
            .map(|f| format!("({})", f.to_string_lossy()))
            .unwrap_or_default()
    };
    // The introduction: the first chapter, which has no number.
    let introduction = book.chapters.first().filter(|c| c.number.is_none());
    if introduction.is_none() && !pages.is_empty() {
        problems.push(
            "the book's first chapter has a number: no introduction names the exercises"
                .to_string(),
        );
    }
    if let Some(introduction) = introduction {
        for (name, page, _) in &pages {
            if !introduction.source.contains(&link_of(page)) {
                problems.push(format!(
                    "{}: it does not link the page of exercise {name}, `{page}`: name it \
                     in the bullet of the chapter it follows",
                    introduction.file
                ));
            }
        }
    }
    let last = pages.iter().filter_map(|(_, _, under)| *under).max();
    for chapter in &book.chapters {
        let Some(number) = chapter
            .number
            .as_deref()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        // The exercises after this chapter, if any: it must link one of
        // them; a chapter with none must link some exercise.
        let own: Vec<&str> = pages
            .iter()
            .filter(|(_, _, under)| *under == Some(number))
            .map(|(_, page, _)| *page)
            .collect();
        let has_own = !own.is_empty();
        let candidates: Vec<&str> = if has_own {
            own
        } else {
            pages.iter().map(|(_, page, _)| *page).collect()
        };
        if last.is_some_and(|last| number <= last)
            && !candidates
                .iter()
                .any(|page| chapter.source.contains(&link_of(page)))
        {
            problems.push(format!(
                "{}: chapter {number} links {}; end it (before its self-check) by \
                 pointing to the exercise after it, or to the one that practises what it \
                 teaches",
                chapter.file,
                if has_own {
                    format!("none of the exercises after it ({})", candidates.join(", "))
                } else {
                    "no exercise's page".to_string()
                }
            ));
        }
    }
    problems
}

/// Every exercise with a loom grader: see [`grader_problems`]. The
/// exercises' README gives each grader's command, and its links to the
/// book, which speak of the graders, must name sections of chapters too.
pub(super) fn graders_are_shown(book: &Book) -> Vec<String> {
    let includes = all_includes(book);
    let readme = Path::new(book_model::EXERCISES_DIR).join("README.md");
    let mut problems = links_resolve(book, &readme);
    let readme_text = book.read(&readme).unwrap_or_default();
    for exercise in Exercise::discover(&book.root) {
        if !exercise.has_grader(&book.root) {
            continue;
        }
        let command = exercise.grader_command();
        if !readme_text.contains(&command) {
            problems.push(format!(
                "{}: it does not give the command of exercise {}'s grader, `{command}`",
                readme.display(),
                exercise.name
            ));
        }
        let pages: Vec<&str> = includes
            .iter()
            .filter(|s| s.include.path == exercise.starter() && s.include.anchor.is_none())
            .map(|s| s.chapter)
            .collect();
        problems.extend(grader_problems(book, &exercise, &pages));
    }
    problems
}

/// An exercise with a loom grader: its page (`pages`, those that show the
/// starter) gives the grader's command and Miri's, and shows the message
/// with which the grader rejects each wrong solution; each section of the
/// book that the grader's messages link to exists.
fn grader_problems(book: &Book, exercise: &Exercise, pages: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let page_sources: Vec<&str> = book
        .chapters
        .iter()
        .filter(|c| pages.contains(&c.file.as_str()))
        .map(|c| c.source.as_str())
        .collect();
    for command in [exercise.grader_command(), exercise.miri_command()] {
        if !pages.is_empty() && !page_sources.iter().any(|s| s.contains(&command)) {
            problems.push(format!(
                "exercise {}: its page does not give the command `{command}`: add it where \
                 the page says how to run the grader and Miri",
                exercise.name
            ));
        }
    }
    let includes = all_includes(book);
    for wrong in exercise.wrong_solutions(&book.root) {
        let message = book_model::grader_message(&wrong);
        if !book.root.join(&message).is_file() {
            problems.push(format!(
                "exercise {}: {} has no {}, the text the grader's failure on it must contain",
                exercise.name,
                wrong.display(),
                message.display()
            ));
        } else if !includes
            .iter()
            .any(|s| s.include.path == message && pages.contains(&s.chapter))
        {
            problems.push(format!(
                "exercise {}: its page does not show {}, the grader's message on {} \
                 (`{{{{#include ../{}}}}}` in a `text` block)",
                exercise.name,
                message.display(),
                wrong.display(),
                message.display()
            ));
        }
    }
    problems.extend(links_resolve(book, &exercise.grader()));
    problems
}

/// Each link to the published book in `file` (if it exists) names a
/// section of a chapter.
fn links_resolve(book: &Book, file: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let source = book.read(file).unwrap_or_default();
    for (n, line) in source.lines().enumerate() {
        for (at, _) in line.match_indices(book_model::PUBLISHED_BOOK) {
            let link: String = line[at + book_model::PUBLISHED_BOOK.len()..]
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '"' | '>' | ')'))
                .collect();
            if !links_to_a_section(book, &link) {
                problems.push(format!(
                    "{}:{}: links to {link} in the book, but no chapter has that section: \
                     link to a heading's id (src/CHAPTER.md becomes CHAPTER.html)",
                    file.display(),
                    n + 1
                ));
            }
        }
    }
    problems
}

/// Whether `link` (`ch08-waiting-and-waking.html#some-heading`) names a
/// chapter of `book` and the id of one of its headings.
fn links_to_a_section(book: &Book, link: &str) -> bool {
    let Some((page, id)) = link.split_once('#') else {
        return false;
    };
    let Some(file) = page.strip_suffix(".html") else {
        return false;
    };
    let file = format!("src/{file}.md");
    book.chapters.iter().any(|c| {
        c.file == file
            && c.source.lines().any(|line| {
                let text = line.trim_start_matches('#');
                text.len() < line.len() && crate::checks::proof::heading_id(text) == id
            })
    })
}
