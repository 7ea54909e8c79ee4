//! The checks of the book. `tests/book.rs` runs them all as one test binary;
//! this library holds them.
//!
//! * [`book`] loads the book once, the way mdBook does, and pairs every
//!   fenced block as written with the block as the reader sees it.
//! * [`checks`] holds one module per kind of check: `snippets` (skeptic),
//!   `outputs` (every listing run or built, its output compared),
//!   `mdbook_test` (the real `mdbook test`, chapter by chapter) and `drift`.
//! * [`expect`] is the one place that compares what a program printed with
//!   the book, and the one place that blesses (rewrites) the book's copy.
//! * [`cache`] reuses a check that passed with exactly the same inputs.
//! * [`cargo`], [`run`] and [`shim`] build, run and wrap programs.

pub mod book;
pub mod cache;
pub mod cargo;
pub mod checks;
pub mod expect;
pub mod run;
pub mod shim;

use std::path::{Path, PathBuf};

/// The repository's root directory.
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
}

/// Cargo's target directory.
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

/// Where the checks keep what they make (`target/book-checks`).
pub fn work_dir() -> PathBuf {
    target_dir().join("book-checks")
}
