//! The files published beside the HTML book, which the Introduction links
//! (the PDF, the EPUB and the two workspaces readers download): their names,
//! where they are made and kept, and when a kept one is reused.

use std::path::{Path, PathBuf};

use book_model::Fingerprint;

use crate::mdbook;
use crate::pages::frame;
use crate::step::{Step, pass_record, xtask_fingerprint};
use crate::tools;

/// The EPUB of the whole book, published beside the HTML.
pub const EPUB: &str = "rust-concurrency-patterns.epub";

/// The PDF of the whole book, published beside the HTML.
pub const PDF: &str = "rust-concurrency-patterns.pdf";

/// How fresh the PDF and the EPUB must be.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Fresh {
    /// Made from this very book (`cargo xtask build`, which publishes them).
    Exactly,
    /// Made again when the book's text, structure or styles change, but not
    /// for a change inside code blocks alone (the test command: editing a
    /// listing must stay quick; CI, from a clean clone, makes them afresh).
    ForChecks,
}

/// What the PDF and the EPUB are made from, for reusing them: the print page
/// (all chapters in one), as it is or with the text of its code blocks left
/// out (see [`Fresh`]), and the styles, scripts and tools that make them.
pub fn publication_fingerprint(what: &str, fresh: Fresh) -> Result<Fingerprint, String> {
    let root = tools::root();
    let print =
        std::fs::read(root.join("book/print.html")).map_err(|e| format!("book/print.html: {e}"))?;
    let mut fp = xtask_fingerprint(what)?;
    match fresh {
        Fresh::Exactly => fp.add("print.html", &print),
        Fresh::ForChecks => fp.add("print.html without code", frame(&print)),
    };
    fp.add_dir(&root.join("theme")).map_err(|e| e.to_string())?;
    fp.add_file(&root.join("tests/web/print-pdf.mjs"))
        .add_file(&root.join("book.toml"))
        .add("chromium", tools::version_of(&tools::chromium()));
    let preprocessor = mdbook::preprocessor_binary();
    fp.add_executable(&preprocessor)
        .map_err(|e| format!("{}: {e}", preprocessor.display()))?;
    Ok(fp)
}

/// Puts a made file into `book/` from its kept copy under
/// `TARGET/downloads/` (see [`dir`]), making it first unless a
/// copy made from the same inputs is there (mdBook empties `book/` on every
/// build).
pub fn publish(
    step: &mut Step,
    name: &str,
    file: &str,
    fp: &Fingerprint,
    make: impl FnOnce(&mut Step, &Path) -> Result<(), String>,
) -> Result<(), String> {
    let placed = tools::html_out().join(file);
    let kept = dir().join(file);
    // The kept file is one per name, overwritten by every make: beside it,
    // the fingerprint of the inputs it was made from, so that going back to
    // earlier inputs (a reverted edit, another branch) makes it again rather
    // than reusing a file made from other inputs.
    let made_from = dir().join(format!("{file}.inputs"));
    let record = pass_record();
    let same_inputs = std::fs::read_to_string(&made_from).is_ok_and(|f| f == fp.finish());
    if record.passed(fp) && kept.exists() && same_inputs {
        step.say(&format!(
            "\n==> {name}\n    reused: made from the same inputs before"
        ));
    } else {
        std::fs::create_dir_all(dir()).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(&made_from);
        make(step, &kept)?;
        std::fs::write(&made_from, fp.finish())
            .map_err(|e| format!("{}: {e}", made_from.display()))?;
        record.record(fp);
    }
    std::fs::copy(&kept, &placed).map_err(|e| format!("{}: {e}", placed.display()))?;
    Ok(())
}

/// Where the files published beside the HTML are made and kept, for
/// reusing them (mdBook empties `book/` on every build).
pub fn dir() -> PathBuf {
    tools::target().join("downloads")
}

/// The files published beside the HTML book, which the Introduction links:
/// the PDF, the EPUB and the two workspaces readers download.
pub fn all() -> [String; 4] {
    [
        PDF.to_string(),
        EPUB.to_string(),
        format!("{}.tar.gz", book_model::LISTINGS_WORKSPACE),
        format!("{}.tar.gz", book_model::READER_WORKSPACE),
    ]
}

/// Copies into `html_out` each of the [`all`] that is made (in
/// [`dir`]) and not there yet. Returns those that are not made.
pub fn place(html_out: &Path) -> Result<Vec<String>, String> {
    let mut not_made = Vec::new();
    for name in all() {
        let (kept, placed) = (dir().join(&name), html_out.join(&name));
        if !kept.exists() {
            not_made.push(name);
        } else if !placed.exists() {
            std::fs::copy(&kept, &placed).map_err(|e| format!("{}: {e}", placed.display()))?;
        }
    }
    Ok(not_made)
}
