//! Guards against the book and its code drifting apart in ways mdBook would
//! only warn about, or not notice at all. Nothing here keeps a list of
//! listings: every check discovers the files and the chapters afresh.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use book_model::{
    DATA_DIR, Exercise, Include, Kind, OUTPUT_DIR, RECORDS_DIR, Record, check_figures, directives,
    includes_in, sources_digest, typed_figures,
};
use libtest_mimic::Trial;
use serde::Deserialize;

use crate::book::{Book, book, read};
use crate::checks::{CheckKind, outputs, trial};
use crate::repo_root;

type Check = fn(&Book) -> Vec<String>;

/// Every drift guard, named as the sentence it enforces.
const GUARDS: &[(&str, Check)] = &[
    (
        "every include names an existing file and anchor",
        includes_resolve,
    ),
    ("every listing file is well named", listings_are_well_named),
    (
        "every listing, output and data folder is shown by a chapter",
        everything_is_shown,
    ),
    (
        "every listing has a checked output or compiler message",
        every_listing_is_checked,
    ),
    (
        "compile_fail blocks show compile-fail listings",
        compile_fail_blocks_match,
    ),
    (
        "code lives in listings, not in the Markdown",
        code_lives_in_listings,
    ),
    (
        "blocks that do not run say why and hide the Playground button",
        blocks_that_do_not_run,
    ),
    (
        "every chapter file is in the summary",
        chapters_are_in_the_summary,
    ),
    (
        "listing numbers follow the chapter and the order of appearance",
        listing_numbers_in_order,
    ),
    (
        "every diagram is shown, with alt text",
        diagrams_have_alt_text,
    ),
    (
        "every benchmark is named by a chapter and registered",
        benchmarks_are_registered,
    ),
    (
        "every chapter ends with self-check questions whose answers are checked or cited",
        chapters_end_with_self_checks,
    ),
    (
        "every exercise shows its starter and tests, and its solution elsewhere",
        exercises_are_shown,
    ),
    (
        "every measured figure comes from a fresh, untouched record",
        figures_come_from_records,
    ),
    (
        "one edition and one mdBook version everywhere",
        one_edition_one_mdbook,
    ),
    (
        "a listing that repeats another's code repeats it unchanged",
        copies_match,
    ),
];

pub fn trials() -> Vec<Trial> {
    GUARDS
        .iter()
        .map(|&(name, guard)| {
            trial(CheckKind::Drift, name, move || {
                let problems = guard(book()?);
                if problems.is_empty() {
                    Ok(())
                } else {
                    Err(format!("\n  {}\n", problems.join("\n  ")))
                }
            })
        })
        .collect()
}

/// Every include directive anywhere in a chapter, with its chapter.
fn all_includes(book: &Book) -> Vec<(&str, Include)> {
    book.chapters
        .iter()
        .flat_map(|c| {
            includes_in(&c.file, &c.source)
                .into_iter()
                .map(move |i| (c.file.as_str(), i))
        })
        .collect()
}

/// Files directly in `dir` (relative to the repository) ending with `ext`.
fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(repo_root().join(dir))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| Path::new(dir).join(e.file_name()))
        .filter(|p| p.to_string_lossy().ends_with(ext))
        .collect();
    found.sort();
    found
}

fn includes_resolve(book: &Book) -> Vec<String> {
    let mut problems = Vec::new();
    for (chapter, include) in all_includes(book) {
        let at = format!("{chapter}: {}", include.directive);
        let Ok(text) = fs::read_to_string(repo_root().join(&include.path)) else {
            problems.push(format!("{at} names a file that does not exist"));
            continue;
        };
        if include.uses_line_numbers() {
            problems.push(format!(
                "{at} includes by line numbers; use an ANCHOR instead"
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

fn listings_are_well_named(book: &Book) -> Vec<String> {
    book.misnamed.clone()
}

fn everything_is_shown(book: &Book) -> Vec<String> {
    let included: BTreeSet<PathBuf> = all_includes(book)
        .into_iter()
        .map(|(_, i)| i.path)
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
    for file in files(OUTPUT_DIR, "") {
        if !included.contains(&file) {
            problems.push(format!("{} is included by no chapter", file.display()));
        }
    }
    for dir in files(DATA_DIR, "") {
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

fn every_listing_is_checked(book: &Book) -> Vec<String> {
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

fn compile_fail_blocks_match(book: &Book) -> Vec<String> {
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

fn code_lives_in_listings(book: &Book) -> Vec<String> {
    book.blocks()
        .filter(|b| b.info.is_rust() && b.inline_lines() > 2)
        .map(|b| {
            format!(
                "{}: {} lines of code written in the chapter; move them to a listing file \
                 (at most two-line fragments may stay inline)",
                b.location(),
                b.inline_lines()
            )
        })
        .collect()
}

fn blocks_that_do_not_run(book: &Book) -> Vec<String> {
    let mut problems = Vec::new();
    for chapter in &book.chapters {
        let lines: Vec<&str> = chapter.source.lines().collect();
        for block in chapter.blocks.iter().filter(|b| b.info.is_rust()) {
            let skipped = block.info.has("no_run") || block.info.has("ignore");
            if !skipped {
                continue;
            }
            let reason = lines[..block.line - 1]
                .iter()
                .rev()
                .find(|l| !l.trim().is_empty());
            if !reason.is_some_and(|l| l.trim_start().starts_with("<!--")) {
                problems.push(format!(
                    "{}: a block marked no_run or ignore needs an HTML comment just above it saying why it cannot run",
                    block.location()
                ));
            }
            if !block.info.has("noplayground") {
                problems.push(format!(
                    "{}: a block that cannot run here cannot run on the Playground either; add `noplayground`",
                    block.location()
                ));
            }
        }
    }
    problems
}

fn chapters_are_in_the_summary(book: &Book) -> Vec<String> {
    let listed: BTreeSet<&str> = book.chapters.iter().map(|c| c.file.as_str()).collect();
    let mut problems = Vec::new();
    let src = repo_root().join("src");
    for file in book_model::files_under(&src).unwrap_or_default() {
        let relative = Path::new("src").join(&file).to_string_lossy().into_owned();
        if relative.ends_with(".md")
            && relative != "src/SUMMARY.md"
            && !listed.contains(relative.as_str())
        {
            problems.push(format!(
                "{relative} is not in src/SUMMARY.md, so no reader sees it"
            ));
        }
    }
    problems
}

fn listing_numbers_in_order(book: &Book) -> Vec<String> {
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
        for include in includes_in(&chapter.file, &chapter.source) {
            let Some(Ok(listing)) = book_model::Listing::from_path(&include.path) else {
                continue;
            };
            let Some(order) = listing.name.order else {
                continue;
            };
            if Some(listing.name.chapter) != chapter_number {
                problems.push(format!(
                    "{}: shows {}, a listing of another chapter",
                    chapter.file, listing.name
                ));
            }
            if order < last {
                problems.push(format!(
                    "{}: {} comes after listing {last}; number listings in order of appearance",
                    chapter.file, listing.name
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
            problems.push(format!("Listing {number} is both {}", names.join(" and ")));
        }
    }
    problems
}

fn diagrams_have_alt_text(book: &Book) -> Vec<String> {
    let mut problems = Vec::new();
    let mut shown = BTreeSet::new();
    for chapter in &book.chapters {
        let text = &chapter.source;
        // Markdown images, but not attributes such as `#![forbid(…)]`.
        if text
            .match_indices("![")
            .any(|(i, _)| i == 0 || &text[i - 1..i] != "#")
        {
            problems.push(format!(
                "{}: use <img class=\"diagram\" src=… alt=…> for images, not ![…](…)",
                chapter.file
            ));
        }
        for tag in text.split("<img").skip(1) {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            let attr = |name: &str| {
                let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
                Some(
                    tag[start..]
                        .split('"')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                )
            };
            let src = attr("src").unwrap_or_default();
            if attr("alt").is_none_or(|alt| alt.trim().is_empty()) {
                problems.push(format!("{}: the image {src} has no alt text", chapter.file));
            }
            if attr("class").is_none_or(|c| !c.split(' ').any(|c| c == "diagram")) {
                problems.push(format!(
                    "{}: the image {src} needs class=\"diagram\"",
                    chapter.file
                ));
            }
            let path = book_model::normalize(
                &Path::new(&chapter.file)
                    .parent()
                    .unwrap_or(Path::new(""))
                    .join(&src),
            );
            match fs::read_to_string(repo_root().join(&path)) {
                Err(_) => {
                    problems.push(format!("{}: the image {src} does not exist", chapter.file));
                }
                Ok(svg) => {
                    // The page keeps the diagram's place while it loads: the
                    // <img> states the size the SVG declares.
                    let declared = |name: &str| {
                        let open = &svg[svg.find("<svg").unwrap_or(0)..];
                        let open = &open[..open.find('>').unwrap_or(open.len())];
                        let start = open.find(&format!(" {name}=\""))? + name.len() + 3;
                        open[start..].split('"').next().map(String::from)
                    };
                    for size in ["width", "height"] {
                        if attr(size).is_none() || attr(size) != declared(size) {
                            problems.push(format!(
                                "{}: the image {src} needs {size}=\"{}\", as its SVG declares",
                                chapter.file,
                                declared(size).unwrap_or_default()
                            ));
                        }
                    }
                }
            }
            shown.insert(path);
        }
    }
    for svg in files("src/images", ".svg") {
        if !shown.contains(&svg) {
            problems.push(format!("{} is shown by no chapter", svg.display()));
        }
    }
    problems
}

fn benchmarks_are_registered(book: &Book) -> Vec<String> {
    #[derive(Deserialize)]
    struct Manifest {
        #[serde(default)]
        bench: Vec<Bench>,
    }
    #[derive(Deserialize)]
    struct Bench {
        name: String,
    }
    let manifest: Manifest = match read(Path::new("listings/Cargo.toml"))
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

/// The heading of the questions at the end of a chapter.
const SELF_CHECK: &str = "## Self-check";

/// Every numbered chapter (not an exercise page) ends with a section of
/// three to five questions. Each answer is hidden in a `<details>` (it opens
/// without JavaScript) and either shows a checked output or compiler message
/// (an include from `listings/output/`, which the output checks compare
/// with a real run) or cites the section that answers it (a link).
fn chapters_end_with_self_checks(book: &Book) -> Vec<String> {
    let mut problems = Vec::new();
    for chapter in &book.chapters {
        let whole_chapter = chapter.number.as_ref().is_some_and(|n| !n.contains('.'));
        if !whole_chapter {
            continue;
        }
        let Some(start) = chapter.source.find(SELF_CHECK) else {
            problems.push(format!("{}: no `{SELF_CHECK}` section", chapter.file));
            continue;
        };
        let section = &chapter.source[start..];
        if section[SELF_CHECK.len()..].contains("\n## ") {
            problems.push(format!(
                "{}: `{SELF_CHECK}` must be the chapter's last section",
                chapter.file
            ));
        }
        let answers: Vec<&str> = section
            .split("<details>")
            .skip(1)
            .map(|a| a.split("</details>").next().unwrap_or_default())
            .collect();
        if !(3..=5).contains(&answers.len()) {
            problems.push(format!(
                "{}: {} self-check answers; a chapter has three to five",
                chapter.file,
                answers.len()
            ));
        }
        for (n, answer) in answers.iter().enumerate() {
            if !answer.trim_start().starts_with("<summary>Answer</summary>") {
                problems.push(format!(
                    "{}: self-check answer {} does not open with <summary>Answer</summary>",
                    chapter.file,
                    n + 1
                ));
            }
            let checked = answer.contains("{{#include ../listings/output/");
            let cited =
                answer.contains("](#") || answer.contains(".md#") || answer.contains(".md)");
            if !checked && !cited {
                problems.push(format!(
                    "{}: self-check answer {} neither shows a checked output nor links to the section that answers it",
                    chapter.file,
                    n + 1
                ));
            }
        }
    }
    problems
}

fn exercises_are_shown(book: &Book) -> Vec<String> {
    let includes = all_includes(book);
    let shown_in = |path: &Path| -> Vec<&str> {
        includes
            .iter()
            .filter(|(_, i)| i.path == path && i.anchor.is_none())
            .map(|(chapter, _)| *chapter)
            .collect()
    };
    let mut problems = Vec::new();
    for exercise in Exercise::discover(repo_root()) {
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

/// The records of `cargo xtask bench` are sealed (a figure edited by hand
/// breaks the digest) and fresh (made from the benchmark's current sources);
/// every figure and claim a chapter names is in its record; and a chapter
/// that shows measured figures types none of its own.
fn figures_come_from_records(book: &Book) -> Vec<String> {
    let root = repo_root();
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
    for record in files(RECORDS_DIR, "toml") {
        let stem = record.file_stem().unwrap_or_default().to_string_lossy();
        if !benchmarks.iter().any(|b| *b == stem) {
            problems.push(format!("{} belongs to no benchmark", record.display()));
        }
    }
    for chapter in &book.chapters {
        problems.extend(check_figures(root, &chapter.file, &chapter.source));
        let shows_figures = directives(&chapter.source).is_ok_and(|d| !d.is_empty());
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

fn one_edition_one_mdbook(_: &Book) -> Vec<String> {
    let parse = |file: &str| -> Result<toml::Table, String> {
        toml::from_str(&read(Path::new(file))?).map_err(|e| format!("{file}: {e}"))
    };
    let (cargo, book_toml) = match (parse("Cargo.toml"), parse("book.toml")) {
        (Ok(c), Ok(b)) => (c, b),
        (Err(e), _) | (_, Err(e)) => return vec![e],
    };
    let get = |table: &toml::Table, path: &[&str]| -> Option<String> {
        let mut value = table.get(path[0])?;
        for key in &path[1..] {
            value = value.get(key)?;
        }
        match value {
            toml::Value::String(s) => Some(s.clone()),
            other => other.get("version")?.as_str().map(String::from),
        }
    };
    let mut problems = Vec::new();
    let edition = get(&cargo, &["workspace", "package", "edition"]);
    if edition.as_deref() != Some("2024") {
        problems.push(format!(
            "Cargo.toml: the workspace edition is {edition:?}, not \"2024\""
        ));
    }
    let book_edition = get(&book_toml, &["rust", "edition"]);
    if book_edition != edition {
        problems.push(format!(
            "book.toml [rust] edition is {book_edition:?}, but the workspace's is {edition:?}"
        ));
    }
    let cli = book_model::pinned_tool(repo_root(), "mdbook").ok();
    for library in ["mdbook-renderer", "mdbook-preprocessor"] {
        let version = get(&cargo, &["workspace", "dependencies", library]);
        if version.as_deref().map(|d| d.trim_start_matches('=')) != cli.as_deref() {
            problems.push(format!(
                "the mdbook CLI ({cli:?}) and the {library} library ({version:?}) must be the same version"
            ));
        }
    }
    problems
}

/// A listing that must repeat another's code (a test file cannot include an
/// example, and the snippet checks compile each block on its own) says so
/// with `// copy-of: NAME`, and then holds, above its `main` anchor, exactly
/// that listing's code apart from its `fn main` (blank lines, anchors and
/// the directive aside).
fn copies_match(book: &Book) -> Vec<String> {
    let code = |text: &str| -> Vec<String> {
        let mut lines = Vec::new();
        let mut in_main = false;
        for line in text.lines() {
            if line.starts_with("fn main(") {
                in_main = true;
            }
            let trimmed = line.trim();
            let skipped = trimmed.is_empty()
                || trimmed.starts_with("// ANCHOR")
                || trimmed.starts_with("// copy-of:");
            if !in_main && !skipped {
                lines.push(line.to_string());
            }
            if in_main && line == "}" {
                in_main = false;
            }
        }
        lines
    };
    let mut problems = Vec::new();
    for listing in &book.listings {
        let file = listing.file();
        let Ok(source) = read(&file) else { continue };
        let Some(original) = book_model::Listing::directive(&source, "copy-of") else {
            continue;
        };
        let original = original.split_whitespace().next().unwrap_or_default();
        let Some(other) = book.listings.iter().find(|l| l.name.as_str() == original) else {
            problems.push(format!(
                "{}: `// copy-of: {original}` names no listing",
                file.display()
            ));
            continue;
        };
        let Ok(other_source) = read(&other.file()) else {
            continue;
        };
        let copied = code(source.split("// ANCHOR: main").next().unwrap_or_default());
        let expected = code(&other_source);
        if copied != expected {
            let at = copied
                .iter()
                .zip(&expected)
                .position(|(a, b)| a != b)
                .unwrap_or(copied.len().min(expected.len()));
            problems.push(format!(
                "{} is no longer a copy of {} (its code above the anchor, line {} of the \
                 comparison: {:?}, where {original} has {:?}); copy it again",
                file.display(),
                other.file().display(),
                at + 1,
                copied.get(at).map(String::as_str).unwrap_or("(end)"),
                expected.get(at).map(String::as_str).unwrap_or("(end)"),
            ));
        }
    }
    problems
}
