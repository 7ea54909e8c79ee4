//! The checks of the book. `tests/fast.rs` runs them all as one test binary;
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
pub mod links;
pub mod run;
pub mod shim;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use book_model::Paths;

/// The repository's root and cargo's target folder, found once: from
/// `CARGO_TARGET_DIR` (which `cargo xtask` sets for every command it runs),
/// else from `cargo metadata` (see [`book_model::Paths`]). Refuses a harness
/// built in another checkout (a copied `target/`), which would check that
/// checkout's book.
pub fn paths() -> &'static Paths {
    static PATHS: OnceLock<Result<Paths, String>> = OnceLock::new();
    let found = PATHS.get_or_init(|| {
        let built_for = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("tests/ sits in the repository");
        let run_for = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
        let run_for = run_for.as_deref().and_then(Path::parent);
        book_model::same_checkout(built_for, run_for, &["tests/src/lib.rs"])?;
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let target_env = std::env::var_os("CARGO_TARGET_DIR");
        Paths::resolve(built_for, &cargo, target_env.as_deref())
    });
    match found {
        Ok(paths) => paths,
        Err(e) => panic!("{e}"),
    }
}

/// The repository's root directory.
pub fn repo_root() -> &'static Path {
    paths().root()
}

/// Cargo's target directory.
pub fn target_dir() -> PathBuf {
    paths().target().to_path_buf()
}

/// Where the checks keep what they make (`TARGET/book-checks`).
pub fn work_dir() -> PathBuf {
    paths().work()
}
