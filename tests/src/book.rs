//! The book, loaded once by mdBook itself (the pinned `mdbook` CLI), with
//! every include expanded as the reader sees it.
//!
//! mdBook hands every renderer the book, after the preprocessors that run
//! for it, as a JSON [`RenderContext`]. The harness asks `mdbook build` for
//! one renderer only, named `test` as the one `mdbook test` runs: `cat`,
//! which passes the JSON through to mdBook's output. So the chapters, their
//! order and numbers, and the expanded includes are mdBook's own, read back
//! with mdBook's library types, and the harness does not build mdBook's
//! HTML renderer (a third of its dependencies) to get them.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use book_model::{Fence, Include, InfoString, Listing, fences, includes_in};
use mdbook_renderer::RenderContext;
use mdbook_renderer::book::BookItem;

use crate::repo_root;

/// The book: its chapters in the order of `SUMMARY.md`, and its listings.
#[derive(Debug)]
pub struct Book {
    /// The folder holding `book.toml`: the repository, or a fixture book.
    pub root: PathBuf,
    /// Cargo's target folder for the book's own packages (its listings,
    /// compile-fail programs and exercises): the repository's, or a fixture
    /// book's own.
    pub target: PathBuf,
    /// Where the checks write what they make for this book (downloads,
    /// runs): `TARGET/book-checks`, or a fixture's own scratch folder.
    pub work: PathBuf,
    pub chapters: Vec<Chapter>,
    pub listings: Vec<Listing>,
    /// Files in the listing folders that are not well-named listings.
    pub misnamed: Vec<String>,
}

/// One chapter file.
#[derive(Debug)]
pub struct Chapter {
    /// The file, relative to the repository: `src/ch02-threads.md`.
    pub file: String,
    /// The file, relative to `src/`, as `mdbook test -c` names it.
    pub path_in_src: String,
    /// The text as written.
    pub source: String,
    /// The text after mdBook's preprocessors (includes expanded).
    pub expanded: String,
    pub blocks: Vec<Block>,
    /// Its number in the table of contents (`2`, `6.1`), or none for the
    /// introduction and the conclusion.
    pub number: Option<String>,
}

/// A fenced block, as written and as the reader sees it.
#[derive(Debug)]
pub struct Block {
    /// The chapter file (`src/ch02-threads.md`).
    pub chapter: String,
    /// The line of the opening fence in the chapter file.
    pub line: usize,
    pub info: InfoString,
    /// The text between the fences as written (with include directives).
    pub source: String,
    /// The text between the fences as the reader sees it.
    pub code: String,
    /// The include directives of the block as written.
    pub includes: Vec<Include>,
}

impl Block {
    /// Where the block is, for messages: `src/ch02-threads.md:42`.
    pub fn location(&self) -> String {
        format!("{}:{}", self.chapter, self.line)
    }

    /// The listing the block shows, if it includes one.
    pub fn listing(&self) -> Option<Listing> {
        self.includes
            .iter()
            .find_map(|i| Listing::from_path(&i.path)?.ok())
    }

    /// The lines of code written in the chapter rather than included.
    pub fn inline_lines(&self) -> usize {
        self.source
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.contains("{{#"))
            .count()
    }
}

impl Book {
    /// Every block of every chapter, in book order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.chapters.iter().flat_map(|c| &c.blocks)
    }

    /// Reads a file of the book (`listings/Cargo.toml`), naming it in the
    /// error.
    pub fn read(&self, path: &Path) -> Result<String, String> {
        fs::read_to_string(self.root.join(path)).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Whether this is the repository's own book (not a fixture book).
    pub fn is_the_repository(&self) -> bool {
        self.root == repo_root()
    }

    /// `cargo`, run in the book's folder and building into its target
    /// folder.
    pub fn cargo(&self) -> std::process::Command {
        let mut cargo = crate::run::cargo();
        cargo
            .current_dir(&self.root)
            .env("CARGO_TARGET_DIR", &self.target);
        cargo
    }
}

/// The book, loaded on first use. A book mdBook cannot load fails every
/// check that needs it, with mdBook's message.
pub fn book() -> Result<&'static Book, String> {
    static BOOK: OnceLock<Result<Book, String>> = OnceLock::new();
    BOOK.get_or_init(|| load(repo_root(), &crate::work_dir().join("render-context")))
        .as_ref()
        .map_err(Clone::clone)
}

/// Loads the book at `root` (the repository, or a fixture book of the
/// harness's own tests), mdBook writing into `scratch`.
pub fn load(root: &Path, scratch: &Path) -> Result<Book, String> {
    let mdbook = crate::checks::mdbook_test::mdbook()?;
    let mut build = crate::run::command(&mdbook.path);
    build
        .arg("build")
        .arg(root)
        .arg("--dest-dir")
        .arg(scratch)
        // The only renderer: preprocessors run for a renderer by name, and
        // book.toml runs our own (captions) for `html` and `epub` only, so
        // what the checks see is what `mdbook test` sees.
        .env("MDBOOK_OUTPUT", r#"{"test": {"command": "cat"}}"#)
        // Never write missing chapters into src/: a missing file is an error.
        .env("MDBOOK_BUILD__CREATE_MISSING", "false");
    let out = build
        .output()
        .map_err(|e| format!("cannot run {}: {e}", mdbook.path.display()))?;
    if !out.status.success() {
        return Err(format!(
            "mdBook cannot load the book:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let context = RenderContext::from_json(out.stdout.as_slice())
        .map_err(|e| format!("mdBook's render context cannot be read: {e:#}"))?;
    let expanded = &context.book;
    let src = context.source_dir();
    let src_name = src.strip_prefix(root).unwrap_or(&src).to_path_buf();
    let mut chapters = Vec::new();
    for item in expanded.iter() {
        let BookItem::Chapter(chapter) = item else {
            continue;
        };
        let Some(path) = &chapter.source_path else {
            continue;
        };
        let file = src_name.join(path).to_string_lossy().into_owned();
        let source = fs::read_to_string(src.join(path)).map_err(|e| format!("{file}: {e}"))?;
        let blocks = pair_blocks(&file, &source, &chapter.content)?;
        chapters.push(Chapter {
            path_in_src: path.to_string_lossy().into_owned(),
            file,
            source,
            expanded: chapter.content.clone(),
            blocks,
            number: chapter
                .number
                .as_ref()
                .map(|n| n.to_string().trim_end_matches('.').to_string()),
        });
    }
    let (listings, misnamed) = Listing::discover(root);
    Ok(Book {
        root: root.to_path_buf(),
        target: crate::target_dir(),
        work: crate::work_dir(),
        chapters,
        listings,
        misnamed,
    })
}

/// Pairs each fence as written with the same fence after expansion.
fn pair_blocks(file: &str, source: &str, expanded: &str) -> Result<Vec<Block>, String> {
    let written = fences(source);
    let shown = fences(expanded);
    if written.len() != shown.len() {
        return Err(format!(
            "{file}: an include added or removed a code fence ({} blocks written, {} shown); \
             included files must not contain ``` fences",
            written.len(),
            shown.len()
        ));
    }
    Ok(written
        .into_iter()
        .zip(shown)
        .map(|(written, shown): (Fence, Fence)| Block {
            chapter: file.to_string(),
            line: written.line,
            includes: includes_in(file, &written.code),
            info: shown.info,
            source: written.code,
            code: shown.code,
        })
        .collect())
}

/// Reads a file of the repository, naming it in the error.
pub fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(repo_root().join(path)).map_err(|e| format!("{}: {e}", path.display()))
}
