//! The real `mdbook test` CLI, one chapter per trial, with the crates the
//! listings use available to rustdoc (see [`crate::shim`]). This is what
//! maintainers run as `cargo xtask mdbook-test`.
//!
//! The `mdbook` program is `BOOK_MDBOOK` if set, else the pinned version
//! where `cargo xtask` installs it, else `mdbook` on `PATH`; it must be the
//! version pinned in Cargo.toml.

use std::path::PathBuf;
use std::sync::OnceLock;

use libtest_mimic::Trial;

use crate::book::{Book, Chapter};
use crate::cache::{cache, toolchain};
use crate::cargo::extern_args;
use crate::checks::{CheckKind, trial};
use crate::run::{command, limits, run_until};
use crate::shim;

pub fn trials(book: &Book) -> Vec<Trial> {
    book.chapters
        .iter()
        .filter(|c| c.blocks.iter().any(|b| b.info.is_rust()))
        .map(|chapter| {
            let file = chapter.file.clone();
            trial(CheckKind::MdbookTest, file.clone(), move || {
                let book = crate::book::book()?;
                let chapter = book
                    .chapters
                    .iter()
                    .find(|c| c.file == file)
                    .expect("the chapter was found before");
                check(book, chapter)
            })
        })
        .collect()
}

/// Every problem `mdbook test` finds in `book` (a fixture book of the
/// harness's own tests), chapter by chapter.
pub fn problems(book: &Book) -> Vec<String> {
    book.chapters
        .iter()
        .filter(|c| c.blocks.iter().any(|b| b.info.is_rust()))
        .filter_map(|chapter| check(book, chapter).err())
        .collect()
}

fn check(book: &Book, chapter: &Chapter) -> Result<(), String> {
    let mdbook = mdbook()?;
    let mut fp = cache().fingerprint_for(book, "mdbook test")?;
    fp.add("mdbook", mdbook.version.as_bytes())
        .add("chapter", &chapter.expanded)
        .add("path", &chapter.path_in_src);
    cache().reuse_or_run(&fp, || {
        let mut test = command(&mdbook.path);
        test.arg("test")
            .arg(&book.root)
            .args(["--chapter", &chapter.path_in_src]);
        shim::mdbook_test_env(&mut test, &toolchain()?.sysroot, &extern_args()?)?;
        // A listing of the chapter that its output check found to hang
        // stops this run at once, rather than at the chapter's limit.
        let listings: Vec<String> = chapter
            .blocks
            .iter()
            .filter_map(|b| Some(b.listing()?.name.to_string()))
            .collect();
        let hung = || crate::run::hung_among(listings.iter().map(String::as_str));
        let run = match hung() {
            Some(why) => Err(why),
            None => run_until(test, limits::MDBOOK_TEST_CHAPTER, hung).map_err(|e| e.to_string()),
        }
        .map_err(|e| format!("mdbook test of {}: {e}", chapter.file))?;
        if run.code == Some(0) {
            Ok(())
        } else {
            Err(format!(
                "mdbook test failed for {}:\n{}",
                chapter.file, run.output
            ))
        }
    })
}

/// The `mdbook` CLI to run, checked against the pinned version.
pub struct Mdbook {
    pub path: PathBuf,
    pub version: String,
}

pub fn mdbook() -> Result<&'static Mdbook, String> {
    static MDBOOK: OnceLock<Result<Mdbook, String>> = OnceLock::new();
    MDBOOK
        .get_or_init(|| {
            let pinned = book_model::pinned_tool(crate::repo_root(), "mdbook")?;
            let installed = book_model::tool_binary("mdbook", &pinned, "mdbook");
            let path = match book_model::Setting::Mdbook.path() {
                Some(path) => path,
                None if installed.exists() => installed,
                None => PathBuf::from("mdbook"),
            };
            let out = command(&path).arg("--version").output().map_err(|e| {
                format!(
                    "cannot run {} ({e}); `cargo xtask test` installs mdBook {pinned}, or set BOOK_MDBOOK",
                    path.display()
                )
            })?;
            let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if version != format!("mdbook v{pinned}") {
                return Err(format!(
                    "{} is `{version}`, but Cargo.toml pins mdBook {pinned}; `cargo xtask test` installs it",
                    path.display()
                ));
            }
            Ok(Mdbook { path, version })
        })
        .as_ref()
        .map_err(Clone::clone)
}
