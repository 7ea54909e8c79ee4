//! Editorial rules of the chapters: code lives in listings, blocks that do
//! not run say why, every chapter is in the summary, images are diagrams
//! with alt text and a size, and chapters end with self-check questions.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use super::files;
use crate::book::Book;

pub(super) fn code_lives_in_listings(book: &Book) -> Vec<String> {
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

pub(super) fn blocks_that_do_not_run(book: &Book) -> Vec<String> {
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

pub(super) fn chapters_are_in_the_summary(book: &Book) -> Vec<String> {
    let listed: BTreeSet<&str> = book.chapters.iter().map(|c| c.file.as_str()).collect();
    let mut problems = Vec::new();
    let src = book.root.join("src");
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

pub(super) fn diagrams_have_alt_text(book: &Book) -> Vec<String> {
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
            match fs::read_to_string(book.root.join(&path)) {
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
    for svg in files(book, "src/images", ".svg") {
        if !shown.contains(&svg) {
            problems.push(format!("{} is shown by no chapter", svg.display()));
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
pub(super) fn chapters_end_with_self_checks(book: &Book) -> Vec<String> {
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
                "{}: `{SELF_CHECK}` has {} answers (in <details>); a chapter has three to five",
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
