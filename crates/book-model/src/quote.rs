//! Words the prose quotes from a listing's output: `{{#quote LISTING
//! TEXT}}` shows TEXT, and a drift guard checks that TEXT is in the
//! listing's recorded output (`listings/output/LISTING.txt`), as whole
//! words. The output is compared with a real run by the output checks, so
//! a figure the prose repeats ("its future is 1026 bytes") cannot go stale
//! when a new toolchain changes the output and the block is blessed again.

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

/// The quotes of `markdown`, outside code blocks and code spans.
pub fn quotes(markdown: &str) -> Vec<Quote> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut found: Vec<Quote> = Vec::new();
    let mut in_code = 0;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code -= 1,
            Event::Text(_) if in_code == 0 => {
                let text = &markdown[range.clone()];
                let mut from = 0;
                while let Some(at) = text[from..].find(OPEN) {
                    let start = from + at;
                    let Some(len) = text[start..].find("}}") else {
                        break;
                    };
                    let inner = text[start + OPEN.len()..start + len].trim();
                    let (listing, quoted) = inner.split_once(' ').unwrap_or((inner, ""));
                    let abs = range.start + start;
                    if !found.iter().any(|q| q.range.start == abs) {
                        found.push(Quote {
                            range: abs..abs + len + 2,
                            listing: listing.to_string(),
                            text: quoted.trim().to_string(),
                        });
                    }
                    from = start + len + 2;
                }
            }
            _ => {}
        }
    }
    found
}

/// Whether `text` occurs in `output` as whole words: not inside a longer
/// number or word ("3 bytes" is not in "1023 bytes").
pub fn occurs(output: &str, text: &str) -> bool {
    if text.is_empty() {
        return false;
    }
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    output.match_indices(text).any(|(at, _)| {
        !word(output[..at].chars().next_back()) && !word(output[at + text.len()..].chars().next())
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
                "{chapter}: {{{{#quote {} …}}}} quotes the output of a listing that has none \
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
        let md = "Its future is {{#quote ch16-02-future-sizes 1026 bytes}} here.\n\n\
                  ```text\n{{#quote not-me 1}}\n```\n";
        assert_eq!(
            expand(md),
            "Its future is 1026 bytes here.\n\n```text\n{{#quote not-me 1}}\n```\n"
        );
        assert_eq!(quotes(md).len(), 1);
    }

    #[test]
    fn words_must_be_whole() {
        let output = "keeps_buffer():        1026 bytes\ndrops_buffer():           3 bytes\n";
        assert!(occurs(output, "1026 bytes"));
        assert!(occurs(output, "3 bytes"));
        assert!(!occurs(output, "26 bytes"));
        assert!(!occurs(output, "1026 byte"));
        assert!(!occurs(output, ""));
    }
}
