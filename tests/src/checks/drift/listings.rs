//! Tooling drift of the listings: every file is well named, shown, numbered
//! in order and checked, and every include and benchmark resolves.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use book_model::{DATA_DIR, Kind, OUTPUT_DIR};
use serde::Deserialize;

use super::{all_includes, files};
use crate::book::Book;
use crate::checks::outputs;

pub(super) fn includes_resolve(book: &Book) -> Vec<String> {
    let mut problems = Vec::new();
    for shown in all_includes(book) {
        let include = &shown.include;
        let at = format!("{}: {}", shown.location(), include.directive);
        let Ok(text) = fs::read_to_string(book.root.join(&include.path)) else {
            problems.push(format!(
                "{at} names {}, which does not exist; correct the path (it is relative to \
                 the chapter's folder)",
                include.path.display()
            ));
            continue;
        };
        if include.uses_line_numbers() {
            problems.push(format!(
                "{at} includes by line numbers, which drift when the file changes; mark the \
                 lines with `// ANCHOR: NAME` … `// ANCHOR_END: NAME` and include `FILE:NAME`"
            ));
            continue;
        }
        let Some(anchor) = &include.anchor else {
            continue;
        };
        let has = |marker: &str| {
            text.lines()
                .any(|l| l.trim() == format!("// {marker}: {anchor}"))
        };
        if !has("ANCHOR") || !has("ANCHOR_END") {
            problems.push(format!(
                "{at}: {} has no `// ANCHOR: {anchor}` … `// ANCHOR_END: {anchor}` pair",
                include.path.display()
            ));
        }
    }
    problems
}

pub(super) fn listings_are_well_named(book: &Book) -> Vec<String> {
    book.misnamed.clone()
}

pub(super) fn everything_is_shown(book: &Book) -> Vec<String> {
    let included: BTreeSet<PathBuf> = all_includes(book)
        .into_iter()
        .map(|shown| shown.include.path)
        .collect();
    let mut problems = Vec::new();
    for listing in book.listings.iter().filter(|l| l.kind != Kind::Benchmark) {
        if !included.contains(&listing.file()) {
            problems.push(format!(
                "{} is included by no chapter",
                listing.file().display()
            ));
        }
    }
    for file in files(book, OUTPUT_DIR, "") {
        if !included.contains(&file) {
            problems.push(format!("{} is included by no chapter", file.display()));
        }
    }
    for dir in files(book, DATA_DIR, "") {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if !book
            .listings
            .iter()
            .any(|l| l.kind == Kind::Example && l.name.as_str() == name)
        {
            problems.push(format!(
                "{}/ belongs to no {}/{name}.rs",
                dir.display(),
                Kind::Example.dir()
            ));
        }
    }
    problems
}

pub(super) fn every_listing_is_checked(book: &Book) -> Vec<String> {
    let (checks, _) = outputs::checks(book);
    let checked: BTreeSet<&str> = checks
        .iter()
        .filter(|c| c.runner == book_model::Runner::Native)
        .map(|c| c.listing.name.as_str())
        .collect();
    book.listings
        .iter()
        .filter(|l| l.kind.has_expected_output() && !checked.contains(l.name.as_str()))
        .map(|l| {
            let block = if l.kind == Kind::CompileFail {
                "text,compiler_error"
            } else {
                "text,output"
            };
            format!(
                "{} has no checked output: show {} in a `{block}` block after its code \
                 (`cargo xtask bless` writes the file)",
                l.file().display(),
                l.expected().unwrap_or_default().display()
            )
        })
        .collect()
}

pub(super) fn compile_fail_blocks_match(book: &Book) -> Vec<String> {
    let mut problems = Vec::new();
    for block in book.blocks().filter(|b| b.info.is_rust()) {
        let shows_compile_fail = block.listing().is_some_and(|l| l.kind == Kind::CompileFail);
        if block.info.has("compile_fail") && !shows_compile_fail {
            problems.push(format!(
                "{}: a compile_fail block must include a listing from {}/, where its message is checked",
                block.location(),
                Kind::CompileFail.dir()
            ));
        }
        if shows_compile_fail && !block.info.has("compile_fail") {
            problems.push(format!(
                "{}: shows a compile-fail listing without `compile_fail`",
                block.location()
            ));
        }
    }
    problems
}

pub(super) fn listing_numbers_in_order(book: &Book) -> Vec<String> {
    let mut problems = Vec::new();
    for chapter in &book.chapters {
        let chapter_number = Path::new(&chapter.file).file_name().and_then(|n| {
            n.to_str()?
                .strip_prefix("ch")?
                .get(..2)?
                .parse::<u32>()
                .ok()
        });
        let mut last = 0;
        for shown in all_includes(book)
            .into_iter()
            .filter(|s| s.chapter == chapter.file)
        {
            let Some(Ok(listing)) = book_model::Listing::from_path(&shown.include.path) else {
                continue;
            };
            let Some(order) = listing.name.order else {
                continue;
            };
            if Some(listing.name.chapter) != chapter_number {
                problems.push(format!(
                    "{}: shows {}, a listing of another chapter; a chapter shows its own \
                     listings (rename the file to this chapter's number, chNN-MM-…)",
                    shown.location(),
                    listing.name
                ));
            }
            if order < last {
                problems.push(format!(
                    "{}: {} comes after listing {last}; number listings in order of \
                     appearance (rename the files)",
                    shown.location(),
                    listing.name
                ));
            }
            last = last.max(order);
        }
    }
    // One number, one listing: two files named chNN-MM-… would share a caption.
    let mut numbers = std::collections::BTreeMap::new();
    for listing in &book.listings {
        if let Some(number) = listing.name.number() {
            let names: &mut Vec<String> = numbers.entry(number).or_default();
            names.push(listing.name.to_string());
        }
    }
    for (number, names) in numbers {
        if names.len() > 1 {
            problems.push(format!(
                "Listing {number} is both {}; give one of them the next free number",
                names.join(" and ")
            ));
        }
    }
    problems
}

pub(super) fn benchmarks_are_registered(book: &Book) -> Vec<String> {
    #[derive(Deserialize)]
    struct Manifest {
        #[serde(default)]
        bench: Vec<Bench>,
    }
    #[derive(Deserialize)]
    struct Bench {
        name: String,
    }
    let manifest: Manifest = match book
        .read(Path::new("listings/Cargo.toml"))
        .and_then(|t| toml::from_str(&t).map_err(|e| e.to_string()))
    {
        Ok(m) => m,
        Err(e) => return vec![format!("listings/Cargo.toml: {e}")],
    };
    let mut problems = Vec::new();
    for bench in book.listings.iter().filter(|l| l.kind == Kind::Benchmark) {
        if !manifest.bench.iter().any(|b| b.name == bench.name.as_str()) {
            problems.push(format!(
                "{} has no [[bench]] entry with `harness = false` in listings/Cargo.toml",
                bench.file().display()
            ));
        }
        let named = book.chapters.iter().any(|c| {
            c.source
                .contains(&bench.file().to_string_lossy().into_owned())
        });
        if !named {
            problems.push(format!("{} is named by no chapter", bench.file().display()));
        }
    }
    problems
}
