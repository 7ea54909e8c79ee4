//! The PDF: printed by Chromium from the print page (`tests/web/print-pdf.mjs`),
//! and checked page by page with `pdftotext`.

use crate::downloads::{self, Fresh, PDF, publication_fingerprint};
use crate::mdbook::site_url;
use crate::step::{Step, pass_record, xtask_fingerprint};
use crate::tools::{self, Missing, Tools};

/// Prints the PDF into `book/` (see [`downloads::publish`]). Returns whether there is
/// a PDF: without Chromium there is none, with a warning (an error on CI).
pub fn print(tools: &Tools, step: &mut Step, fresh: Fresh) -> Result<bool, String> {
    let name = "the PDF (Chromium prints the print page)";
    let out = downloads::dir().join(PDF);
    let print = tools.browser_script(
        "tests/web/print-pdf.mjs",
        &["book".as_ref(), site_url()?.as_ref(), out.as_os_str()],
    );
    let Ok(print) = print else {
        step.run_optional(name, print)?;
        return Ok(false);
    };
    let fp = publication_fingerprint("pdf", fresh)?;
    downloads::publish(step, name, PDF, &fp, |step, _| step.run(name, print))?;
    Ok(true)
}

/// `pdftotext` over the PDF that `cargo xtask build` printed, and a check
/// of every page: it holds body text (not only a caption or a page number),
/// and it does not end with a caption whose code went to the next page.
pub fn check(step: &mut Step) -> Result<(), String> {
    let name = "the PDF: every page has text, no caption at a page's foot";
    let found = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    if !found {
        let missing =
            Missing("pdftotext is missing (Debian: apt-get install poppler-utils)".into());
        return step.run_optional(name, Err(missing));
    }
    let pdf = tools::html_out().join(PDF);
    let mut fp = xtask_fingerprint(name)?;
    fp.add_file(&pdf);
    if pass_record().passed(&fp) {
        step.say(&format!(
            "\n==> {name}\n    reused: the PDF is the one that passed"
        ));
        return Ok(());
    }
    step.check(name, || {
        let out = tools::command("pdftotext")
            .arg("-layout")
            .arg(&pdf)
            .arg("-")
            .output()
            .map_err(|e| format!("pdftotext: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "pdftotext {}: {}",
                pdf.display(),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let text = String::from_utf8_lossy(&out.stdout);
        let problems = pdf_page_problems(&text);
        if problems.is_empty() {
            let pages = text.split('\x0c').filter(|p| !p.trim().is_empty()).count();
            println!("{pages} pages, each with body text, none ending with a caption");
            pass_record().record(&fp);
            Ok(())
        } else {
            Err(format!("{}:\n  {}", pdf.display(), problems.join("\n  ")))
        }
    })
}

/// What is wrong with the pages of `pdftotext -layout` output (pages are
/// separated by form feeds).
fn pdf_page_problems(text: &str) -> Vec<String> {
    // The preprocessor's captions, by the labels it writes.
    let caption = book_model::caption::is_caption;
    let mut problems = Vec::new();
    let pages: Vec<&str> = text.split('\x0c').collect();
    for (number, page) in pages.iter().enumerate() {
        let body: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            // The footer: "12 / 118".
            .filter(|l| {
                !l.split(" / ")
                    .all(|n| n.chars().all(|c| c.is_ascii_digit()))
            })
            .collect();
        if body.is_empty() {
            // pdftotext ends its output with a form feed: the last "page" is empty.
            if number + 1 < pages.len() {
                problems.push(format!("page {}: no text", number + 1));
            }
            continue;
        }
        if body.len() <= 2 && body.iter().any(|l| caption(l)) {
            problems.push(format!(
                "page {}: nothing but a caption ({})",
                number + 1,
                body[0]
            ));
        } else if body.last().is_some_and(|l| caption(l)) {
            problems.push(format!(
                "page {}: ends with a caption whose code is on the next page ({})",
                number + 1,
                body[body.len() - 1]
            ));
        }
    }
    problems
}

#[cfg(test)]
mod pdf_tests {
    use super::pdf_page_problems;

    #[test]
    fn pages_with_only_a_caption_or_ending_with_one_are_found() {
        let good =
            "Text\nListing 2.1 listings/examples/x.rs\ncode\n  1 / 3\n\x0cMore text\n2 / 3\n\x0c";
        assert!(pdf_page_problems(good).is_empty());
        // The messages a contributor reads, word for word.
        let lonely = "Listing 4.1 listings/examples/x.rs\n 2 / 3\n\x0c";
        assert_eq!(
            pdf_page_problems(lonely),
            ["page 1: nothing but a caption (Listing 4.1 listings/examples/x.rs)"]
        );
        let foot = "Some text\nmore\nOutput\n 3 / 3\n\x0cnext\n\x0c";
        assert_eq!(
            pdf_page_problems(foot),
            ["page 1: ends with a caption whose code is on the next page (Output)"]
        );
        assert_eq!(
            pdf_page_problems("\x0c\x0c"),
            ["page 1: no text", "page 2: no text"]
        );
    }
}
