//! Listings that repeat another listing's code (`// copy-of:`).

use crate::book::Book;

/// A listing that must repeat another's code (a test file cannot include an
/// example, and the snippet checks compile each block on its own) says so
/// with `// copy-of: NAME`, and then holds, above its `main` anchor, exactly
/// that listing's code apart from its `fn main` (blank lines, anchors and
/// the directive aside).
pub(super) fn copies_match(book: &Book) -> Vec<String> {
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
        let Ok(source) = book.read(&file) else {
            continue;
        };
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
        let Ok(other_source) = book.read(&other.file()) else {
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
