//! Turns the book's code blocks into figures with captions, for the HTML
//! book (the `mdbook-listings` preprocessor runs this before mdBook expands
//! the includes, so it still sees which file each block shows).
//!
//! * A block that includes a listing gets a caption naming the file, linked to
//!   the repository, and a marker when it does not compile or panics.
//! * An output block gets the caption "Output", and the marker "Output varies"
//!   when it is a sample run.
//! * A compiler message gets the caption "Compiler error".
//!
//! The words of captions and markers sit in `data-text` attributes and are
//! drawn by `theme/listings.css` (`content: attr(data-text)`), and links carry
//! the same words in `aria-label`. Browsers render them and expose them to
//! screen readers, in every theme and in print, but mdBook's search index
//! only collects text nodes, so the captions add nothing to the index: the
//! book stays as light as a stock mdBook build of the same chapters.

use crate::includes_in;

/// How one fenced block is presented.
#[derive(Debug, PartialEq, Eq)]
pub struct Figure {
    pub kind: &'static str,
    pub caption: String,
    pub markers: Vec<(&'static str, &'static str)>,
}

/// The figure for a block with this info string and body, if it gets one.
pub fn figure_for(chapter: &str, info: &str, body: &str, repository: &str) -> Option<Figure> {
    let words: Vec<&str> = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    let includes = includes_in(chapter, body);
    if has("output") {
        let mut markers = Vec::new();
        if has("sample") {
            markers.push(("varies", "Output varies: sample run"));
        }
        return Some(Figure {
            kind: "output",
            caption: "<span data-text=\"Output\"></span>".into(),
            markers,
        });
    }
    if has("compiler_error") {
        return Some(Figure {
            kind: "compiler-error",
            caption: "<span data-text=\"Compiler error\"></span>".into(),
            markers: Vec::new(),
        });
    }
    let listing = includes.iter().find(|i| {
        i.path.starts_with("listings") && i.path.extension().is_some_and(|e| e == "rs")
    })?;
    let path = listing.path.to_string_lossy();
    let stem = listing.path.file_stem()?.to_string_lossy();
    let number = listing_number(&stem)
        .map(|n| format!("<span class=\"caption-number\" data-text=\"Listing {n}\"></span> "))
        .unwrap_or_default();
    let link = if repository.is_empty() {
        format!("<code class=\"caption-file\" data-text=\"{path}\"></code>")
    } else {
        format!(
            "<a class=\"caption-file\" href=\"{}/blob/main/{path}\" aria-label=\"{path}\" data-text=\"{path}\"></a>",
            repository.trim_end_matches('/')
        )
    };
    let mut markers = Vec::new();
    if has("compile_fail") {
        markers.push(("does-not-compile", "Does not compile"));
    }
    if has("should_panic") {
        markers.push(("panics", "Panics"));
    }
    Some(Figure {
        kind: "listing",
        caption: format!("{number}{link}"),
        markers,
    })
}

/// `ch02-05-move-closure` → `2.5`.
pub fn listing_number(stem: &str) -> Option<String> {
    let mut parts = stem.splitn(3, '-');
    let chapter: u32 = parts.next()?.strip_prefix("ch")?.parse().ok()?;
    let order: u32 = parts.next()?.parse().ok()?;
    Some(format!("{chapter}.{order}"))
}

impl Figure {
    fn open(&self) -> String {
        let markers: String = self
            .markers
            .iter()
            .map(|(class, text)| {
                format!(" <span class=\"marker marker-{class}\" data-text=\"{text}\"></span>")
            })
            .collect();
        format!(
            "<figure class=\"figure figure-{}\">\n<figcaption>{}{markers}</figcaption>\n\n",
            self.kind, self.caption
        )
    }
}

/// Wraps every fenced block of `markdown` that gets a figure.
pub fn add_figures(chapter: &str, markdown: &str, repository: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 2);
    let mut lines = markdown.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        let fence_len = trimmed
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .count();
        let indent = line.len() - trimmed.len();
        if fence_len < 3 || indent > 3 {
            out.push_str(line);
            continue;
        }
        let fence = &trimmed[..fence_len];
        let info = trimmed[fence_len..].trim();
        let mut block = String::from(line);
        let mut body = String::new();
        for inner in lines.by_ref() {
            block.push_str(inner);
            let closing = inner.trim();
            if closing.len() >= fence.len() && closing.chars().all(|c| fence.starts_with(c)) {
                break;
            }
            body.push_str(inner);
        }
        match figure_for(chapter, info, &body, repository) {
            Some(figure) => {
                out.push_str(&figure.open());
                out.push_str(&block);
                if !block.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("\n</figure>\n");
            }
            None => out.push_str(&block),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPO: &str = "https://github.com/owner/book";

    #[test]
    fn a_listing_gets_its_file_and_number() {
        let md = "Text\n\n```rust\n{{#rustdoc_include ../listings/examples/ch02-05-move-closure.rs:main}}\n```\n\nMore\n";
        let html = add_figures("src/ch02-threads.md", md, REPO);
        assert!(html.contains("<figure class=\"figure figure-listing\">"));
        assert!(html.contains("data-text=\"Listing 2.5\""));
        assert!(html.contains(
            "href=\"https://github.com/owner/book/blob/main/listings/examples/ch02-05-move-closure.rs\""
        ));
        assert!(html.contains("aria-label=\"listings/examples/ch02-05-move-closure.rs\""));
        assert!(html.contains("```\n\n</figure>\n\nMore"));
    }

    #[test]
    fn markers_follow_the_info_string() {
        let md = "```rust,compile_fail\n{{#rustdoc_include ../listings/compile-fail/ch02-04-missing-move.rs:main}}\n```\n\
                  ```text,output,sample,any_order\n{{#include ../listings/output/ch02-08-channel.txt}}\n```\n\
                  ```rust,should_panic\n{{#rustdoc_include ../listings/examples/ch06-01-x.rs:main}}\n```\n";
        let html = add_figures("src/ch02-threads.md", md, REPO);
        assert!(html.contains("marker-does-not-compile\" data-text=\"Does not compile\""));
        assert!(html.contains("marker-varies\" data-text=\"Output varies: sample run\""));
        assert!(html.contains("marker-panics\" data-text=\"Panics\""));
    }

    #[test]
    fn other_blocks_are_left_alone() {
        let md = "```toml\nrayon = \"1\"\n```\n\n```rust\nlet x = 1;\n```\n";
        assert_eq!(add_figures("src/ch09-rayon.md", md, REPO), md);
    }
}
