//! The link check of the built HTML book (`check-links`, which `cargo xtask`
//! runs over the built book and over the book as `serve` shows it): every
//! internal link and every `#anchor` must resolve, and no page may show an
//! unexpanded `{{#include`. External links are listed, not fetched.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use book_model::normalize;

/// What the link check found in a built site.
#[derive(Debug, Default)]
pub struct Links {
    /// The HTML pages read.
    pub pages: usize,
    /// The internal links followed.
    pub checked: usize,
    /// The external links, listed and not fetched.
    pub external: BTreeSet<String>,
    /// Each broken link or unexpanded include: `PAGE: link to LINK: …`.
    pub problems: Vec<String>,
}

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

pub fn html_files(dir: &Path) -> Vec<PathBuf> {
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

/// Checks every page of the site in `root`, served at `site_url` (links
/// that start with it are absolute), not following links to the files
/// named in `not_built` (files this machine could not build). Paths in the
/// problems are relative to `root`.
pub fn check(root: &Path, site_url: &str, not_built: &[String]) -> Result<Links, String> {
    let pages = html_files(root);
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let mut texts = BTreeMap::new();
    for page in &pages {
        let html =
            fs::read_to_string(page).map_err(|e| format!("cannot read {}: {e}", page.display()))?;
        let page_ids = attribute_values(&html, "id")
            .into_iter()
            .map(decode)
            .collect();
        ids.insert(normalize(page), page_ids);
        texts.insert(page.clone(), html);
    }
    let root_normalized = normalize(root);
    let shown = |target: &Path| -> String {
        target
            .strip_prefix(&root_normalized)
            .unwrap_or(target)
            .display()
            .to_string()
    };
    let mut found = Links {
        pages: pages.len(),
        ..Links::default()
    };
    for (page, html) in &texts {
        let name = page
            .strip_prefix(root)
            .unwrap_or(page)
            .display()
            .to_string();
        if html.contains("{{#include") || html.contains("{{#rustdoc_include") {
            found
                .problems
                .push(format!("{name}: shows an unexpanded include directive"));
        }
        let links = attribute_values(html, "href")
            .into_iter()
            .chain(attribute_values(html, "src"));
        for link in links {
            let link = decode(link);
            if link.starts_with("http://") || link.starts_with("https://") || link.starts_with("//")
            {
                found.external.insert(link);
                continue;
            }
            if link.starts_with("mailto:")
                || link.starts_with("javascript:")
                || link.starts_with("data:")
            {
                continue;
            }
            found.checked += 1;
            let (file, fragment) = match link.split_once('#') {
                Some((file, fragment)) => (file, Some(fragment)),
                None => (link.as_str(), None),
            };
            let file = file.split('?').next().unwrap_or_default();
            let target = if file.is_empty() {
                normalize(page)
            } else if let Some(absolute) = file.strip_prefix(site_url).or(file.strip_prefix('/')) {
                normalize(&root.join(absolute))
            } else {
                normalize(&page.parent().unwrap_or(root).join(file))
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
                found.problems.push(format!(
                    "{name}: link to {link}: {} does not exist",
                    shown(&target)
                ));
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let known = ids.get(&target).is_some_and(|ids| ids.contains(fragment));
                if target.extension().is_some_and(|e| e == "html") && !known {
                    found.problems.push(format!(
                        "{name}: link to {link}: no id=\"{fragment}\" in {}",
                        shown(&target)
                    ));
                }
            }
        }
    }

    Ok(found)
}
