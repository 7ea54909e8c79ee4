//! Publishing: the tasks `build` (what GitHub Pages publishes) and `serve`,
//! over [`build_all`]: the HTML book, then the PDF (`pdf.rs`), the EPUB
//! (`epub.rs`) and the two workspaces readers download, placed beside it
//! (`downloads.rs`).

use book_model::Fingerprint;

use crate::downloads::{self, Fresh, PDF};
use crate::step::{Step, xtask_fingerprint};
use crate::tools::{self, Tools};
use crate::{epub, mdbook, pdf};

pub fn build(_args: &[String]) -> Result<(), String> {
    build_all(&Tools::find()?, &mut Step::quiet(), Fresh::Exactly).map(|_| ())
}

pub fn serve(args: &[String]) -> Result<(), String> {
    let tools = Tools::find()?;
    // The Introduction links the PDF, the EPUB and the two downloads: made
    // here as the test command makes them (reused when their inputs are
    // unchanged), so that no link of the served book is dead.
    let not_built = build_all(&tools, &mut Step::new(), Fresh::ForChecks)?;
    let mut serve = mdbook::as_served(&tools)?;
    serve.arg("serve").args(args);
    ends_with_this_process(&mut serve);
    let shown = format!("mdbook serve {}", args.join(" "));
    let mut child = serve
        .spawn()
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if !not_built.is_empty() {
        println!(
            "warning: not made on this machine, so their links are dead: {}",
            not_built.join(", ")
        );
    }
    // mdBook empties book/ on every rebuild: put the downloads back. (A
    // copy may race with the emptying; the next turn puts it back.)
    let html_out = tools::html_out();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return if status.success() {
                Ok(())
            } else {
                Err(format!("`{shown}` failed ({status})"))
            };
        }
        if html_out.join("index.html").exists() {
            let _ = downloads::place(&html_out);
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
}

/// Makes `command`'s process end when this one does, however this one ends:
/// killed alone (not by Ctrl-C, which reaches both), it would otherwise
/// leave `mdbook serve` holding its port.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn ends_with_this_process(command: &mut std::process::Command) {
    use std::os::unix::process::CommandExt;
    let parent = std::process::id();
    // SAFETY: the closure runs in the child between fork and exec, where
    // only async-signal-safe functions may be called: prctl, getppid and
    // _exit are. It allocates nothing and takes no lock.
    unsafe {
        command.pre_exec(move || {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
            // Already gone before the prctl took effect: end now.
            if libc::getppid() as u32 != parent {
                libc::_exit(1);
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn ends_with_this_process(_command: &mut std::process::Command) {}

/// Everything that is published: the HTML book in `book/`, the PDF, and beside it
/// the workspaces readers download: the exercises' starters and every
/// listing (`book/rust-concurrency-exercises.tar.gz`,
/// `book/rust-concurrency-listings.tar.gz`).
/// Returns the files it could not build on this machine (the PDF, without
/// Chromium), after warning about them; on CI that is an error instead.
pub fn build_all(tools: &Tools, step: &mut Step, fresh: Fresh) -> Result<Vec<String>, String> {
    step.check("build the preprocessor", mdbook::build_preprocessor)?;
    let mut build = mdbook::with_preprocessor(tools)?;
    build.arg("build");
    match fresh {
        Fresh::Exactly => step.run("mdbook build", build)?,
        Fresh::ForChecks => {
            let html_out = tools::html_out();
            step.build_unless_made("mdbook build", &html_out, &html_inputs(tools)?, build)?
        }
    }
    let mut not_built = Vec::new();
    if !pdf::print(tools, step, fresh)? {
        not_built.push(PDF.to_string());
    }
    epub::build(tools, step, fresh)?;
    let staging = downloads::dir();
    let downloads = [
        (
            "the exercises workspace for readers",
            book_model::write_reader_workspace(tools::root(), &staging)?,
        ),
        (
            "the listings workspace for readers",
            book_model::write_listings_workspace(tools::root(), &staging)?,
        ),
    ];
    for (what, dir) in downloads {
        let name = dir.file_name().expect("a named folder").to_string_lossy();
        let mut archive = tools::command("tar");
        archive
            .arg("-czf")
            .arg(staging.join(format!("{name}.tar.gz")))
            .arg("-C")
            .arg(&staging)
            .arg(name.as_ref());
        step.run(what, archive)?;
    }
    downloads::place(&tools::html_out())?;
    Ok(not_built)
}

/// What `mdbook build` makes the book from: every file of the repository
/// (more than the book reads, so that nothing it reads is missed), the
/// preprocessor and mdBook themselves, and mdBook's settings from the
/// environment.
fn html_inputs(tools: &Tools) -> Result<Fingerprint, String> {
    let mut fp = xtask_fingerprint("mdbook build")?;
    for file in tools::git_files(&[])? {
        fp.add_file(&tools::root().join(file));
    }
    for program in [mdbook::preprocessor_binary(), tools.mdbook()?] {
        fp.add_executable(&program)
            .map_err(|e| format!("{}: {e}", program.display()))?;
    }
    for (name, value) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("MDBOOK_") {
            fp.add(&name.to_string_lossy(), value.as_encoded_bytes());
        }
    }
    Ok(fp)
}
