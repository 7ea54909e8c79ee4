//! Fenced code blocks and include directives, found in chapter Markdown.

use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use crate::InfoString;

/// A fenced code block of a chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fence {
    /// The info string as written (`rust,no_run`).
    pub info_text: String,
    pub info: InfoString,
    /// The 1-based line of the opening fence.
    pub line: usize,
    /// The bytes of the whole block in the Markdown, from the opening fence
    /// to the end of the line of the closing fence.
    pub range: Range<usize>,
    /// The text between the fences.
    pub code: String,
}

/// Every fenced code block of `markdown`, in order, as CommonMark reads it
/// (blocks in lists and quotes included, indented code blocks not).
pub fn fences(markdown: &str) -> Vec<Fence> {
    let mut found = Vec::new();
    let mut current: Option<Fence> = None;
    for (event, range) in Parser::new(markdown).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let mut range = range;
                if markdown[range.end..].starts_with('\n') {
                    range.end += 1;
                }
                current = Some(Fence {
                    info_text: info.to_string(),
                    info: InfoString::parse(&info),
                    line: markdown[..range.start].matches('\n').count() + 1,
                    range,
                    code: String::new(),
                });
            }
            Event::Text(text) => {
                if let Some(fence) = current.as_mut() {
                    fence.code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => found.extend(current.take()),
            _ => {}
        }
    }
    found
}

/// An `{{#include …}}` or `{{#rustdoc_include …}}` directive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Include {
    /// The included file, relative to the repository (`listings/examples/x.rs`).
    pub path: PathBuf,
    /// The anchor after `:`, if any (`main`, or line numbers such as `3:5`).
    pub anchor: Option<String>,
    /// The directive as written, for messages.
    pub directive: String,
}

impl Include {
    /// Whether the directive selects lines by number rather than by anchor.
    pub fn uses_line_numbers(&self) -> bool {
        self.anchor
            .as_deref()
            .is_some_and(|a| a.chars().all(|c| c.is_ascii_digit() || c == ':') && !a.is_empty())
    }
}

/// The include directives in `text`, a part of the chapter file `chapter`
/// (`src/ch02-threads.md`), with paths resolved against the chapter's folder.
pub fn includes_in(chapter: &str, text: &str) -> Vec<Include> {
    let chapter_dir = Path::new(chapter).parent().unwrap_or(Path::new(""));
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{#") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        let directive = &rest[start..start + len + 2];
        rest = &rest[start + len + 2..];
        let inner = directive[3..directive.len() - 2].trim();
        let (kind, arg) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
        if kind != "include" && kind != "rustdoc_include" {
            continue;
        }
        let (file, anchor) = match arg.trim().split_once(':') {
            Some((file, anchor)) => (file, Some(anchor.to_string())),
            None => (arg.trim(), None),
        };
        found.push(Include {
            path: normalize(&chapter_dir.join(file)),
            anchor,
            directive: directive.to_string(),
        });
    }
    found
}

/// `src/../listings/x.rs` → `listings/x.rs`, without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_carry_their_line_range_and_words() {
        let md =
            "# Title\n\n- item\n\n  ```rust,no_run\n  fn main() {}\n  ```\n\n~~~text\nhi\n~~~\n";
        let found = fences(md);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, 5);
        assert!(found[0].info.has("no_run"));
        assert_eq!(found[0].code, "fn main() {}\n");
        assert!(md[found[0].range.clone()].starts_with("```rust"));
        assert_eq!(found[1].line, 9);
        assert_eq!(&md[found[1].range.clone()], "~~~text\nhi\n~~~\n");
    }

    #[test]
    fn includes_resolve_against_the_chapter() {
        let text = "{{#rustdoc_include ../listings/examples/a.rs:main}}\n{{#include ../listings/output/a.txt}}\n{{#title x}}";
        let found = includes_in("src/ch02-threads.md", text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].path, Path::new("listings/examples/a.rs"));
        assert_eq!(found[0].anchor.as_deref(), Some("main"));
        assert!(!found[0].uses_line_numbers());
        assert_eq!(found[1].anchor, None);
        let by_lines = includes_in("src/x.md", "{{#include ../a.rs:3:5}}");
        assert!(by_lines[0].uses_line_numbers());
    }
}
