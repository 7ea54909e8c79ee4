//! mdBook as the tasks run it: with the preprocessor built once, with the
//! tools' selection of packages (`packages.rs`), served as `cargo xtask
//! serve` serves it, and book.toml's `site-url`.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use crate::packages::select_tools;
use crate::tools::{self, Tools, cargo};

/// Builds the book's preprocessor, so that its compilation shows here once
/// rather than inside mdBook's first run. With the tools' selection of
/// packages (see [`select_tools`]): built alone, it would build serde,
/// mdBook's core and the rest again with other features. Where cargo put
/// the program (its profile, its target triple, its target folder) is read
/// from cargo's own report, and [`preprocessor_binary`] returns it.
pub fn build_preprocessor() -> Result<(), String> {
    let mut build = cargo([
        "build",
        "--quiet",
        "--locked",
        "--message-format=json-render-diagnostics",
        "--bin",
        "mdbook-listings",
    ]);
    select_tools(&mut build);
    build.stderr(std::process::Stdio::inherit());
    let out = build
        .output()
        .map_err(|e| format!("cannot run cargo build for the preprocessor: {e}"))?;
    if !out.status.success() {
        return Err(format!("building the preprocessor failed ({})", out.status));
    }
    let binary = executable_in(&String::from_utf8_lossy(&out.stdout), "mdbook-listings")
        .ok_or("cargo built the preprocessor but reported no mdbook-listings program")?;
    // Built once per task: a second build would report the same program.
    let _ = BUILT.set(binary);
    Ok(())
}

static BUILT: OnceLock<PathBuf> = OnceLock::new();

/// The program named `name` in cargo's JSON messages (`compiler-artifact`).
fn executable_in(messages: &str, name: &str) -> Option<PathBuf> {
    messages
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == name)
        .find_map(|m| m["executable"].as_str().map(PathBuf::from))
}

/// The preprocessor [`build_preprocessor`] built; before it has run in this
/// task, where `cargo build` leaves it by default (the dev profile, the
/// host as target).
pub fn preprocessor_binary() -> PathBuf {
    BUILT
        .get()
        .cloned()
        .unwrap_or_else(|| tools::paths().debug_binary("mdbook-listings"))
}

/// mdBook, running the preprocessor [`build_preprocessor`] built. (book.toml
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_comes_from_cargos_report() {
        let messages = concat!(
            r#"{"reason":"compiler-artifact","target":{"name":"book-model"},"executable":null}"#,
            "\n",
            r#"{"reason":"compiler-artifact","target":{"name":"mdbook-listings"},"executable":"/t/x86_64-unknown-linux-musl/release/mdbook-listings"}"#,
            "\n",
            r#"{"reason":"build-finished","success":true}"#,
        );
        assert_eq!(
            executable_in(messages, "mdbook-listings"),
            Some(PathBuf::from(
                "/t/x86_64-unknown-linux-musl/release/mdbook-listings"
            ))
        );
        assert_eq!(executable_in(messages, "book-model"), None);
    }
}
