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
/// and it does not end with a caption whose code went to the next page; and
/// every "Be the scheduler" figure of the print page is printed as its static
/// list of outputs, without its interactive part.
pub fn check(step: &mut Step) -> Result<(), String> {
    let name = "the PDF: every page has text, no caption at a page's foot, every schedule's list";
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
    let print_page = tools::html_out().join("print.html");
    let mut fp = xtask_fingerprint(name)?;
    fp.add_file(&pdf).add_file(&print_page);
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
        let html = std::fs::read_to_string(&print_page)
            .map_err(|e| format!("{}: {e}", print_page.display()))?;
        let lists = schedule_lists(&html);
        let mut problems = pdf_page_problems(&text);
        problems.extend(schedule_problems(&text, &lists));
        if problems.is_empty() {
            let pages = text.split('\x0c').filter(|p| !p.trim().is_empty()).count();
            let outputs: usize = lists.iter().map(|(_, outputs)| outputs.len()).sum();
            println!("{pages} pages, each with body text, none ending with a caption");
            println!(
                "{} \"Be the scheduler\" figures printed as their lists ({outputs} outputs), without their interactive part",
                lists.len()
            );
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

/// The "Be the scheduler" figures of the print page, in order: each one's id
/// and the outputs of its static list (the text of each item's
/// `<pre class="schedule-printed"><code>`), unescaped. A long list is in a
/// `<details>`, which `tests/web/print-pdf.mjs` opens before printing.
fn schedule_lists(html: &str) -> Vec<(String, Vec<String>)> {
    let mut lists = Vec::new();
    for figure in html
        .split("<figure class=\"figure figure-schedule\"")
        .skip(1)
    {
        let figure = figure.split("</figure>").next().unwrap_or_default();
        let id = figure
            .split("id=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or("(no id)");
        let outputs = figure
            .split("<pre class=\"schedule-printed\">")
            .skip(1)
            .map(|pre| {
                let code = pre.split("</code>").next().unwrap_or_default();
                let code = code.split_once('>').map_or(code, |(_, text)| text);
                // An empty line is written as an empty <span>.
                code.replace("<span></span>", "")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&")
            })
            .collect();
        lists.push((id.to_string(), outputs));
    }
    lists
}

/// What is wrong with the schedule figures in the PDF's text: each figure's
/// list must be printed, in order, every line of every output, each output
/// followed by its "One schedule: …" line (which tells the list from the
/// loom model's output, which shows the same outputs), a few lines apart at
/// most (a wrapped schedule, a page break); and no figure's interactive part
/// ("Schedule so far:") may be printed.
fn schedule_problems(text: &str, lists: &[(String, Vec<String>)]) -> Vec<String> {
    const SCHEDULE: &str = "One schedule:";
    let squeeze = |line: &str| line.split_whitespace().collect::<Vec<_>>().join(" ");
    let lines: Vec<String> = text
        .lines()
        .map(squeeze)
        .filter(|l| !l.is_empty())
        .collect();
    let mut problems = Vec::new();
    if lines.iter().any(|l| l.contains("Schedule so far:")) {
        problems.push(
            "a schedule figure's interactive part is printed (\"Schedule so far:\"): theme/listings.css hides .schedule in print"
                .to_string(),
        );
    }
    // Where the previous figure's list ended: the next one comes after it.
    let mut from = 0;
    for (id, outputs) in lists {
        let wanted: Vec<String> = outputs
            .iter()
            .flat_map(|o| {
                let mut lines: Vec<String> =
                    o.lines().map(squeeze).filter(|l| !l.is_empty()).collect();
                lines.push(SCHEDULE.to_string());
                lines
            })
            .collect();
        // A printed line is the one wanted, perhaps after the item's number
        // ("1. "), or begins the schedule line.
        let fits = |printed: &str, line: &str| {
            let unnumbered = printed
                .split_once(". ")
                .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
                .map_or(printed, |(_, rest)| rest);
            printed == line
                || unnumbered == line
                || (line == SCHEDULE && unnumbered.starts_with(SCHEDULE))
        };
        if outputs.is_empty() {
            problems.push(format!(
                "schedule figure #{id}: its list in print.html shows no output"
            ));
            continue;
        }
        let found = (from..lines.len()).find_map(|start| {
            let mut at = start;
            if !fits(&lines[at], &wanted[0]) {
                return None;
            }
            for line in &wanted[1..] {
                at = (at + 1..lines.len().min(at + 8)).find(|&i| fits(&lines[i], line))?;
            }
            Some(at + 1)
        });
        match found {
            Some(end) => from = end,
            None => problems.push(format!(
                "schedule figure #{id}: its list of {} outputs is not printed (theme/listings.css, @media print)",
                outputs.len()
            )),
        }
    }
    problems
}

#[cfg(test)]
mod pdf_tests {
    use super::{pdf_page_problems, schedule_lists, schedule_problems};

    #[test]
    fn a_schedule_list_must_be_printed_and_its_interactive_part_not() {
        let html = "<figure class=\"figure figure-schedule\" id=\"schedule-m\"><div class=\"schedule\"></div>\
            <ol class=\"schedule-list\"><li><pre class=\"schedule-printed\"><code>a &lt;1&gt;\nb\n</code></pre>\
            <p class=\"schedule-order\">One schedule: x, y.</p></li>\
            <li><pre class=\"schedule-printed\"><code>b\na &lt;1&gt;\n</code></pre></li></ol></figure>";
        let lists = schedule_lists(html);
        assert_eq!(
            lists,
            [(
                "schedule-m".to_string(),
                vec!["a <1>\nb\n".to_string(), "b\na <1>\n".to_string()]
            )]
        );
        let printed = "Be the scheduler\n 1. a  <1>\n b\nOne schedule: x,\ny.\n 3 / 9\n\x0c2. b\na <1>\nOne schedule: y, x.\n";
        assert!(schedule_problems(printed, &lists).is_empty());
        // The same outputs without their schedules: another figure, not the list.
        let missing = "Be the scheduler\na <1>\nb\n\nb\na <1>\nOne schedule: y, x.\n";
        assert_eq!(
            schedule_problems(missing, &lists),
            [
                "schedule figure #schedule-m: its list of 2 outputs is not printed (theme/listings.css, @media print)"
            ]
        );
        let interactive = format!("{printed}Schedule so far: x.\n");
        assert_eq!(schedule_problems(&interactive, &lists).len(), 1);
    }

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
