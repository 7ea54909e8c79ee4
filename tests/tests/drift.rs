//! Guards against the book and its code drifting apart in ways that mdBook
//! would only warn about, or not notice at all. Nothing here keeps a list of
//! listings: every check discovers the files and the chapters afresh.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use book_tests::outputs::output_checks;
use book_tests::{Include, blocks, chapters, includes_in, repo_root};

/// Files under `dir` (relative to the repository) whose name ends with `ext`.
fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = fs::read_dir(repo_root().join(dir))
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.to_string_lossy().ends_with(ext))
                .map(|p| Path::new(dir).join(p.file_name().unwrap()))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Every include of every chapter, with the chapter it is in.
fn all_includes() -> Vec<(&'static str, Include)> {
    chapters()
        .iter()
        .flat_map(|chapter| {
            let text = fs::read_to_string(repo_root().join(chapter)).unwrap();
            includes_in(chapter, &text)
                .into_iter()
                .map(move |include| (*chapter, include))
        })
        .collect()
}

fn fail_if_any(problems: Vec<String>) {
    assert!(problems.is_empty(), "\n  {}\n", problems.join("\n  "));
}

#[test]
fn every_include_names_an_existing_file_and_anchor() {
    let mut problems = Vec::new();
    for (chapter, include) in all_includes() {
        let at = format!("{chapter}: {}", include.directive);
        let Ok(text) = fs::read_to_string(repo_root().join(&include.path)) else {
            problems.push(format!("{at} names a file that does not exist"));
            continue;
        };
        let Some(anchor) = &include.anchor else {
            continue;
        };
        if anchor.contains(|c: char| c.is_ascii_digit() || c == ':')
            && !anchor.contains(char::is_alphabetic)
        {
            problems.push(format!(
                "{at} includes by line numbers; use an ANCHOR instead"
            ));
            continue;
        }
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
    fail_if_any(problems);
}

#[test]
fn every_listing_and_expected_output_is_shown_by_a_chapter() {
    let included: BTreeSet<PathBuf> = all_includes().into_iter().map(|(_, i)| i.path).collect();
    let mut problems = Vec::new();
    for (dir, ext) in [
        ("listings/examples", ".rs"),
        ("listings/tests", ".rs"),
        ("listings/compile-fail", ".rs"),
        ("listings/compile-fail", ".stderr"),
        ("listings/output", ".txt"),
    ] {
        for file in files(dir, ext) {
            if !included.contains(&file) {
                problems.push(format!("{} is included by no chapter", file.display()));
            }
        }
    }
    fail_if_any(problems);
}

#[test]
fn every_listing_is_run_and_compared_or_checked_to_fail() {
    let checks = output_checks().unwrap_or_else(|errors| panic!("\n  {}\n", errors.join("\n  ")));
    let compared: BTreeSet<String> = checks.iter().map(|c| c.listing.clone()).collect();
    let mut problems = Vec::new();
    for file in [
        files("listings/examples", ".rs"),
        files("listings/tests", ".rs"),
    ]
    .concat()
    {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        if !compared.contains(&name) {
            problems.push(format!(
                "{} has no output block: add listings/output/{name}.txt and show it in a `text,output` block",
                file.display()
            ));
        }
    }
    for file in files("listings/compile-fail", ".rs") {
        if !repo_root().join(file.with_extension("stderr")).exists() {
            problems.push(format!("{} has no .stderr file", file.display()));
        }
    }
    fail_if_any(problems);
}

#[test]
fn compile_fail_blocks_show_a_checked_listing_and_its_message() {
    let mut problems = Vec::new();
    for block in blocks().iter().filter(|b| b.is_rust()) {
        let includes = block.includes();
        let from_compile_fail = includes
            .iter()
            .any(|i| i.path.starts_with("listings/compile-fail"));
        if block.has("compile_fail") && !from_compile_fail {
            problems.push(format!(
                "{}: a compile_fail block must include a listing from listings/compile-fail/, \
                 where its error message is checked",
                block.location()
            ));
        }
        if from_compile_fail && !block.has("compile_fail") {
            problems.push(format!(
                "{}: shows a compile-fail listing without `compile_fail`",
                block.location()
            ));
        }
        if !from_compile_fail {
            continue;
        }
        // The message must be shown in the same chapter.
        for include in &includes {
            let stderr = include.path.with_extension("stderr");
            let shown = blocks().iter().any(|b| {
                b.chapter == block.chapter && b.includes().iter().any(|i| i.path == stderr)
            });
            if !shown {
                problems.push(format!(
                    "{}: shows {} but not the compiler's message, {}",
                    block.location(),
                    include.path.display(),
                    stderr.display()
                ));
            }
        }
    }
    fail_if_any(problems);
}

#[test]
fn code_lives_in_listings_not_in_the_markdown() {
    let mut problems = Vec::new();
    for block in blocks().iter().filter(|b| b.is_rust()) {
        if block.inline_lines() > 2 {
            problems.push(format!(
                "{}: {} lines of code written in the chapter; move them to a listing file \
                 (at most two-line fragments may stay inline)",
                block.location(),
                block.inline_lines()
            ));
        }
    }
    fail_if_any(problems);
}

#[test]
fn blocks_that_do_not_run_say_why() {
    let mut problems = Vec::new();
    for block in blocks()
        .iter()
        .filter(|b| b.is_rust() && (b.has("no_run") || b.has("ignore")))
    {
        let text = fs::read_to_string(repo_root().join(block.chapter)).unwrap();
        let before: Vec<&str> = text.lines().take(block.line - 1).collect();
        let reason = before.iter().rev().find(|l| !l.trim().is_empty());
        if !reason.is_some_and(|l| l.trim_start().starts_with("<!--")) {
            problems.push(format!(
                "{}: a block marked no_run or ignore needs an HTML comment just above it \
                 saying why it cannot run",
                block.location()
            ));
        }
    }
    fail_if_any(problems);
}

#[test]
fn every_data_directory_belongs_to_a_listing() {
    let mut problems = Vec::new();
    if let Ok(entries) = fs::read_dir(repo_root().join("listings/data")) {
        for entry in entries {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !repo_root()
                .join(format!("listings/examples/{name}.rs"))
                .exists()
            {
                problems.push(format!(
                    "listings/data/{name}/ belongs to no listings/examples/{name}.rs"
                ));
            }
        }
    }
    fail_if_any(problems);
}

#[test]
fn every_chapter_file_is_in_the_summary() {
    let listed: BTreeSet<&str> = chapters().iter().copied().collect();
    let mut problems = Vec::new();
    let mut dirs = vec![repo_root().join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(repo_root())
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if relative.ends_with(".md")
                && relative != "src/SUMMARY.md"
                && !listed.contains(relative.as_str())
            {
                problems.push(format!(
                    "{relative} is not in src/SUMMARY.md, so no reader sees it"
                ));
            }
        }
    }
    fail_if_any(problems);
}

#[test]
fn listing_names_sort_by_chapter() {
    let mut problems = Vec::new();
    for dir in [
        "listings/examples",
        "listings/tests",
        "listings/compile-fail",
    ] {
        for file in files(dir, ".rs") {
            let name = file.file_stem().unwrap().to_string_lossy().into_owned();
            let parts: Vec<&str> = name.splitn(3, '-').collect();
            let well_formed = parts.len() == 3
                && parts[0].len() == 4
                && parts[0].starts_with("ch")
                && parts[0][2..].chars().all(|c| c.is_ascii_digit())
                && parts[1].len() == 2
                && parts[1].chars().all(|c| c.is_ascii_digit())
                && parts[2]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !well_formed {
                problems.push(format!("{}: name it chNN-MM-short-slug.rs", file.display()));
            }
        }
    }
    fail_if_any(problems);
}

/// The value of `key = "…"` in a TOML file (enough for our two files).
fn toml_value(file: &str, key: &str) -> String {
    let text = fs::read_to_string(repo_root().join(file)).unwrap();
    text.lines()
        .find_map(|l| {
            let (k, v) = l.split_once('=')?;
            (k.trim() == key).then(|| v.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| panic!("{file} has no `{key}`"))
}

#[test]
fn one_edition_and_one_mdbook_version_everywhere() {
    let edition = toml_value("Cargo.toml", "edition");
    assert_eq!(edition, "2024");
    assert_eq!(
        toml_value("book.toml", "edition"),
        edition,
        "book.toml [rust] edition"
    );
    let driver = toml_value("Cargo.toml", "mdbook-driver");
    let cli = toml_value("Cargo.toml", "mdbook");
    assert!(
        driver.contains(&format!("\"={cli}\"")),
        "the mdbook CLI ({cli}) and the mdbook-driver library ({driver}) must be the same version"
    );
}

#[test]
fn blocks_that_cannot_run_hide_the_playground_button() {
    let mut problems = Vec::new();
    for block in blocks().iter().filter(|b| b.is_rust() && b.has("no_run")) {
        if !block.has("noplayground") {
            problems.push(format!(
                "{}: a no_run block cannot run on the Playground either; add `noplayground`",
                block.location()
            ));
        }
    }
    fail_if_any(problems);
}

#[test]
fn every_diagram_is_shown_with_alt_text() {
    let mut problems = Vec::new();
    let mut shown = BTreeSet::new();
    for chapter in chapters() {
        let text = fs::read_to_string(repo_root().join(chapter)).unwrap();
        // Markdown images, but not attributes such as `#![forbid(…)]`.
        if text
            .match_indices("![")
            .any(|(i, _)| i == 0 || &text[i - 1..i] != "#")
        {
            problems.push(format!(
                "{chapter}: use <img class=\"diagram\" src=… alt=…> for images, not ![…](…)"
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
                problems.push(format!("{chapter}: the image {src} has no alt text"));
            }
            if attr("class").is_none_or(|c| !c.split(' ').any(|c| c == "diagram")) {
                problems.push(format!(
                    "{chapter}: the image {src} needs class=\"diagram\""
                ));
            }
            let path = Path::new(chapter).parent().unwrap().join(&src);
            if !repo_root().join(&path).exists() {
                problems.push(format!("{chapter}: the image {src} does not exist"));
            }
            shown.insert(path);
        }
    }
    for svg in files("src/images", ".svg") {
        if !shown.contains(&svg) {
            problems.push(format!("{} is shown by no chapter", svg.display()));
        }
    }
    fail_if_any(problems);
}

#[test]
fn listing_numbers_follow_the_chapter_and_the_order_of_appearance() {
    let mut problems = Vec::new();
    for chapter in chapters() {
        let text = fs::read_to_string(repo_root().join(chapter)).unwrap();
        let file_number = Path::new(chapter)
            .file_name()
            .and_then(|n| n.to_str()?.strip_prefix("ch")?.get(..2))
            .map(String::from);
        let mut last = 0;
        for include in includes_in(chapter, &text) {
            if include.path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let stem = include
                .path
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let (Some(prefix), Some(order)) = (stem.get(2..4), stem.get(5..7)) else {
                continue;
            };
            if file_number.as_deref() != Some(prefix) {
                problems.push(format!(
                    "{chapter}: shows {stem}, a listing of another chapter"
                ));
            }
            let order: u32 = order.parse().unwrap_or(0);
            if order < last {
                problems.push(format!(
                    "{chapter}: {stem} comes after listing {last}; number listings in order of appearance"
                ));
            }
            last = last.max(order);
        }
    }
    fail_if_any(problems);
}
