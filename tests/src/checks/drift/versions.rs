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
            "Cargo.toml: the workspace edition is {edition:?}, not \"2024\""
        ));
    }
    let book_edition = get(&book_toml, &["rust", "edition"]);
    if book_edition != edition {
        problems.push(format!(
            "book.toml [rust] edition is {book_edition:?}, but the workspace's is {edition:?}"
        ));
    }
    let cli = book_model::pinned_tool(&book.root, "mdbook").ok();
    for library in ["mdbook-renderer", "mdbook-preprocessor"] {
        let version = get(&cargo, &["workspace", "dependencies", library]);
        if version.as_deref().map(|d| d.trim_start_matches('=')) != cli.as_deref() {
            problems.push(format!(
                "the mdbook CLI ({cli:?}) and the {library} library ({version:?}) must be the same version"
            ));
        }
    }
    problems
}
