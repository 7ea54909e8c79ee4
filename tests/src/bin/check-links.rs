//! Checks the built HTML book: every internal link and every `#anchor`
//! must resolve, and no page may show an unexpanded `{{#include`.
//! External links are listed (in `target/book-checks/external-links.txt`), not fetched:
//! the tests never touch the network.
//!
//! Usage: `cargo run -p book-tests --bin check-links -- BOOK_DIR [SITE_URL]`,
//! where SITE_URL is book.toml's `site-url` (absolute links start with it).
//! `BOOK_NOT_BUILT=a.pdf,…` names files this machine could not build, whose
//! links are not followed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::{env, fs};

use book_model::normalize;

/// The values of `attribute="…"` in an HTML page.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!(" {attribute}=\"");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        rest = &rest[start + needle.len()..];
        if let Some(end) = rest.find('"') {
            found.push(&rest[..end]);
            rest = &rest[end..];
        }
    }
    found
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn decode(s: &str) -> String {
    s.replace("&amp;", "&").replace("%20", " ")
}

fn main() -> ExitCode {
    let Some(root) = env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: check-links BOOK_DIR [SITE_URL]");
        return ExitCode::from(2);
    };
    let site_url = env::args().nth(2).unwrap_or_else(|| "/".into());
    // Files this machine could not build (the PDF needs Chromium), named by
    // `cargo xtask site`, which has already warned about them.
    let not_built: Vec<String> = book_model::Setting::NotBuilt.list();
    let pages = html_files(&root);
    if pages.is_empty() {
        eprintln!(
            "check-links: no HTML pages in {}; run `mdbook build` first",
            root.display()
        );
        return ExitCode::from(2);
    }
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut texts = BTreeMap::new();
    for page in &pages {
        let html = match fs::read_to_string(page) {
            Ok(html) => html,
            Err(e) => {
                eprintln!("check-links: cannot read {}: {e}", page.display());
                return ExitCode::FAILURE;
            }
        };
        let page_ids = attribute_values(&html, "id")
            .into_iter()
            .map(decode)
            .collect();
        ids.insert(normalize(page), page_ids);
        texts.insert(page.clone(), html);
    }

    let mut problems = Vec::new();
    let mut external = BTreeSet::new();
    let mut checked = 0;
    for (page, html) in &texts {
        let name = page
            .strip_prefix(&root)
            .unwrap_or(page)
            .display()
            .to_string();
        if html.contains("{{#include") || html.contains("{{#rustdoc_include") {
            problems.push(format!("{name}: shows an unexpanded include directive"));
        }
        let links = attribute_values(html, "href")
            .into_iter()
            .chain(attribute_values(html, "src"));
        for link in links {
            let link = decode(link);
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("//")
            {
                external.insert(link);
                continue;
            }
            if link.starts_with("mailto:")
                || link.starts_with("javascript:")
                || link.starts_with("data:")
            {
                continue;
            }
            checked += 1;
            let (file, fragment) = match link.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment)),
                None => (link.as_str(), None),
            };
            let file = file.split('?').next().unwrap_or_default();
            let target = if file.is_empty() {
                normalize(page)
            } else if let Some(absolute) = file
                .strip_prefix(site_url.as_str())
                .or(file.strip_prefix('/'))
            {
                normalize(&root.join(absolute))
            } else {
                normalize(&page.parent().unwrap_or(&root).join(file))
            };
            let target = if target.is_dir() {
                target.join("index.html")
            } else {
                target
            };
            let unbuilt = target
                .file_name()
                .is_some_and(|f| not_built.iter().any(|n| f.to_string_lossy() == *n));
            if !target.exists() && !unbuilt {
                problems.push(format!(
                    "{name}: link to {link}: {} does not exist",
                    target.display()
                ));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let known = ids.get(&target).is_some_and(|ids| ids.contains(fragment));
                if target.extension().is_some_and(|e| e == "html") && !known {
                    problems.push(format!(
                        "{name}: link to {link}: no id=\"{fragment}\" in {}",
                        target.display()
                    ));
                }
            }
        }
    }

    let listing = external.iter().cloned().collect::<Vec<_>>().join("\n");
    let list_path = book_tests::work_dir().join("external-links.txt");
    if fs::create_dir_all(book_tests::work_dir()).is_ok() {
        let _ = fs::write(&list_path, format!("{listing}\n"));
    }
    println!(
        "check-links: {} pages, {checked} internal links checked, {} external links listed in {} (not fetched)",
        pages.len(),
        external.len(),
        list_path.display()
    );
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "check-links: {} broken in {}:\n  {}\n\
             Fix each link in the chapter under src/ that makes the page; a link to a file \
             the book publishes beside its pages needs `cargo xtask build` (and `serve`) to make it.",
            problems.len(),
            root.display(),
            problems.join("\n  ")
        );
        ExitCode::FAILURE
    }
}
