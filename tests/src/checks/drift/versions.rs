//! Version pins: one edition and one mdBook version everywhere.

use std::path::Path;

use crate::book::Book;

pub(super) fn one_edition_one_mdbook(book: &Book) -> Vec<String> {
    let parse = |file: &str| -> Result<toml::Table, String> {
        toml::from_str(&book.read(Path::new(file))?).map_err(|e| format!("{file}: {e}"))
    };
    let (cargo, book_toml) = match (parse("Cargo.toml"), parse("book.toml")) {
        (Ok(c), Ok(b)) => (c, b),
        (Err(e), _) | (_, Err(e)) => return vec![e],
    };
    let get = |table: &toml::Table, path: &[&str]| -> Option<String> {
        let mut value = table.get(path[0])?;
        for key in &path[1..] {
            value = value.get(key)?;
        }
        match value {
            toml::Value::String(s) => Some(s.clone()),
            other => other.get("version")?.as_str().map(String::from),
        }
    };
    let mut problems = Vec::new();
    let edition = get(&cargo, &["workspace", "package", "edition"]);
    if edition.as_deref() != Some("2024") {
        problems.push(format!(
            "Cargo.toml: the workspace edition is {}, not 2024; set `edition = \"2024\"` \
             in [workspace.package]",
            edition.as_deref().unwrap_or("not set")
        ));
    }
    let book_edition = get(&book_toml, &["rust", "edition"]);
    if book_edition != edition {
        problems.push(format!(
            "book.toml: the [rust] edition is {}, but the workspace's (Cargo.toml) is {}; \
             make them the same",
            book_edition.as_deref().unwrap_or("not set"),
            edition.as_deref().unwrap_or("not set")
        ));
    }
    let cli = book_model::pinned_tool(&book.root, "mdbook").ok();
    for library in ["mdbook-renderer", "mdbook-preprocessor"] {
        let version = get(&cargo, &["workspace", "dependencies", library]);
        if version.as_deref().map(|d| d.trim_start_matches('=')) != cli.as_deref() {
            problems.push(format!(
                "Cargo.toml: the mdbook CLI is pinned at {} ([workspace.metadata.tools]) but the \
                 {library} library at {} ([workspace.dependencies]); pin both at the same version",
                cli.as_deref().unwrap_or("no version"),
                version.as_deref().unwrap_or("no version")
            ));
        }
    }
    problems
}

/// skeptic compiles the book's `rust` blocks against the builds of the
/// harness's own dependencies (`tests/Cargo.toml`), and the listings are
/// built with `listings/Cargo.toml`'s: a crate in the second and not in the
/// first (nor reached through another) compiles as a listing and fails as a
/// block. The guard asks for each by name, stricter than skeptic needs. A
/// manifest that cannot be read or has no `[dependencies]` (a fixture book
/// without one) is left to the other checks.
pub(super) fn blocks_see_every_listing_crate(book: &Book) -> Vec<String> {
    let crates = |file: &str| -> Option<Vec<String>> {
        let table: toml::Table = toml::from_str(&book.read(Path::new(file)).ok()?).ok()?;
        Some(
            table
                .get("dependencies")?
                .as_table()?
                .keys()
                .cloned()
                .collect(),
        )
    };
    let (Some(listings), Some(harness)) =
        (crates("listings/Cargo.toml"), crates("tests/Cargo.toml"))
    else {
        return Vec::new();
    };
    listings
        .iter()
        .filter(|name| !harness.contains(name))
        .map(|name| {
            format!(
                "tests/Cargo.toml: the listings depend on `{name}` (listings/Cargo.toml) but the \
                 harness does not, so a book block that uses it may not compile under skeptic; \
                 add `{name}.workspace = true` to the harness's [dependencies]"
            )
        })
        .collect()
}
