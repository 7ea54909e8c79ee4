//! Presents the book's code blocks as figures, for the HTML book. It runs
//! before mdBook expands the includes, so it still sees which file a block
//! shows.
//!
//! * A block that includes a listing gets a caption with its number and its
//!   file, linked to the repository, and a marker when it does not compile or
//!   panics.
//! * An output block gets the caption "Output", and the marker "Output varies:
//!   sample run" when it is a sample run.
//! * A compiler message gets the caption "Compiler error".
//! * Measured figures: each `{{#bench…}}` directive becomes the table or the
//!   figure it names, from the records of `cargo xtask bench`
//!   (`book_model::bench` lists the directives).
//!
//! The words of captions and markers sit in `data-text` attributes and are
//! drawn by `theme/listings.css` (`content: attr(data-text)`); links carry
//! the same words in `aria-label`. mdBook's search index collects only text
//! nodes, so captions add nothing to it.
//!
//! For example, this chapter text
//!
//! ````markdown
//! ```rust,should_panic
//! {{#rustdoc_include ../listings/examples/ch06-01-panic-payload.rs:main}}
//! ```
//! ````
//!
//! becomes
//!
//! ````markdown
//! <figure class="figure figure-listing">
//! <figcaption><span class="caption-number" data-text="Listing 6.1"></span> <a class="caption-file" …></a> <span class="marker marker-panics" data-text="Panics"></span></figcaption>
//!
//! ```rust,should_panic
//! {{#rustdoc_include ../listings/examples/ch06-01-panic-payload.rs:main}}
//! ```
//!
//! </figure>
//! ````

use std::path::Path;

use book_model::{Fence, Listing, fences, includes_in};
use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::errors::Result;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

/// The preprocessor.
pub struct Listings;

impl Preprocessor for Listings {
    fn name(&self) -> &str {
        "listings"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let repository = ctx
            .config
            .get::<String>("output.html.git-repository-url")?
            .unwrap_or_default();
        let mut errors = Vec::new();
        book.for_each_chapter_mut(|chapter| {
            if let Some(path) = &chapter.source_path {
                let file = Path::new("src").join(path);
                // Measured figures first: they are prose, not code blocks.
                match book_model::expand(&ctx.root, &chapter.content) {
                    Ok(content) => chapter.content = content,
                    Err(e) => errors.push(format!("{}: {e}", file.display())),
                }
                chapter.content =
                    add_figures(&file.to_string_lossy(), &chapter.content, &repository);
            }
        });
        if !errors.is_empty() {
            return Err(mdbook_preprocessor::errors::Error::msg(errors.join("\n")));
        }
        Ok(book)
    }

    /// Figures are HTML; other renderers get the book unchanged.
    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        Ok(renderer == "html")
    }
}

/// What a figure shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// A program: its number (when it has one) and its file.
    Listing {
        number: Option<String>,
        file: String,
        markers: Vec<Marker>,
    },
    /// What a program printed.
    Output { markers: Vec<Marker> },
    /// What the compiler said.
    CompilerError,
}

/// A label beside a caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    DoesNotCompile,
    Panics,
    Varies,
}

impl Marker {
    fn class(self) -> &'static str {
        match self {
            Marker::DoesNotCompile => "does-not-compile",
            Marker::Panics => "panics",
            Marker::Varies => "varies",
        }
    }

    fn text(self) -> &'static str {
        match self {
            Marker::DoesNotCompile => "Does not compile",
            Marker::Panics => "Panics",
            Marker::Varies => "Output varies: sample run",
        }
    }
}

impl Figure {
    /// The figure for a fenced block of `chapter`, if it gets one.
    pub fn for_fence(chapter: &str, fence: &Fence) -> Option<Figure> {
        let info = &fence.info;
        if info.is_output() {
            let markers = if info.has("sample") {
                vec![Marker::Varies]
            } else {
                Vec::new()
            };
            return Some(Figure::Output { markers });
        }
        if info.is_compiler_error() {
            return Some(Figure::CompilerError);
        }
        if !info.is_rust() {
            return None;
        }
        let (path, listing) =
            includes_in(chapter, &fence.code)
                .into_iter()
                .find_map(|include| match Listing::from_path(&include.path)? {
                    Ok(listing) => Some((include.path, listing)),
                    Err(_) => None,
                })?;
        let mut markers = Vec::new();
        if info.has("compile_fail") {
            markers.push(Marker::DoesNotCompile);
        }
        if info.has("should_panic") {
            markers.push(Marker::Panics);
        }
        Some(Figure::Listing {
            number: listing.name.number(),
            file: path.to_string_lossy().into_owned(),
            markers,
        })
    }

    fn kind(&self) -> &'static str {
        match self {
            Figure::Listing { .. } => "listing",
            Figure::Output { .. } => "output",
            Figure::CompilerError => "compiler-error",
        }
    }

    /// The opening `<figure>` and its caption.
    fn open(&self, repository: &str) -> String {
        let (caption, markers) = match self {
            Figure::Listing {
                number,
                file,
                markers,
            } => {
                let number = number
                    .as_ref()
                    .map(|n| {
                        format!("<span class=\"caption-number\" data-text=\"Listing {n}\"></span> ")
                    })
                    .unwrap_or_default();
                let link = if repository.is_empty() {
                    format!("<code class=\"caption-file\" data-text=\"{file}\"></code>")
                } else {
                    format!(
                        "<a class=\"caption-file\" href=\"{}/blob/main/{file}\" aria-label=\"{file}\" data-text=\"{file}\"></a>",
                        repository.trim_end_matches('/')
                    )
                };
                (format!("{number}{link}"), markers.as_slice())
            }
            Figure::Output { markers } => (
                "<span data-text=\"Output\"></span>".to_string(),
                markers.as_slice(),
            ),
            Figure::CompilerError => (
                "<span data-text=\"Compiler error\"></span>".to_string(),
                &[][..],
            ),
        };
        let markers: String = markers
            .iter()
            .map(|m| {
                format!(
                    " <span class=\"marker marker-{}\" data-text=\"{}\"></span>",
                    m.class(),
                    m.text()
                )
            })
            .collect();
        format!(
            "<figure class=\"figure figure-{}\">\n<figcaption>{caption}{markers}</figcaption>\n\n",
            self.kind()
        )
    }
}

/// Wraps every fenced block of `markdown` that gets a figure. `chapter` is
/// the chapter's file relative to the book (`src/ch02-threads.md`), against
/// which include paths resolve.
pub fn add_figures(chapter: &str, markdown: &str, repository: &str) -> String {
    let mut out = String::with_capacity(markdown.len() * 2);
    let mut copied = 0;
    for fence in fences(markdown) {
        let Some(figure) = Figure::for_fence(chapter, &fence) else {
            continue;
        };
        // A fence nested in a list or a quote keeps its place: figures wrap
        // only blocks that start a line of their own.
        let line_start = markdown[..fence.range.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if !markdown[line_start..fence.range.start].trim().is_empty() {
            continue;
        }
        let block = &markdown[fence.range.clone()];
        out.push_str(&markdown[copied..fence.range.start]);
        out.push_str(&figure.open(repository));
        out.push_str(block);
        if !block.ends_with('\n') {
            out.push('\n');
        }
        out.push_str("\n</figure>\n");
        copied = fence.range.end;
    }
    out.push_str(&markdown[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPO: &str = "https://github.com/owner/book";

    #[test]
    fn a_listing_gets_its_number_and_file() {
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
        let md = "```rust,compile_fail\n{{#rustdoc_include ../listings/compile-fail/src/bin/ch02-04-missing-move.rs:main}}\n```\n\n\
                  ```text,output,sample,any_order\n{{#include ../listings/output/ch02-08-channel.txt}}\n```\n\n\
                  ```text,compiler_error\n{{#include ../listings/output/ch02-04-missing-move.txt}}\n```\n\n\
                  ```rust,should_panic\n{{#rustdoc_include ../listings/examples/ch06-01-x.rs:main}}\n```\n";
        let html = add_figures("src/ch02-threads.md", md, REPO);
        assert!(html.contains("marker-does-not-compile\" data-text=\"Does not compile\""));
        assert!(html.contains("data-text=\"Listing 2.4\""));
        assert!(html.contains("marker-varies\" data-text=\"Output varies: sample run\""));
        assert!(html.contains("figure-compiler-error"));
        assert!(html.contains("marker-panics\" data-text=\"Panics\""));
        assert_eq!(html.matches("<figure").count(), 4);
        assert_eq!(html.matches("</figure>").count(), 4);
    }

    #[test]
    fn other_blocks_are_left_alone() {
        let md = "```toml\nrayon = \"1\"\n```\n\n```rust\nlet x = 1;\n```\n\n````markdown\n```rust\n{{#include ../listings/examples/ch02-01-spawn.rs}}\n```\n````\n";
        let html = add_figures("src/ch13-rayon.md", md, REPO);
        // The listing inside the four-backtick block is an example of
        // Markdown, not a listing: only the outer block counts.
        assert_eq!(html, md);
    }

    #[test]
    fn without_a_repository_the_file_is_not_a_link() {
        let md = "```rust\n{{#rustdoc_include ../listings/examples/ch02-01-spawn.rs}}\n```\n";
        let html = add_figures("src/ch02-threads.md", md, "");
        assert!(html.contains(
            "<code class=\"caption-file\" data-text=\"listings/examples/ch02-01-spawn.rs\">"
        ));
    }
}
