//! Presents the book's code blocks as figures, for the HTML book. It runs
//! before mdBook expands the includes, so it still sees which file a block
//! shows.
//!
//! * A block that includes a listing gets a caption with its number and its
//!   file, linked to the repository, and a marker when it does not compile or
//!   panics. A later block of the same chapter that shows another part of
//!   the same file is "Listing 2.1 (continued)".
//! * An output block gets the caption "Output", and the marker "Output varies:
//!   sample run" when it is a sample run.
//! * A compiler message gets the caption "Compiler error".
//! * Under the caption of a listing's first part, a line that says what the
//!   harness checks for it ("Checked: compiled · ran, output compared ·
//!   Miri: no undefined behaviour reported"), from the same plan the
//!   harness runs ([`book_model::proof`]): see [`Checks`].
//! * For the EPUB, the same captions as one plain line above each block
//!   ([`add_plain_captions`]), and the line that says what was checked as
//!   a paragraph of its own.
//! * Measured figures: each `{{#bench…}}` directive becomes the table or the
//!   figure it names, from the records of `cargo xtask bench`
//!   (`book_model::bench` lists the directives); a table is followed by its
//!   chart, inline SVG, which the EPUB gets as an image of the same SVG
//!   ([`book_model::charts_as_images`]).
//! * Each `{{#schedule MODEL}}` directive becomes a "Be the scheduler"
//!   figure ([`book_model::schedule`]): for the HTML book, the data and the
//!   script of its interactive part and the list of the outputs it can
//!   reach; for the EPUB, that list only.
//! * Each `{{#quote LISTING TEXT}}` becomes TEXT ([`book_model::quote`]).
//!
//! Captions and markers are text: Find in page finds "Listing 2.1", a copy
//! of a caption copies it, screen readers read it, and mdBook's search finds
//! a listing by its number or its file.
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
//! <figure class="figure figure-listing" id="listing-6-1">
//! <figcaption><span class="caption-number">Listing 6.1</span> <a class="caption-file" …>listings/examples/ch06-01-panic-payload.rs</a> <span class="marker marker-panics">Panics</span></figcaption>
//!
//! ```rust,should_panic
//! {{#rustdoc_include ../listings/examples/ch06-01-panic-payload.rs:main}}
//! ```
//!
//! </figure>
//! ````

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

pub use book_model::caption::Marker;
use book_model::caption::{self, COMPILER_ERROR, OUTPUT};
use book_model::proof::{Part, ProofPlan, Proofs, Shown};
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
        // Where the site is published: the EPUB links the downloads there.
        let published = ctx
            .config
            .get::<String>("preprocessor.listings.published-at")?
            .unwrap_or_default();
        let mut errors = Vec::new();
        // The output blocks of every chapter first: a listing's line says
        // what the blocks that show its output, anywhere, are checked for.
        let mut chapters = Vec::new();
        book.for_each_chapter_mut(|chapter| {
            if let Some(path) = &chapter.source_path {
                let file = Path::new("src").join(path);
                chapters.push((file.to_string_lossy().into_owned(), chapter.content.clone()));
            }
        });
        let checks = Checks::load(
            &ctx.root,
            chapters.iter().map(|(f, c)| (f.as_str(), c.as_str())),
        );
        book.for_each_chapter_mut(|chapter| {
            if let Some(path) = &chapter.source_path {
                let file = Path::new("src").join(path);
                // Measured figures first: they are prose, not code blocks.
                match book_model::expand(&ctx.root, &chapter.content) {
                    Ok(content) => chapter.content = content,
                    Err(e) => errors.push(format!("{}: {e}", file.display())),
                }
                // The figures that let a reader schedule threads, with the
                // script that draws them for the HTML book.
                let html = ctx.renderer == "html";
                match book_model::schedule::expand(&ctx.root, &chapter.content, html) {
                    Ok(content) => chapter.content = content,
                    Err(e) => errors.push(format!("{}: {e}", file.display())),
                }
                // Words quoted from an output (a drift guard checks them).
                chapter.content = book_model::quote::expand(&chapter.content);
                let file = file.to_string_lossy();
                chapter.content = if ctx.renderer == "html" {
                    add_figures(&file, &chapter.content, &repository, &checks)
                } else {
                    book_model::charts_as_images(&for_epub(
                        &add_plain_captions(&file, &chapter.content, &repository, &checks),
                        &published,
                    ))
                };
            }
        });
        if !errors.is_empty() {
            return Err(mdbook_preprocessor::errors::Error::msg(errors.join("\n")));
        }
        Ok(book)
    }

    /// Figures are HTML; the EPUB gets captions as plain text. Both get
    /// the measured figures.
    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        Ok(renderer == "html" || renderer == "epub")
    }
}

/// What the line under each listing's caption needs: the output blocks the
/// book shows for each listing, and the plans of [`book_model::proof`].
/// Without them ([`Checks::default`]) no listing gets a line.
#[derive(Debug, Default)]
pub struct Checks {
    proofs: Option<Proofs>,
    shown: BTreeMap<String, Vec<Shown>>,
    /// Listing name → the chapter that shows its first part, relative to
    /// `src/` (`ch02-threads.md`): where the line links to a listing.
    pages: BTreeMap<String, String>,
}

impl Checks {
    /// The checks of the book at `root`, whose chapters are `(file,
    /// markdown)`, files relative to the book (`src/ch02-threads.md`).
    pub fn load<'a>(root: &Path, chapters: impl Iterator<Item = (&'a str, &'a str)>) -> Checks {
        let mut shown: BTreeMap<String, Vec<Shown>> = BTreeMap::new();
        let mut pages = BTreeMap::new();
        for (file, markdown) in chapters {
            for (name, block) in book_model::proof::shown_outputs(file, markdown) {
                shown.entry(name).or_default().push(block);
            }
            for fence in fences(markdown).iter().filter(|f| f.info.is_rust()) {
                if let Some(listing) = includes_in(file, &fence.code)
                    .into_iter()
                    .find_map(|include| Listing::from_path(&include.path)?.ok())
                {
                    let page = file.strip_prefix("src/").unwrap_or(file).to_string();
                    pages.entry(listing.name.to_string()).or_insert(page);
                }
            }
        }
        Checks {
            proofs: Some(Proofs::load(root)),
            shown,
            pages,
        }
    }

    /// Where the book shows `listing`'s figure, as a link target from a
    /// chapter: `ch02-threads.md#listing-2-10`.
    fn figure_of(&self, listing: &Listing) -> Option<String> {
        let page = self.pages.get(listing.name.as_str())?;
        let number = listing.name.number()?;
        Some(format!("{page}#{}", book_model::proof::figure_id(&number)))
    }

    fn plan(&self, listing: &Listing, fence: &Fence) -> Option<ProofPlan> {
        let shown = self
            .shown
            .get(listing.name.as_str())
            .map_or(&[][..], Vec::as_slice);
        Some(self.proofs.as_ref()?.plan(listing, &fence.info, shown))
    }
}

/// What a figure shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// A program: its number (when it has one), its file, and what the
    /// harness checks for it (on its first part only).
    Listing {
        number: Option<String>,
        file: String,
        markers: Vec<Marker>,
        proof: Option<Box<ProofPlan>>,
        /// Where the listing the line names (the model that lists its
        /// outputs) is shown: `ch02-threads.md#listing-2-10`.
        linked: Option<String>,
    },
    /// What a program printed.
    Output { markers: Vec<Marker> },
    /// What the compiler said.
    CompilerError,
}

impl Figure {
    /// The figure for a fenced block of `chapter`, if it gets one.
    pub fn for_fence(chapter: &str, fence: &Fence, checks: &Checks) -> Option<Figure> {
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
        let proof = checks.plan(&listing, fence);
        let linked = proof
            .as_ref()
            .and_then(|p| checks.figure_of(p.enumerated_by.as_ref()?));
        Some(Figure::Listing {
            number: listing.name.number(),
            file: path.to_string_lossy().into_owned(),
            markers,
            proof: proof.map(Box::new),
            linked,
        })
    }

    /// The same figure, numbered "N.M (continued)" if a listing of the same
    /// file is in `seen`, the files of the listings shown above it.
    fn continuing(mut self, seen: &mut HashSet<String>) -> Figure {
        if let Figure::Listing {
            number,
            file,
            proof,
            ..
        } = &mut self
            && !seen.insert(file.clone())
        {
            if let Some(number) = number {
                *number = format!("{number} {}", caption::CONTINUED);
            }
            // The line says what was checked once, under the first part.
            *proof = None;
        }
        self
    }

    fn kind(&self) -> &'static str {
        match self {
            Figure::Listing { .. } => "listing",
            Figure::Output { .. } => "output",
            Figure::CompilerError => "compiler-error",
        }
    }

    /// What the caption says, before it is written as HTML or Markdown:
    /// a listing's number and file, or the label of an output.
    fn caption(&self) -> (Option<&str>, Option<&str>, &'static str, &[Marker]) {
        match self {
            Figure::Listing {
                number,
                file,
                markers,
                ..
            } => (number.as_deref(), Some(file.as_str()), "", markers),
            Figure::Output { markers } => (None, None, OUTPUT, markers),
            Figure::CompilerError => (None, None, COMPILER_ERROR, &[]),
        }
    }

    /// The opening `<figure>` and its caption. The caption is text, so that
    /// Find in page, copying and screen readers all see it; the figure takes
    /// its accessible name from it.
    fn open(&self, repository: &str) -> String {
        let (number, file, label, markers) = self.caption();
        let mut caption = String::new();
        let id = match self.first_part() {
            Some(n) => format!(" id=\"{}\"", book_model::proof::figure_id(n)),
            None => String::new(),
        };
        if let Some(n) = number {
            caption += &format!(
                "<span class=\"caption-number\">{}</span> ",
                caption::listing_caption(n, false)
            );
        }
        match file {
            Some(file) if repository.is_empty() => {
                caption += &format!("<code class=\"caption-file\">{file}</code>");
            }
            Some(file) => {
                caption += &format!(
                    "<a class=\"caption-file\" href=\"{}/blob/main/{file}\">{file}</a>",
                    repository.trim_end_matches('/')
                );
            }
            None => caption += &format!("<span>{label}</span>"),
        }
        for m in markers {
            caption += &format!(
                " <span class=\"marker marker-{}\">{}</span>",
                m.class(),
                m.text()
            );
        }
        if let Some((proof, linked)) = self.proof() {
            caption += &format!(
                " <span class=\"proof\">{}</span>",
                proof_html(proof, repository, linked)
            );
        }
        format!(
            "<figure class=\"figure figure-{}\"{id}>\n<figcaption>{caption}</figcaption>\n\n",
            self.kind()
        )
    }

    fn proof(&self) -> Option<(&ProofPlan, Option<&str>)> {
        match self {
            Figure::Listing { proof, linked, .. } => Some((proof.as_deref()?, linked.as_deref())),
            _ => None,
        }
    }

    /// A numbered listing's number, on its first part (which the line can
    /// link to): "2.10".
    fn first_part(&self) -> Option<&str> {
        match self {
            Figure::Listing {
                number: Some(n), ..
            } if !n.ends_with(caption::CONTINUED) => Some(n),
            _ => None,
        }
    }

    /// The caption as one line of Markdown, for renderers without our CSS:
    /// `*Listing 2.4* `listings/…/x.rs` (does not compile)`.
    fn plain_caption(&self, repository: &str) -> String {
        let (number, file, label, markers) = self.caption();
        let mut caption = match (number, file) {
            (Some(n), Some(file)) => format!("*{}* `{file}`", caption::listing_caption(n, false)),
            (None, Some(file)) => format!("`{file}`"),
            _ => format!("*{label}*"),
        };
        let markers: Vec<String> = markers.iter().map(|m| m.text().to_lowercase()).collect();
        if !markers.is_empty() {
            caption += &format!(" ({})", markers.join(", "));
        }
        if let Some((proof, linked)) = self.proof() {
            caption += "\n\n";
            caption += &proof_markdown(proof, repository, linked);
        }
        match self.first_part() {
            Some(n) => format!(
                "<a id=\"{}\"></a>\n\n{caption}",
                book_model::proof::figure_id(n)
            ),
            None => caption,
        }
    }
}

/// The address of a file of the repository, or none without a repository.
fn file_url(repository: &str, path: &Path) -> Option<String> {
    (!repository.is_empty()).then(|| {
        format!(
            "{}/blob/main/{}",
            repository.trim_end_matches('/'),
            path.display()
        )
    })
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The line that says what was checked, as HTML: the chapter's links point
/// at the pages mdBook writes (`ch12-testing.html#miri`), the listing it
/// names at its figure (`linked`) or, if no chapter shows it, its file.
fn proof_html(proof: &ProofPlan, repository: &str, linked: Option<&str>) -> String {
    proof
        .line()
        .into_iter()
        .map(|part| match part {
            Part::Text(text) => escape_html(&text),
            Part::Section { text, target } => format!(
                "<a href=\"{}\">{}</a>",
                target.replacen(".md", ".html", 1),
                escape_html(&text)
            ),
            Part::Listing { text, .. } if linked.is_some() => format!(
                "<a href=\"{}\">{}</a>",
                linked.unwrap_or_default().replacen(".md", ".html", 1),
                escape_html(&text)
            ),
            Part::Listing { text, listing } => {
                let path = listing.file();
                match file_url(repository, &path) {
                    Some(url) => format!(
                        "<a href=\"{url}\" title=\"{}\">{}</a>",
                        path.display(),
                        escape_html(&text)
                    ),
                    None => format!("{} (<code>{}</code>)", escape_html(&text), path.display()),
                }
            }
        })
        .collect()
}

/// The same line as Markdown, for the EPUB ([`for_epub`] points the links
/// at its pages).
fn proof_markdown(proof: &ProofPlan, repository: &str, linked: Option<&str>) -> String {
    proof
        .line()
        .into_iter()
        .map(|part| match part {
            Part::Text(text) => text,
            Part::Section { text, target } => format!("[{text}]({target})"),
            Part::Listing { text, .. } if linked.is_some() => {
                format!("[{text}]({})", linked.unwrap_or_default())
            }
            Part::Listing { text, listing } => match file_url(repository, &listing.file()) {
                Some(url) => format!("[{text}]({url})"),
                None => format!("{text} (`{}`)", listing.file().display()),
            },
        })
        .collect()
}

/// Wraps every fenced block of `markdown` that gets a figure. `chapter` is
/// the chapter's file relative to the book (`src/ch02-threads.md`), against
/// which include paths resolve.
pub fn add_figures(chapter: &str, markdown: &str, repository: &str, checks: &Checks) -> String {
    let mut out = String::with_capacity(markdown.len() * 2);
    let mut copied = 0;
    let mut seen = HashSet::new();
    for fence in fences(markdown) {
        let Some(figure) = Figure::for_fence(chapter, &fence, checks) else {
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
        let figure = figure.continuing(&mut seen);
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

/// Puts a one-line caption above every fenced block that gets a figure in
/// HTML: for the EPUB, whose readers apply their own styles.
pub fn add_plain_captions(
    chapter: &str,
    markdown: &str,
    repository: &str,
    checks: &Checks,
) -> String {
    let mut out = String::with_capacity(markdown.len() + 4096);
    let mut copied = 0;
    let mut seen = HashSet::new();
    for fence in fences(markdown) {
        let Some(figure) = Figure::for_fence(chapter, &fence, checks) else {
            continue;
        };
        let line_start = markdown[..fence.range.start]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        if !markdown[line_start..fence.range.start].trim().is_empty() {
            continue;
        }
        let figure = figure.continuing(&mut seen);
        out.push_str(&markdown[copied..fence.range.start]);
        out.push_str(&figure.plain_caption(repository));
        out.push_str("\n\n");
        copied = fence.range.start;
    }
    out.push_str(&markdown[copied..]);
    out
}

/// What the EPUB renderer needs beyond mdBook's Markdown: links between
/// chapters point at the `.html` files it writes (mdBook's HTML renderer
/// does that itself), links to the downloads published beside the book
/// point at `published` (the site's address), HTML comments go (XHTML
/// forbids `--` inside them, and the book's say `--cfg`), `<img>` tags are
/// closed, as XHTML requires, and headings get mdBook's ids.
pub fn for_epub(markdown: &str, published: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let mut linked = String::with_capacity(out.len());
    let mut rest = out.as_str();
    // `](chapter.md)`, `](chapter.md#anchor)` and `[label]: chapter.md`.
    while let Some(at) = rest.find(".md") {
        let (before, after) = rest.split_at(at);
        let target_start = before.rfind(['(', ' ', '\n']).map_or(0, |i| i + 1);
        let local = !before[target_start..].contains("://");
        let ends_link = after[3..].starts_with([')', '#']) || after[3..].starts_with(['\n', ' ']);
        linked.push_str(before);
        linked.push_str(if local && ends_link { ".html" } else { ".md" });
        rest = &after[3..];
    }
    linked.push_str(rest);
    for download in [".pdf)", ".epub)", ".tar.gz)"] {
        let mut absolute = String::with_capacity(linked.len());
        let mut rest = linked.as_str();
        while let Some(at) = rest.find(download) {
            let start = rest[..at].rfind("](").map_or(at, |i| i + 2);
            let target = &rest[start..at];
            absolute.push_str(&rest[..start]);
            if !target.contains("://") && !target.contains('/') {
                absolute.push_str(published);
            }
            absolute.push_str(&rest[start..at + download.len()]);
            rest = &rest[at + download.len()..];
        }
        absolute.push_str(rest);
        linked = absolute;
    }
    let mut closed = String::with_capacity(linked.len());
    let mut rest = linked.as_str();
    while let Some(at) = rest.find("<img ") {
        let end = rest[at..].find('>').map_or(rest.len(), |i| at + i);
        let tag = &rest[at..end];
        closed.push_str(&rest[..at]);
        closed.push_str(tag.trim_end_matches('/').trim_end());
        closed.push_str(" />");
        rest = rest.get(end + 1..).unwrap_or("");
    }
    closed.push_str(rest);
    with_heading_ids(&closed)
}

/// Puts an anchor with mdBook's id before each heading, since the EPUB
/// renderer gives headings none and the book links to sections. The id is
/// mdBook's: the heading's text, lowercased, with spaces as hyphens and
/// other punctuation dropped; a repeated id gets `-1`, `-2`.
fn with_heading_ids(markdown: &str) -> String {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    let mut out = String::with_capacity(markdown.len() + 1024);
    let mut in_code = false;
    for line in markdown.split_inclusive('\n') {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
        }
        let heading = line.trim_start_matches('#');
        let level = line.len() - heading.len();
        if !in_code && (1..=6).contains(&level) && heading.starts_with(' ') {
            let text: String = heading
                .trim()
                .chars()
                .filter(|c| *c != '`' && *c != '*')
                .collect();
            let id: String = text
                .chars()
                .filter_map(|c| match c {
                    c if c.is_alphanumeric() || c == '_' || c == '-' => {
                        Some(c.to_ascii_lowercase())
                    }
                    c if c.is_whitespace() => Some('-'),
                    _ => None,
                })
                .collect();
            let count = seen.entry(id.clone()).or_insert(0);
            let id = if *count == 0 {
                id
            } else {
                format!("{id}-{count}")
            };
            *count += 1;
            out.push_str(&format!("<a id=\"{id}\"></a>\n\n"));
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPO: &str = "https://github.com/owner/book";

    /// The PDF check (`cargo xtask site`) finds captions left at the foot of
    /// a page with `book_model::caption::is_caption`: it must recognise the
    /// text of every caption written here, with every marker, or a renamed
    /// label would turn that check off.
    #[test]
    fn the_pdf_check_recognises_every_caption() {
        let listing = |number: Option<&str>, file: &str, markers: Vec<Marker>| Figure::Listing {
            number: number.map(String::from),
            file: file.to_string(),
            markers,
            proof: None,
            linked: None,
        };
        let mut figures = vec![
            Figure::CompilerError,
            Figure::Output { markers: vec![] },
            Figure::Output {
                markers: vec![Marker::Varies],
            },
            listing(None, "listings/benches/ch11-counters.rs", vec![]),
        ];
        for markers in [vec![], Marker::ALL.to_vec()] {
            let file = "listings/examples/ch02-01-spawn.rs";
            let mut first = listing(Some("2.1"), file, markers);
            if let Figure::Listing { proof, .. } = &mut first {
                *proof = Some(Box::new(plan_of_channel()));
            }
            let mut seen = HashSet::new();
            figures.push(first.clone().continuing(&mut seen));
            figures.push(first.continuing(&mut seen));
        }
        let mut shown = Vec::new();
        for figure in &figures {
            for repository in [REPO, ""] {
                let html = figure.open(repository);
                let caption = html
                    .split_once("<figcaption>")
                    .and_then(|(_, rest)| rest.split_once("</figcaption>"))
                    .map(|(caption, _)| caption)
                    .expect("a figcaption");
                // The caption's text, as pdftotext prints it: no tags.
                let mut text = String::new();
                let mut in_tag = false;
                for c in caption.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                assert!(
                    book_model::caption::is_caption(&text),
                    "the PDF check would not see the caption `{text}` (book_model::caption::is_caption)"
                );
                shown.push(text);
            }
        }
        assert!(shown.iter().any(|t| t == "Listing 2.1 (continued) listings/examples/ch02-01-spawn.rs Does not compile Panics Output varies: sample run"), "{shown:#?}");
    }

    #[test]
    fn a_listing_gets_its_number_and_file() {
        let md = "Text\n\n```rust\n{{#rustdoc_include ../listings/examples/ch02-05-move-closure.rs:main}}\n```\n\nMore\n";
        let html = add_figures("src/ch02-threads.md", md, REPO, &Checks::default());
        assert!(html.contains("<figure class=\"figure figure-listing\" id=\"listing-2-5\">"));
        assert!(html.contains("<span class=\"caption-number\">Listing 2.5</span>"));
        assert!(html.contains(
            "href=\"https://github.com/owner/book/blob/main/listings/examples/ch02-05-move-closure.rs\""
        ));
        assert!(html.contains(">listings/examples/ch02-05-move-closure.rs</a>"));
        assert!(html.contains("```\n\n</figure>\n\nMore"));
    }

    #[test]
    fn a_second_part_of_the_same_listing_is_continued() {
        let client = "```rust,no_run\n{{#rustdoc_include ../listings/tests/ch20-01-http-client.rs:client}}\n```\n\nText\n\n";
        let test = "```rust,ignore\n{{#rustdoc_include ../listings/tests/ch20-01-http-client.rs:test}}\n```\n\n";
        let next =
            "```rust\n{{#rustdoc_include ../listings/examples/ch20-02-spawn-join.rs:main}}\n```\n";
        let md = format!("{client}{test}{next}");
        let html = add_figures("src/ch20-tokio.md", &md, REPO, &Checks::default());
        assert_eq!(html.matches(">Listing 20.1</span>").count(), 1, "{html}");
        assert_eq!(
            html.matches(">Listing 20.1 (continued)</span>").count(),
            1,
            "{html}"
        );
        assert!(html.contains(">Listing 20.2</span>"), "{html}");
        let plain = add_plain_captions("src/ch20-tokio.md", &md, REPO, &Checks::default());
        assert!(
            plain.contains(
                "*Listing 20.1* `listings/tests/ch20-01-http-client.rs`\n\n```rust,no_run"
            ),
            "{plain}"
        );
        assert!(plain.contains("*Listing 20.1 (continued)* `listings/tests/ch20-01-http-client.rs`\n\n```rust,ignore"), "{plain}");
    }

    #[test]
    fn markers_follow_the_info_string() {
        let md = "```rust,compile_fail\n{{#rustdoc_include ../listings/compile-fail/src/bin/ch02-04-missing-move.rs:main}}\n```\n\n\
                  ```text,output,sample,any_order\n{{#include ../listings/output/ch02-08-channel.txt}}\n```\n\n\
                  ```text,compiler_error\n{{#include ../listings/output/ch02-04-missing-move.txt}}\n```\n\n\
                  ```rust,should_panic\n{{#rustdoc_include ../listings/examples/ch06-01-x.rs:main}}\n```\n";
        let html = add_figures("src/ch02-threads.md", md, REPO, &Checks::default());
        assert!(html.contains("marker-does-not-compile\">Does not compile</span>"));
        assert!(html.contains(">Listing 2.4</span>"));
        assert!(html.contains("marker-varies\">Output varies: sample run</span>"));
        assert!(html.contains("figure-compiler-error"));
        assert!(html.contains("marker-panics\">Panics</span>"));
        assert_eq!(html.matches("<figure").count(), 4);
        assert_eq!(html.matches("</figure>").count(), 4);
    }

    #[test]
    fn plain_captions_for_other_renderers() {
        let md = "Text.\n\n```rust,compile_fail\n{{#rustdoc_include ../listings/compile-fail/src/bin/ch02-04-missing-move.rs:main}}\n```\n\n```text,output,sample,any_order\n{{#include ../listings/output/ch02-08-channel.txt}}\n```\n";
        let out = add_plain_captions("src/ch02-threads.md", md, REPO, &Checks::default());
        assert!(out.contains(
            "*Listing 2.4* `listings/compile-fail/src/bin/ch02-04-missing-move.rs` (does not compile)\n\n```rust,compile_fail"
        ), "{out}");
        assert!(
            out.contains("*Output* (output varies: sample run)\n\n```text,output"),
            "{out}"
        );
    }

    #[test]
    fn epub_links_comments_and_images() {
        let md = "See [threads](ch02-threads.md#moving) and [x](ch03-mutexes.md).\n\
                  <!-- ignore: run with `--cfg loom` -->\n\
                  [docs]: https://example.com/README.md\n[ch]: ch04-channels.md\n\
                  <img src=\"images/a.svg\" alt=\"A\">\n<img src=\"b.svg\" />\n\
                  Get [the PDF](book.pdf) and [the listings](listings.tar.gz).\n";
        assert_eq!(
            with_heading_ids(
                "## When `main` returns first\n```\n# not a heading\n```\n## When main returns first\n"
            ),
            "<a id=\"when-main-returns-first\"></a>\n\n## When `main` returns first\n```\n# not a heading\n```\n\
             <a id=\"when-main-returns-first-1\"></a>\n\n## When main returns first\n"
        );
        assert_eq!(
            for_epub(md, "https://example.org/book/"),
            "See [threads](ch02-threads.html#moving) and [x](ch03-mutexes.html).\n\n\
             [docs]: https://example.com/README.md\n[ch]: ch04-channels.html\n\
             <img src=\"images/a.svg\" alt=\"A\" />\n<img src=\"b.svg\" />\n\
             Get [the PDF](https://example.org/book/book.pdf) and \
             [the listings](https://example.org/book/listings.tar.gz).\n"
        );
    }

    #[test]
    fn other_blocks_are_left_alone() {
        let md = "```toml\nrayon = \"1\"\n```\n\n```rust\nlet x = 1;\n```\n\n````markdown\n```rust\n{{#include ../listings/examples/ch02-01-spawn.rs}}\n```\n````\n";
        let html = add_figures("src/ch13-rayon.md", md, REPO, &Checks::default());
        // The listing inside the four-backtick block is an example of
        // Markdown, not a listing: only the outer block counts.
        assert_eq!(html, md);
    }

    #[test]
    fn without_a_repository_the_file_is_not_a_link() {
        let md = "```rust\n{{#rustdoc_include ../listings/examples/ch02-01-spawn.rs}}\n```\n";
        let html = add_figures("src/ch02-threads.md", md, "", &Checks::default());
        assert!(
            html.contains("<code class=\"caption-file\">listings/examples/ch02-01-spawn.rs</code>")
        );
    }
}

/// The plan of listing 2.8 as the repository's book has it.
#[cfg(test)]
fn plan_of_channel() -> ProofPlan {
    let md = "```rust\n{{#rustdoc_include ../listings/examples/ch02-08-channel.rs:main}}\n```\n";
    let fence = &fences(md)[0];
    let listing = Listing::new(book_model::Kind::Example, "ch02-08-channel").unwrap();
    repository_checks().plan(&listing, fence).unwrap()
}

/// The checks of the repository's own book, without the verify record
/// (whose figures change with every verify run).
#[cfg(test)]
fn repository_checks() -> Checks {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let chapters: Vec<(String, String)> = std::fs::read_dir(root.join("src"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            (
                format!("src/{}", e.file_name().to_string_lossy()),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    let mut checks = Checks::load(
        &root,
        chapters.iter().map(|(f, c)| (f.as_str(), c.as_str())),
    );
    checks.proofs = checks.proofs.map(Proofs::without_record);
    checks
}

#[cfg(test)]
mod proof_line {
    use super::*;

    #[test]
    fn the_first_part_of_a_listing_says_what_was_checked() {
        let md = "```rust\n{{#rustdoc_include ../listings/examples/ch02-08-channel.rs:main}}\n```\n\n\
                  ```rust\n{{#rustdoc_include ../listings/examples/ch02-08-channel.rs:other}}\n```\n";
        let checks = repository_checks();
        let html = add_figures("src/ch02-threads.md", md, "https://github.com/o/b", &checks);
        assert_eq!(html.matches("<span class=\"proof\">").count(), 1, "{html}");
        assert!(html.contains(
            "<span class=\"proof\"><a href=\"ch00-introduction.html#every-listing-is-checked\">Checked</a>: \
             compiled · ran, output compared (lines in any order, last line always the same) · \
             <a href=\"ch12-testing.html#miri\">Miri</a>: no undefined behaviour reported · \
             100 more runs, half under load, compared the same way · another 100 runs, half under \
             load, each one of the outputs that <a href=\"ch02-threads.html#listing-2-10\">Listing \
             2.10</a> finds with <a href=\"ch12-testing.html#loom\">loom</a></span></figcaption>"
        ), "{html}");
        let plain = for_epub(
            &add_plain_captions("src/ch02-threads.md", md, "", &checks),
            "https://example.org/",
        );
        assert!(plain.contains(
            "<a id=\"listing-2-8\"></a>\n\n*Listing 2.8* `listings/examples/ch02-08-channel.rs`\n\n\
             [Checked](ch00-introduction.html#every-listing-is-checked): compiled · ran, output \
             compared (lines in any order, last line always the same) · \
             [Miri](ch12-testing.html#miri): no undefined behaviour reported · \
             100 more runs, half under load, compared the same way · another 100 runs, half under \
             load, each one of the outputs that [Listing 2.10](ch02-threads.html#listing-2-10) finds \
             with [loom](ch12-testing.html#loom)\n\n```rust"
        ), "{plain}");
        assert_eq!(plain.matches("Checked").count(), 1, "{plain}");
    }

    #[test]
    fn what_the_verify_tier_measured_links_to_the_introduction() {
        use book_model::proof::Verified;
        use book_model::verified::{ListingRecord, Measured};
        let mut plan = plan_of_channel();
        plan.verified = Some(Verified {
            record: ListingRecord {
                repeat: Some(Measured {
                    runs: Some(100),
                    distinct: Some(6),
                    ..Measured::today("rustc 1.95.0 (59807616e 2026-04-14)", "")
                }),
                ..ListingRecord::default()
            },
            current: false,
        });
        let html = proof_html(&plan, "", None);
        assert!(
            html.contains("compared the same way: 6 distinct outputs · "),
            "{html}"
        );
        assert!(
            html.ends_with(&format!(
                "<a href=\"ch00-introduction.html#every-listing-is-checked\">verified</a> on \
                 {} with rustc 1.95.0, before its last edit",
                book_model::verified::today()
            )),
            "{html}"
        );
    }

    #[test]
    fn without_checks_no_line() {
        let md =
            "```rust\n{{#rustdoc_include ../listings/examples/ch02-08-channel.rs:main}}\n```\n";
        let html = add_figures("src/ch02-threads.md", md, "", &Checks::default());
        assert!(!html.contains("proof"), "{html}");
    }
}
