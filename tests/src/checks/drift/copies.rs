//! Listings that repeat another listing's code (`// copy-of:`).
//!
//! A listing that must repeat another's code (a test file cannot include an
//! example, the snippet checks compile each block on its own, and a listing
//! that changes one function of an earlier one still needs the others) says
//! so in a line `// copy-of: NAME`, NAME being the other listing:
//!
//! * `// copy-of: NAME`, alone or followed by a remark in parentheses: the
//!   listing holds, above its `main` anchor, exactly NAME's code apart from
//!   its `fn main` (blank lines, anchors and the directive aside);
//! * `// copy-of: NAME fn merge, const CUTOFF`: each item listed is NAME's
//!   item of the same kind and name, line for line, comments and blank lines
//!   aside. Comments may differ, doc comments included: a copy's doc comment
//!   says where the item comes from ("as in listing 13.7"), and a comment
//!   inside may explain less the second time. Code may not.

use std::path::Path;

use crate::book::Book;

/// The kinds of item a `copy-of` line may list.
const ITEM_KINDS: [&str; 7] = ["fn", "const", "static", "struct", "enum", "type", "trait"];

/// Words that may come before an item's kind: `pub(crate) async fn`.
const QUALIFIERS: [&str; 6] = ["pub", "crate", "super", "async", "unsafe", "const"];

pub(super) fn copies_match(book: &Book) -> Vec<String> {
    let mut problems = Vec::new();
    for listing in &book.listings {
        let file = listing.file();
        let Ok(source) = book.read(&file) else {
            continue;
        };
        let Some((line, value)) = source
            .lines()
            .enumerate()
            .find_map(|(n, l)| Some((n + 1, l.trim().strip_prefix("// copy-of:")?.trim())))
        else {
            continue;
        };
        let at = format!("{}:{line}", file.display());
        let (original, items) = value.split_once(char::is_whitespace).unwrap_or((value, ""));
        let Some(other) = book.listings.iter().find(|l| l.name.as_str() == original) else {
            problems.push(format!(
                "{at}: `// copy-of: {original}` names no listing; name the listing it copies"
            ));
            continue;
        };
        let Ok(other_source) = book.read(&other.file()) else {
            continue;
        };
        let items = items.trim();
        if items.is_empty() || items.starts_with('(') {
            problems.extend(whole_copy(
                &at,
                &source,
                original,
                &other.file(),
                &other_source,
            ));
            continue;
        }
        for item in items.split(',') {
            let words: Vec<&str> = item.split_whitespace().collect();
            let [kind, name] = words[..] else {
                problems.push(bad_item(&at, item));
                continue;
            };
            if !ITEM_KINDS.contains(&kind) {
                problems.push(bad_item(&at, item));
                continue;
            }
            let item = format!("{kind} {name}");
            let Some((copy_line, copy)) = find_item(&source, kind, name) else {
                problems.push(format!(
                    "{at}: `// copy-of` lists `{item}`, which this listing does not define; \
                     copy it from {original}, or take it off the list"
                ));
                continue;
            };
            let Some((original_line, expected)) = find_item(&other_source, kind, name) else {
                problems.push(format!(
                    "{at}: `// copy-of` lists `{item}`, which {} does not define; \
                     take it off the list",
                    other.file().display()
                ));
                continue;
            };
            if copy != expected {
                let (n, ours, theirs) = first_difference(&copy, &expected);
                problems.push(format!(
                    "{}:{copy_line}: `{item}` is no longer a copy of {}:{original_line} \
                     (line {n} of the item, comments and blank lines aside: {ours:?}, where \
                     {original} has {theirs:?}); copy it again, or take it off the \
                     `// copy-of` list at line {line}",
                    file.display(),
                    other.file().display(),
                ));
            }
        }
    }
    problems
}

fn bad_item(at: &str, item: &str) -> String {
    format!(
        "{at}: `{}` in `// copy-of` is not an item; list items as `fn name` or `const NAME` \
         ({}), separated by commas",
        item.trim(),
        ITEM_KINDS.join(", ")
    )
}

/// The whole-file form: the code above the `main` anchor is the original's
/// apart from its `fn main`.
fn whole_copy(
    at: &str,
    source: &str,
    original: &str,
    other_file: &Path,
    other_source: &str,
) -> Option<String> {
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
    let copied = code(source.split("// ANCHOR: main").next().unwrap_or_default());
    let expected = code(other_source);
    if copied == expected {
        return None;
    }
    let (n, ours, theirs) = first_difference(&copied, &expected);
    Some(format!(
        "{at}: this listing is no longer a copy of {} (its code above the anchor, line {n} \
         of the comparison: {ours:?}, where {original} has {theirs:?}); copy it again",
        other_file.display(),
    ))
}

/// The first line where two copies differ: its number (from 1), and each
/// side's text (`(end)` past the last line).
fn first_difference<'a>(ours: &'a [String], theirs: &'a [String]) -> (usize, &'a str, &'a str) {
    let at = ours
        .iter()
        .zip(theirs)
        .position(|(a, b)| a != b)
        .unwrap_or(ours.len().min(theirs.len()));
    let line = |lines: &'a [String]| lines.get(at).map_or("(end)", String::as_str);
    (at + 1, line(ours), line(theirs))
}

/// The top-level item `kind name` of a listing: the line where it starts,
/// and its lines (its attributes, its signature, its body to the closing
/// line at the margin), without blank lines and comments.
fn find_item(source: &str, kind: &str, name: &str) -> Option<(usize, Vec<String>)> {
    let lines: Vec<&str> = source.lines().collect();
    let start = lines.iter().position(|line| declares(line, kind, name))?;
    let end = (start..lines.len()).find(|&n| {
        let line = lines[n].trim_end();
        !line.starts_with(char::is_whitespace) && (line.ends_with('}') || line.ends_with(';'))
    })?;
    // Its attributes and doc comments above it (the comments are dropped).
    let above = lines[..start]
        .iter()
        .rev()
        .take_while(|l| l.starts_with("#[") || l.starts_with("//"))
        .count();
    let item: Vec<String> = lines[start - above..=end]
        .iter()
        .filter(|l| !l.trim().is_empty() && !l.trim().starts_with("//"))
        .map(|l| l.to_string())
        .collect();
    Some((start + 1, item))
}

/// Whether `line` starts (at the margin) the item `kind name`.
fn declares(line: &str, kind: &str, name: &str) -> bool {
    if line.starts_with(char::is_whitespace) || line.trim_start().starts_with("//") {
        return false;
    }
    let mut words = line
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty());
    for word in words.by_ref() {
        if word == kind {
            return words.next() == Some(name);
        }
        if !QUALIFIERS.contains(&word) {
            return false;
        }
    }
    false
}
