//! Measured figures: every one comes from a sealed, fresh record of
//! `cargo xtask bench`.

use book_model::{
    Kind, RECORDS_DIR, Record, bench_directives, check_figures, sources_digest, typed_figures,
};

use super::files;
use crate::book::Book;

/// The records of `cargo xtask bench` are sealed (a figure edited by hand
/// breaks the digest) and fresh (made from the benchmark's current sources);
/// every figure and claim a chapter names is in its record; and a chapter
/// that shows measured figures types none of its own.
pub(super) fn figures_come_from_records(book: &Book) -> Vec<String> {
    let root = &book.root;
    let mut problems = Vec::new();
    let benchmarks: Vec<String> = book
        .listings
        .iter()
        .filter(|l| l.kind == Kind::Benchmark)
        .map(|l| l.name.to_string())
        .collect();
    for name in &benchmarks {
        let record = match Record::load(root, name) {
            Ok(record) => record,
            Err(e) => {
                problems.push(e);
                continue;
            }
        };
        match sources_digest(root, name) {
            Ok(digest) if digest == record.sources => {}
            Ok(_) => problems.push(format!(
                "{}: the benchmark or a listing it times changed since this record was \
                 made: run `cargo xtask bench {name}`",
                Record::path(name).display()
            )),
            Err(e) => problems.push(e),
        }
    }
    for record in files(book, RECORDS_DIR, "toml") {
        // The verify tier's record has a guard of its own.
        if record == std::path::Path::new(book_model::verified::PATH) {
            continue;
        }
        let stem = record.file_stem().unwrap_or_default().to_string_lossy();
        if !benchmarks.iter().any(|b| *b == stem) {
            problems.push(format!("{} belongs to no benchmark", record.display()));
        }
    }
    for chapter in &book.chapters {
        problems.extend(check_figures(root, &chapter.file, &chapter.source));
        let shows_figures = bench_directives(&chapter.source).is_ok_and(|d| !d.is_empty());
        for typed in typed_figures(&chapter.source)
            .iter()
            .filter(|_| shows_figures)
        {
            problems.push(format!(
                "{}: `{typed}` is typed, not generated: name the figure with a \
                 {{{{#bench …}}}} directive (see crates/book-model/src/bench.rs)",
                chapter.file
            ));
        }
    }
    problems
}

/// Every `{{#quote LISTING TEXT}}` of a chapter quotes words that are in
/// the listing's recorded output, which the output checks compare with a
/// real run.
pub(super) fn quotes_are_in_outputs(book: &Book) -> Vec<String> {
    book.chapters
        .iter()
        .flat_map(|c| book_model::quote::problems(&book.root, &c.file, &c.source))
        .collect()
}
