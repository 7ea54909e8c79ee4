//! The checks of the rendered book: `mdbook build`, every internal link and
//! anchor (`check-links`) of the built book and of the book as `cargo xtask
//! serve` shows it, and headless Chromium over every page
//! (`tests/web/check-site.mjs`) compared with the same chapters built by
//! stock mdBook. The browser check is reused when neither book nor check
//! changed (the same rule as the harness's, see `tests/src/cache.rs`).

use std::fs;
use std::path::Path;

use book_model::{Fingerprint, files_under};

use crate::tools::{
    self, Missing, Step, Tools, cargo, pass_record, root, version_of, xtask_fingerprint,
};

pub fn check(tools: &Tools, step: &mut Step) -> Result<(), String> {
    let book_toml: toml::Table =
        toml::from_str(&read("book.toml")?).map_err(|e| format!("book.toml: {e}"))?;
    let site_url = crate::site_url()?;
    let not_built = crate::build_book(tools, step, crate::Fresh::ForChecks)?;

    let links = check_links(&root().join("book"), &site_url, &not_built);
    step.run("the rendered book's links and anchors", links)?;
    // Read once, for the served check and the browser plan.
    let ours = Site::read(&root().join("book"))?;
    check_served(tools, step, &ours)?;

    // The same chapters, built by stock mdBook: no preprocessor, no theme.
    let stock_src = tools::target().join("stock-book-src");
    let stock_out = tools::target().join("stock-book");
    let _ = fs::remove_dir_all(&stock_src);
    let _ = fs::remove_dir_all(&stock_out);
    fs::create_dir_all(&stock_src).map_err(|e| e.to_string())?;
    std::os::unix::fs::symlink(root().join("listings"), stock_src.join("listings"))
        .map_err(|e| e.to_string())?;
    // The chapters with their measured figures written in, as ours have
    // them: the comparison is about presentation, not about content.
    for file in book_model::files_under(&root().join("src")).map_err(|e| e.to_string())? {
        let relative = Path::new("src").join(&file);
        let file = root().join(&relative);
        let to = stock_src.join(&relative);
        fs::create_dir_all(to.parent().expect("a file in src/")).map_err(|e| e.to_string())?;
        if file.extension().is_some_and(|e| e == "md") {
            let text = read(&relative.to_string_lossy())?;
            let expanded = book_model::expand(root(), &text)
                .map_err(|e| format!("{}: {e}", relative.display()))?;
            fs::write(&to, expanded).map_err(|e| e.to_string())?;
        } else {
            std::os::unix::fs::symlink(&file, &to).map_err(|e| e.to_string())?;
        }
    }
    let stock_toml: toml::Table = book_toml
        .iter()
        .filter(|(key, _)| *key == "book" || *key == "rust")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    fs::write(
        stock_src.join("book.toml"),
        toml::to_string(&stock_toml).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let mut stock = tools.mdbook_command()?;
    stock
        .arg("build")
        .arg(&stock_src)
        .arg("-d")
        .arg(&stock_out)
        .stdout(std::process::Stdio::null());
    step.run(
        "stock mdBook build of the same chapters (for comparison)",
        stock,
    )?;

    let crates = listing_crates()?;
    let chromium = tools::chromium();
    if !not_built.iter().any(|f| f == crate::PDF) {
        check_pdf(step)?;
    }
    check_epub(step)?;
    let browser = match tools.browser_script("tests/web/check-site.mjs", &[]) {
        Ok(node) => node,
        Err(missing) => return step.run_optional("a real browser over every page", Err(missing)),
    };

    let plan = BrowserPlan::new(&chromium, &site_url, &crates, &ours)?;
    if plan.parts.is_empty() {
        step.say("\n==> a real browser over every page\n    reused: nothing it checks changed since it passed");
        return Ok(());
    }
    let plan_file = tools::paths().work().join("browser-plan.json");
    fs::write(&plan_file, plan.json()).map_err(|e| format!("{}: {e}", plan_file.display()))?;
    let mut browser = browser;
    browser.arg(&plan_file);
    step.run(&format!("a real browser: {}", plan.describe()), browser)?;
    for (_, fingerprint) in &plan.parts {
        pass_record().record(fingerprint);
    }
    Ok(())
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
/// while the pages' frames (their text apart from code, see [`frame`]), the
/// other files of the built book and the made downloads are the same: no
/// link is written inside a code block, and the link check of `book/`,
/// which always runs, looks at every page's text.
fn check_served(tools: &Tools, step: &mut Step, built: &Site) -> Result<(), String> {
    let name = "the links of the book as `cargo xtask serve` shows it";
    let mut fp = xtask_fingerprint(name)?;
    for (page, html) in &built.pages {
        fp.add(page, frame(html));
    }
    built.add_assets(&mut fp);
    for download in crate::downloads() {
        fp.add(
            &download,
            crate::downloads_dir().join(&download).exists().to_string(),
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
    let mut build = crate::mdbook_as_served(tools)?;
    build
        .arg("build")
        .arg("-d")
        .arg(&out)
        .stdout(std::process::Stdio::null());
    step.run("mdbook build as `cargo xtask serve` runs it", build)?;
    let not_built = crate::place_downloads(&out)?;
    step.run(name, check_links(&out, "/", &not_built))?;
    pass_record().record(&fp);
    Ok(())
}

/// The page whose figures, themes and weight are checked.
const CHAPTER: &str = "ch02-threads.html";

/// Which parts of the browser check must run: those whose inputs changed
/// since they last passed. Each part has its fingerprint (see
/// tests/src/cache.rs for the rule) and a marker file written when it passes.
struct BrowserPlan {
    site_url: String,
    crates: Vec<String>,
    /// ("page:NAME" | "search" | "themes" | "weight", fingerprint).
    parts: Vec<(String, Fingerprint)>,
}

impl BrowserPlan {
    fn new(chromium: &Path, site_url: &str, crates: &str, ours: &Site) -> Result<Self, String> {
        let stock = Site::read(&tools::target().join("stock-book"))?;
        let mut common = xtask_fingerprint("browser check")?;
        common
            .add("chromium", version_of(chromium))
            .add("node", version_of(Path::new("node")))
            .add("site-url", site_url);
        common.add("crates", crates);
        for file in ["tests/web/check-site.mjs", "tests/web/package-lock.json"] {
            common.add(
                file,
                fs::read(root().join(file)).map_err(|e| format!("{file}: {e}"))?,
            );
        }
        ours.add_assets(&mut common);
        let chapter = ours.page(CHAPTER)?;
        let mut parts = Vec::new();
        let record = pass_record();
        let mut part = |name: String, fp: &Fingerprint| {
            if !record.passed(fp) {
                parts.push((name, fp.clone()));
            }
        };
        // A page is loaded again when its frame changes, not the text of its
        // code blocks: that text can neither raise a script error nor leave
        // an include unexpanded (check-links, which always runs, looks for
        // those in every page's text).
        for (name, html) in &ours.pages {
            let mut fp = common.clone();
            fp.add("page", name).add("frame", without_code_text(html));
            part(format!("page:{name}"), &fp);
        }
        // The search check looks up a word of the prose: the index is made
        // from the pages, so their frames (their text apart from code) are
        // what it depends on.
        let mut search = common.clone();
        for (name, html) in &ours.pages {
            search.add(name, without_code_text(html));
        }
        part("search".into(), &search);
        // The theme and weight checks judge the page's frame (captions,
        // markers, diagrams, styles) and how much ours adds to stock mdBook's,
        // which the text inside code blocks does not change: editing a
        // listing changes both pages alike. So that text is left out.
        let mut themes = common.clone();
        themes.add("chapter frame", without_code_text(chapter));
        part("themes".into(), &themes);
        let mut weight = themes.clone();
        for (name, html) in &ours.pages {
            weight.add(name, without_code_text(html));
        }
        for (name, html) in &stock.pages {
            weight.add(&format!("stock {name}"), without_code_text(html));
        }
        stock.add_assets(&mut weight);
        part("weight".into(), &weight);
        Ok(BrowserPlan {
            site_url: site_url.to_string(),
            crates: crates
                .split(',')
                .filter(|c| !c.is_empty())
                .map(String::from)
                .collect(),
            parts,
        })
    }

    fn has(&self, part: &str) -> bool {
        self.parts.iter().any(|(name, _)| name == part)
    }

    fn pages(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter_map(|(name, _)| name.strip_prefix("page:"))
            .collect()
    }

    fn json(&self) -> String {
        serde_json::json!({
            "book": "book",
            "stock": tools::target().join("stock-book"),
            "siteUrl": self.site_url,
            "crates": self.crates,
            "chapter": CHAPTER,
            "pages": self.pages(),
            "search": self.has("search"),
            "themes": self.has("themes"),
            "weight": self.has("weight"),
        })
        .to_string()
    }

    fn describe(&self) -> String {
        let mut what = vec![format!("{} changed pages", self.pages().len())];
        what.extend(
            ["search", "themes", "weight"]
                .into_iter()
                .filter(|p| self.has(p))
                .map(String::from),
        );
        what.join(", ")
    }
}

/// A built book: its pages, and its other files.
struct Site {
    pages: Vec<(String, Vec<u8>)>,
    assets: Vec<(String, Vec<u8>)>,
}

impl Site {
    fn read(dir: &Path) -> Result<Self, String> {
        let mut site = Site {
            pages: Vec::new(),
            assets: Vec::new(),
        };
        let files = files_under(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for relative in files {
            let name = relative.to_string_lossy().into_owned();
            let file = dir.join(&relative);
            let bytes = fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            // The downloads beside the book are no part of its pages.
            let download = [".pdf", ".epub", ".tar.gz"]
                .iter()
                .any(|e| name.ends_with(e));
            if download {
                continue;
            } else if name.ends_with(".html") && !name.contains('/') {
                site.pages.push((name, without_index_hash(bytes)));
            } else if name.starts_with("searchindex") {
                // Made from the pages, whose frames the search check takes in.
            } else if name.ends_with(".js") {
                site.assets.push((name, without_index_hash(bytes)));
            } else {
                site.assets.push((name, bytes));
            }
        }
        Ok(site)
    }

    fn page(&self, name: &str) -> Result<&[u8], String> {
        self.pages
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, html)| html.as_slice())
            .ok_or_else(|| format!("the built book has no {name}"))
    }

    fn add_assets(&self, fp: &mut Fingerprint) {
        for (name, bytes) in &self.assets {
            fp.add(name, bytes);
        }
    }
}

fn read(file: &str) -> Result<String, String> {
    fs::read_to_string(root().join(file)).map_err(|e| format!("{file}: {e}"))
}

/// The crates the listings use, comma-separated: the Playground offers them.
fn listing_crates() -> Result<String, String> {
    let manifest: toml::Table = toml::from_str(&read("listings/Cargo.toml")?)
        .map_err(|e| format!("listings/Cargo.toml: {e}"))?;
    let deps = manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    Ok(deps.join(","))
}

/// Pages and the searcher script name the search index by a hash of its
/// contents (`searchindex-c19251d5.js`), so they all change when any text
/// does. Only the search check loads the index, and its fingerprint takes
/// the index in; the name is left out of every other fingerprint.
fn without_index_hash(html: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8_lossy(&html);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("searchindex-") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "searchindex-".len()..];
        let hash_len = after.chars().take_while(char::is_ascii_hexdigit).count();
        out.push_str("searchindex-HASH");
        rest = &after[hash_len..];
    }
    out.push_str(rest);
    out.into_bytes()
}

/// What a page looks like apart from the text of its code blocks and the
/// name of the search index: the basis of fingerprints for checks that are
/// about the page, not about its listings.
pub fn frame(html: &[u8]) -> Vec<u8> {
    without_index_hash(without_code_text(html))
}

/// A page with the text inside its `<code>` elements left out (the tags
/// stay).
fn without_code_text(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_ref();
    while let Some(start) = rest.find("<code") {
        let Some(open_end) = rest[start..].find('>') else {
            break;
        };
        out.push_str(&rest[..start + open_end + 1]);
        rest = &rest[start + open_end + 1..];
        let Some(close) = rest.find("</code>") else {
            break;
        };
        rest = &rest[close..];
    }
    out.push_str(rest);
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_text_is_left_out_but_tags_stay() {
        let html =
            b"<p>a</p><pre><code class=\"language-rust\">fn main() {}</code></pre><code>x</code>!";
        assert_eq!(
            String::from_utf8(without_code_text(html)).unwrap(),
            "<p>a</p><pre><code class=\"language-rust\"></code></pre><code></code>!"
        );
    }

    #[test]
    fn the_search_index_name_is_left_out() {
        let html = b"path_to_searchindex_js = \"searchindex-c19251d5.js\";".to_vec();
        assert_eq!(
            String::from_utf8(without_index_hash(html)).unwrap(),
            "path_to_searchindex_js = \"searchindex-HASH.js\";"
        );
    }
}

/// `pdftotext` over the PDF that `cargo xtask build` printed, and a check
/// of every page: it holds body text (not only a caption or a page number),
/// and it does not end with a caption whose code went to the next page.
fn check_pdf(step: &mut Step) -> Result<(), String> {
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
    let pdf = root().join("book").join(crate::PDF);
    let mut fp = tools::xtask_fingerprint(name)?;
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

/// EPUBCheck, the reference validator of the EPUB format (Debian's
/// `epubcheck` package), over the EPUB: no error and no fatal error.
/// Reused while the EPUB is the same file.
fn check_epub(step: &mut Step) -> Result<(), String> {
    let name = "the EPUB: EPUBCheck finds no error";
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    let java = std::process::Command::new("java")
        .arg("-version")
        .output()
        .is_ok();
    if !jar.exists() || !java {
        let missing = Missing("EPUBCheck is missing (Debian: apt-get install epubcheck)".into());
        return step.run_optional(name, Err(missing));
    }
    let epub = root().join("book").join(crate::EPUB);
    let mut check = tools::command("java");
    check.arg("-jar").arg(jar).arg(&epub).arg("--quiet");
    let inputs = ["book/rust-concurrency-patterns.epub"];
    step.run_cached(name, &inputs, Ok(check))
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
