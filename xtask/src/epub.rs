//! The EPUB: built by the pinned mdbook-epub beside the HTML book, and
//! checked with EPUBCheck.

use std::path::Path;

use crate::downloads::{self, EPUB, Fresh, publication_fingerprint};
use crate::mdbook;
use crate::step::Step;
use crate::tools::{self, Missing, Tools};

/// Builds the EPUB with the pinned mdbook-epub into `book/` (see
/// [`downloads::publish`]): mdBook runs the EPUB renderer beside the HTML one, with our
/// preprocessor giving it plain captions and the measured figures (see
/// crates/mdbook-listings).
pub fn build(tools: &Tools, step: &mut Step, fresh: Fresh) -> Result<(), String> {
    let renderer = tools.mdbook_epub()?;
    let mut fp = publication_fingerprint("epub", fresh)?;
    fp.add("renderer", tools::version_of(&renderer));
    let name = "the EPUB (mdbook-epub)";
    downloads::publish(step, name, EPUB, &fp, |step, kept| {
        let out = tools::target().join("epub-book");
        let _ = std::fs::remove_dir_all(&out);
        let epub = serde_json::json!({ "command": renderer, "epub-version": 3 });
        let mut build = mdbook::with_preprocessor(tools)?;
        build
            .arg("build")
            .arg("-d")
            .arg(&out)
            .env("MDBOOK_OUTPUT__EPUB", epub.to_string())
            .env(
                "MDBOOK_PREPROCESSOR__LISTINGS__RENDERERS",
                r#"["html","epub"]"#,
            )
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        step.run(name, build)?;
        let made = std::fs::read_dir(out.join("epub"))
            .map_err(|e| format!("{}: {e}", out.display()))?
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "epub"))
            .ok_or("mdbook-epub wrote no .epub file")?;
        std::fs::copy(&made, kept).map_err(|e| format!("{}: {e}", kept.display()))?;
        Ok(())
    })
}

/// EPUBCheck, the reference validator of the EPUB format (Debian's
/// `epubcheck` package), over the EPUB: no error and no fatal error.
/// Reused while the EPUB is the same file.
pub fn check(step: &mut Step) -> Result<(), String> {
    let name = "the EPUB: EPUBCheck finds no error";
    let jar = Path::new("/usr/share/java/epubcheck.jar");
    // Found on PATH, not started: `java -version` starts a whole JVM, most
    // of a second that every warm run of the test command paid.
    let java = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("java").is_file()));
    if !jar.exists() || !java {
        let missing = Missing("EPUBCheck is missing (Debian: apt-get install epubcheck)".into());
        return step.run_optional(name, Err(missing));
    }
    let epub = tools::html_out().join(EPUB);
    let mut check = tools::command("java");
    check.arg("-jar").arg(jar).arg(&epub).arg("--quiet");
    let inputs = ["book/rust-concurrency-patterns.epub"];
    step.run_cached(name, &inputs, Ok(check))
}
