//! The checks of the rendered book (`cargo xtask site`, and the end of
//! `cargo xtask test`): it builds what is published (`publish.rs`), then
//! checks every internal link and anchor (`check-links`) of the built book
//! and of the book as `cargo xtask serve` shows it, the charts against their
//! records (`charts.rs`), the PDF (`pdf.rs`), the
//! EPUB (`epub.rs`), and runs headless Chromium over every page
//! (`browser.rs`) compared with the same chapters built by stock mdBook
//! (`stock.rs`). Each is reused when neither book nor check changed (the
//! same rule as the harness's, see `tests/src/cache.rs`).

use std::fs;
use std::path::Path;

use crate::downloads::{self, Fresh, PDF};
use crate::pages::Site;
use crate::step::{Step, pass_record, xtask_fingerprint};
use crate::tools::{self, Tools, cargo};
use crate::{browser, charts, epub, mdbook, pdf, publish, stock};

/// `cargo xtask site`.
pub fn run(_args: &[String]) -> Result<(), String> {
    check(&Tools::find()?, &mut Step::new())
}

pub fn check(tools: &Tools, step: &mut Step) -> Result<(), String> {
    let site_url = mdbook::site_url()?;
    // Beside our own build: neither times anything.
    let stock = stock::start(tools, step)?;
    let not_built = publish::build_all(tools, step, Fresh::ForChecks)?;

    let links = check_links(&tools::html_out(), &site_url, &not_built);
    step.run("the rendered book's links and anchors", links)?;
    step.check("the charts of the built book match their records", || {
        let problems = charts::problems(tools::root(), &tools::html_out());
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    })?;
    // Read once, for the served check and the browser plan.
    let ours = Site::read(&tools::html_out())?;
    check_served(tools, step, &ours)?;
    step.finish(stock)?;
    if !not_built.iter().any(|f| f == PDF) {
        pdf::check(step)?;
    }
    epub::check(step)?;
    browser::check(tools, step, &site_url, &ours)
}

/// `check-links` over the built book in `dir`, served at `site_url`, with
/// the files this machine could not make named.
fn check_links(dir: &Path, site_url: &str, not_built: &[String]) -> std::process::Command {
    let mut links = cargo([
        "run",
        "--quiet",
        "--locked",
        "-p",
        "book-tests",
        "--bin",
        "check-links",
        "--",
    ]);
    links
        .arg(dir)
        .arg(site_url)
        .env(book_model::Setting::NotBuilt.name(), not_built.join(","));
    links
}

/// The links of the book as `cargo xtask serve` shows it: built by mdBook
/// as `serve` runs it, with the downloads `serve` puts beside it. Reused
/// while the pages' frames (their text apart from code, see [`crate::pages::frame`]), the
/// other files of the built book and the made downloads are the same: no
/// link is written inside a code block, and the link check of `book/`,
/// which always runs, looks at every page's text.
fn check_served(tools: &Tools, step: &mut Step, built: &Site) -> Result<(), String> {
    let name = "the links of the book as `cargo xtask serve` shows it";
    let mut fp = xtask_fingerprint(name)?;
    for (page, frame) in built.frames() {
        fp.add(page, frame);
    }
    built.add_assets(&mut fp);
    for download in downloads::all() {
        fp.add(
            &download,
            downloads::dir().join(&download).exists().to_string(),
        );
    }
    if pass_record().passed(&fp) {
        step.say(&format!(
            "\n==> {name}\n    reused: the book and its downloads are those that passed"
        ));
        return Ok(());
    }
    let out = tools::target().join("served-book");
    let _ = fs::remove_dir_all(&out);
    let mut build = mdbook::as_served(tools)?;
    build
        .arg("build")
        .arg("-d")
        .arg(&out)
        .stdout(std::process::Stdio::null());
    step.run("mdbook build as `cargo xtask serve` runs it", build)?;
    let not_built = downloads::place(&out)?;
    step.run(name, check_links(&out, "/", &not_built))?;
    pass_record().record(&fp);
    Ok(())
}
