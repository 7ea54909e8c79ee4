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
