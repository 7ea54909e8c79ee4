//! Words the prose quotes from a listing's output: `{{#quote LISTING
//! TEXT}}` shows TEXT, and a drift guard checks that TEXT is in the
//! listing's recorded output (`listings/output/LISTING.txt`), as whole
//! words. The output checks compare that file with a real run (except the
//! parts a sample's rule lets vary, and, for a loom model's report, only in
//! the verify tier), so a figure the prose repeats ("its future is 1026
//! bytes") fails instead of going stale when a new toolchain changes the
//! output and the block is blessed again.

use std::ops::Range;
use std::path::Path;

const OPEN: &str = "{{#quote ";

/// A `{{#quote LISTING TEXT}}` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// Where it stands in the chapter.
    pub range: Range<usize>,
    pub listing: String,
    pub text: String,
}

/// The directives that start with `open` (`{{#quote `) in `markdown`,
/// outside code blocks and code spans, with where each stands and what it
/// holds between `open` and `}}`, its whitespace (line breaks too) folded to
/// single spaces. The raw text is searched, not the parser's text events,
/// which end at a line break or a bracket: a directive wrapped over two
/// lines, or whose words hold `[` or `<`, is found all the same.
pub fn directives(markdown: &str, open: &str) -> Vec<(Range<usize>, String)> {
    use pulldown_cmark::{Event, Parser, Tag};
    let code: Vec<Range<usize>> = Parser::new(markdown)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, range)| range)
        .collect();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = markdown[from..].find(open) {
        let start = from + at;
        let Some(len) = markdown[start..].find("}}") else {
            break;
        };
        let end = start + len + 2;
        from = end;
        if code.iter().any(|c| c.contains(&start)) {
            continue;
        }
        let inner = markdown[start + open.len()..start + len]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        found.push((start..end, inner));
    }
    found
}

/// The quotes of `markdown`, outside code blocks and code spans.
pub fn quotes(markdown: &str) -> Vec<Quote> {
    directives(markdown, OPEN)
        .into_iter()
        .map(|(range, inner)| {
            let (listing, quoted) = inner.split_once(' ').unwrap_or((&inner, ""));
            Quote {
                range,
                listing: listing.to_string(),
                text: quoted.to_string(),
            }
        })
        .collect()
}

/// Whether `text` occurs in `output` as whole words: not inside a longer
/// word or number ("3 bytes" is not in "1023 bytes", "5 ms" not in
/// "1.5 ms").
pub fn occurs(output: &str, text: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let starts_with_digit = digit(text.chars().next());
    let ends_with_digit = digit(text.chars().next_back());
    output.match_indices(text).any(|(at, _)| {
        let mut before = output[..at].chars().rev();
        let mut after = output[at + text.len()..].chars();
        let (b1, b2) = (before.next(), before.next());
        let (a1, a2) = (after.next(), after.next());
        // A number goes on through a sign, a decimal point or a thousands
        // separator: "5 ms" is not in "1.5 ms", nor "1" in "-1" or "1,000".
        let number_before =
            starts_with_digit && (b1 == Some('-') || (matches!(b1, Some('.' | ',')) && digit(b2)));
        let number_after = ends_with_digit && matches!(a1, Some('.' | ',')) && digit(a2);
        !word(b1) && !word(a1) && !number_before && !number_after
    })
}

/// The problems of the quotes of `chapter` (its file and its text), for
/// the book at `root`.
pub fn problems(root: &Path, chapter: &str, markdown: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for quote in quotes(markdown) {
        let file = Path::new(crate::OUTPUT_DIR).join(format!("{}.txt", quote.listing));
        match std::fs::read_to_string(root.join(&file)) {
            Err(_) => problems.push(format!(
                "{chapter}: {{{{#quote {} …}}}} names no listing with a recorded output \
                 ({} does not exist)",
                quote.listing,
                file.display()
            )),
            Ok(_) if quote.text.is_empty() => problems.push(format!(
                "{chapter}: {{{{#quote {}}}}} quotes nothing: write the words after the listing's name",
                quote.listing
            )),
            Ok(output) if !occurs(&output, &quote.text) => problems.push(format!(
                "{chapter}: \"{}\" is not in the output of {} ({}), which the prose quotes: \
                 write what the output says",
                quote.text,
                quote.listing,
                file.display()
            )),
            Ok(_) => {}
        }
    }
    problems
}

/// `markdown` with each quote replaced by its words.
pub fn expand(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut last = 0;
    for quote in quotes(markdown) {
        out += &markdown[last..quote.range.start];
        out += &quote.text;
        last = quote.range.end;
    }
    out + &markdown[last..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_shows_its_words() {
        let md = "Its future is {{#quote ch22-02-future-sizes 1026 bytes}} here.\n\n\
                  ```text\n{{#quote not-me 1}}\n```\n";
        assert_eq!(
            expand(md),
            "Its future is 1026 bytes here.\n\n```text\n{{#quote not-me 1}}\n```\n"
        );
        assert_eq!(quotes(md).len(), 1);
        // Wrapped over two lines, or holding a bracket: found all the same.
        let md = "It prints {{#quote ch10-03-panic-kills-worker\ninvoices sent: [1, 2]}}, and `{{#quote x y}}`.";
        let found = quotes(md);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "invoices sent: [1, 2]");
        assert_eq!(
            expand(md),
            "It prints invoices sent: [1, 2], and `{{#quote x y}}`."
        );
    }

    #[test]
    fn words_must_be_whole() {
        let output = "keeps_buffer():        1026 bytes\ndrops_buffer():           3 bytes\n";
        assert!(occurs(output, "1026 bytes"));
        assert!(occurs(output, "3 bytes"));
        assert!(!occurs(output, "26 bytes"));
        assert!(!occurs(output, "1026 byte"));
        assert!(!occurs(output, ""));
        assert!(!occurs("took 1.5 ms", "5 ms"));
        assert!(!occurs("seats left: -1", "1"));
        assert!(occurs("seats left: -1", "-1"));
        assert!(!occurs("1,000 runs", "1"));
        assert!(occurs("it took 1.", "1"));
    }
}
