//! Checks the built HTML book (see [`book_tests::links`]).
//! External links are listed (in `target/book-checks/external-links.txt`), not fetched:
//! the tests never touch the network.
//!
//! Usage: `cargo run -p book-tests --bin check-links -- BOOK_DIR [SITE_URL]`,
//! where SITE_URL is book.toml's `site-url` (absolute links start with it).
//! `BOOK_NOT_BUILT=a.pdf,…` names files this machine could not build, whose
//! links are not followed.

use std::path::PathBuf;
use std::process::ExitCode;
use std::{env, fs};

fn main() -> ExitCode {
    let Some(root) = env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: check-links BOOK_DIR [SITE_URL]");
        return ExitCode::from(2);
    };
    let site_url = env::args().nth(2).unwrap_or_else(|| "/".into());
    // Files this machine could not build (the PDF needs Chromium), named by
    // `cargo xtask site`, which has already warned about them.
    let not_built: Vec<String> = book_model::Setting::NotBuilt.list();
    let links = match book_tests::links::check(&root, &site_url, &not_built) {
        Ok(links) => links,
        Err(e) => {
            eprintln!("check-links: {e}");
            return ExitCode::FAILURE;
        }
    };
    if links.pages == 0 {
        eprintln!(
            "check-links: no HTML pages in {}; run `mdbook build` first",
            root.display()
        );
        return ExitCode::from(2);
    }
    let external = &links.external;
    let problems = &links.problems;
    let listing = external.iter().cloned().collect::<Vec<_>>().join("\n");
    let list_path = book_tests::work_dir().join("external-links.txt");
    if fs::create_dir_all(book_tests::work_dir()).is_ok() {
        let _ = fs::write(&list_path, format!("{listing}\n"));
    }
    println!(
        "check-links: {} pages, {} internal links checked, {} external links listed in {} (not fetched)",
        links.pages,
        links.checked,
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
