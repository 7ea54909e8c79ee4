//! mdBook as the tasks run it: with the preprocessor built once, with the
//! tools' selection of packages (`packages.rs`), served as `cargo xtask
//! serve` serves it, and book.toml's `site-url`.

use std::path::PathBuf;
use std::process::Command;

use crate::packages::select_tools;
use crate::tools::{self, Tools, cargo};

/// Builds the book's preprocessor, so that its compilation shows here once
/// rather than inside mdBook's first run. With the tools' selection of
/// packages (see [`select_tools`]): built alone, it would build serde,
/// mdBook's core and the rest again with other features.
pub fn preprocessor() -> Command {
    let mut build = cargo(["build", "--quiet", "--locked", "--bin", "mdbook-listings"]);
    select_tools(&mut build);
    build
}

/// The preprocessor [`preprocessor`] builds.
pub fn preprocessor_binary() -> PathBuf {
    tools::paths().debug_binary("mdbook-listings")
}

/// mdBook, running the preprocessor [`preprocessor`] built. (book.toml
/// runs it with `cargo run -p mdbook-listings`, for `mdbook` used alone;
/// that would build it again, for its own selection of packages.)
pub fn with_preprocessor(tools: &Tools) -> Result<Command, String> {
    let mut mdbook = tools.mdbook_command()?;
    // Quoted: mdBook splits the command as a shell would.
    let binary = format!("'{}'", preprocessor_binary().display());
    mdbook.env("MDBOOK_PREPROCESSOR__LISTINGS__COMMAND", binary);
    Ok(mdbook)
}

/// mdBook set up as `cargo xtask serve` runs it, for `serve` itself and for
/// the check of what it shows (see `site.rs`). Served at the root of
/// localhost, not under book.toml's site-url: the 404 page finds its
/// styles there.
pub fn as_served(tools: &Tools) -> Result<Command, String> {
    let mut mdbook = with_preprocessor(tools)?;
    mdbook.env("MDBOOK_OUTPUT__HTML__SITE_URL", "/");
    Ok(mdbook)
}

/// book.toml's `site-url`, where the book is served (`/book/`).
pub fn site_url() -> Result<String, String> {
    let path = tools::root().join("book.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let book_toml: toml::Table = toml::from_str(&text).map_err(|e| format!("book.toml: {e}"))?;
    Ok(book_toml
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("site-url"))
        .and_then(|u| u.as_str())
        .unwrap_or("/")
        .to_string())
}
