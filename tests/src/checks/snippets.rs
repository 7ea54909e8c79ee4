//! Every `rust` block, as the reader sees it (includes expanded, hidden
//! lines kept), compiled as edition 2024 and run by skeptic through its
//! runtime API (`skeptic::rt`). `compile_fail` blocks are left to the
//! `outputs` checks, which also compare the compiler's message; `ignore`
//! blocks (the `#[test]` listings) are reported as ignored, and their files
//! are run by the `outputs` checks.

use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use libtest_mimic::Trial;

use crate::book::{Block, Book};
use crate::cache::{cache, toolchain};
use crate::checks::{CheckKind, ignored, trial};
use crate::run::limits;

/// How skeptic treats a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Mode {
    Run,
    CompileOnly,
    ShouldPanic,
}

/// A snippet: where its block is, the program skeptic compiles, how, and
/// the listings it shows; or none for an `ignore` block.
struct Snippet {
    location: String,
    program: String,
    mode: Mode,
    listings: Vec<String>,
}

/// The blocks skeptic checks: every `rust` block but the `compile_fail`
/// ones, with [`None`] for an `ignore` block.
fn snippets(book: &Book) -> impl Iterator<Item = (&Block, Option<Snippet>)> {
    book.blocks()
        .filter(|b| b.info.is_rust() && !b.info.has("compile_fail"))
        .map(|block| {
            if block.info.has("ignore") {
                return (block, None);
            }
            let mode = if block.info.has("no_run") {
                Mode::CompileOnly
            } else if block.info.has("should_panic") {
                Mode::ShouldPanic
            } else {
                Mode::Run
            };
            let listings: Vec<String> = block
                .includes
                .iter()
                .filter_map(|i| {
                    Some(
                        book_model::Listing::from_path(&i.path)?
                            .ok()?
                            .name
                            .to_string(),
                    )
                })
                .collect();
            let snippet = Snippet {
                location: block.location(),
                program: program_text(block),
                mode,
                listings,
            };
            (block, Some(snippet))
        })
}

pub fn trials(book: &Book) -> Vec<Trial> {
    snippets(book)
        .map(|(block, snippet)| match snippet {
            None => ignored(CheckKind::Snippet, block.location()),
            Some(snippet) => trial(CheckKind::Snippet, snippet.location.clone(), move || {
                check(&snippet)
            }),
        })
        .collect()
}

/// Every problem skeptic finds in `book` (a fixture book of the harness's
/// own tests), in the order of the book.
pub fn problems(book: &Book) -> Vec<String> {
    snippets(book)
        .filter_map(|(_, snippet)| check(&snippet?).err())
        .collect()
}

/// The program skeptic compiles: the block with rustdoc's hidden lines
/// (`# …`, which `{{#rustdoc_include}}` makes of the lines outside the
/// anchor) shown again.
fn program_text(block: &Block) -> String {
    let mut text = String::from("\n");
    for line in block.code.lines() {
        let trimmed = line.trim_start();
        let shown = if let Some(rest) = trimmed.strip_prefix("# ") {
            rest
        } else if trimmed == "#" {
            ""
        } else {
            line
        };
        text.push_str(shown);
        text.push('\n');
    }
    text
}

/// Why skeptic's verdict on a snippet is missing or negative.
enum Verdict {
    /// It did not compile, or the program failed (skeptic's message; the
    /// compiler's or the program's output is printed above it).
    Failed(String),
    /// It was stopped: it took too long, or a listing it shows was found to
    /// hang by its output check. The message says which.
    Stopped(String),
}

fn check(snippet: &Snippet) -> Result<(), String> {
    let Snippet {
        location,
        program,
        mode,
        listings,
    } = snippet;
    let (location, program, mode) = (location.as_str(), program.clone(), *mode);
    let mut fp = cache().fingerprint("snippet")?;
    fp.add("program", &program).add("mode", format!("{mode:?}"));
    let run = |program: String, run: bool| skeptic_run(location, program, run, listings);
    cache().reuse_or_run(&fp, || match mode {
        Mode::Run => run(program, true).map_err(|e| match e {
            Verdict::Failed(why) => {
                format!("the block at {location} failed (compiler or program output above): {why}")
            }
            Verdict::Stopped(why) => why,
        }),
        Mode::CompileOnly => run(program, false).map_err(|e| match e {
            Verdict::Failed(why) => format!("the block at {location} does not compile: {why}"),
            Verdict::Stopped(why) => why,
        }),
        Mode::ShouldPanic => {
            run(program.clone(), false).map_err(|e| match e {
                Verdict::Failed(why) => format!(
                    "the block at {location} is marked should_panic but does not compile: {why}"
                ),
                Verdict::Stopped(why) => why,
            })?;
            match run(program, true) {
                Ok(()) => Err(format!(
                    "the block at {location} is marked should_panic but ran to a successful exit"
                )),
                Err(Verdict::Failed(_)) => Ok(()),
                // A program that hangs has not panicked.
                Err(Verdict::Stopped(why)) => Err(why),
            }
        }
    })
}

/// Compiles (and with `run`, runs) a program with skeptic, on its own thread,
/// for at most [`limits::SNIPPET`], and no longer once one of `listings` (the
/// listings the block shows) is found to hang by its output check.
fn skeptic_run(
    location: &str,
    program: String,
    run: bool,
    listings: &[String],
) -> Result<(), Verdict> {
    let hung = || {
        crate::run::hung_among(listings.iter().map(String::as_str))
            .map(|why| format!("the block at {location} was {why}"))
    };
    if let Some(why) = hung() {
        return Err(Verdict::Stopped(why));
    }
    let toolchain = toolchain().map_err(Verdict::Failed)?;
    let root = crate::repo_root()
        .join("tests")
        .to_string_lossy()
        .into_owned();
    let out_dir = skeptic_out_dir()
        .map_err(Verdict::Failed)?
        .to_string_lossy()
        .into_owned();
    let triple = toolchain.host.clone();
    let (done, finished) = mpsc::channel();
    let text = program.clone();
    quiet_skeptic_panics();
    let spawned = thread::Builder::new()
        .name(SKEPTIC_THREAD.into())
        .spawn(move || {
            let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                if run {
                    skeptic::rt::run_test(&root, &out_dir, &triple, &text);
                } else {
                    skeptic::rt::compile_test(&root, &out_dir, &triple, &text);
                }
            }));
            let _ = done.send(outcome.map_err(|payload| {
                payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic without a message".into())
            }));
        });
    if let Err(e) = spawned {
        return Err(Verdict::Failed(format!(
            "cannot start skeptic's thread: {e}"
        )));
    }
    let started = Instant::now();
    loop {
        match finished.recv_timeout(Duration::from_millis(20)) {
            Ok(outcome) => return outcome.map_err(Verdict::Failed),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Verdict::Failed(
                    "skeptic's thread ended without a verdict".into(),
                ));
            }
            Err(RecvTimeoutError::Timeout) => {}
        }
        let why = if started.elapsed() > limits::SNIPPET {
            Some(format!(
                "the block at {location} did not compile and finish within {} s, and was killed \
                 (a deadlock, or a wait that never ends?)",
                limits::SNIPPET.as_secs()
            ))
        } else {
            hung()
        };
        if let Some(why) = why {
            stop_stray_snippets(&program);
            return Err(Verdict::Stopped(why));
        }
    }
}

/// The name of the threads that run skeptic (see [`quiet_skeptic_panics`]).
const SKEPTIC_THREAD: &str = "skeptic";

/// skeptic reports a snippet that fails by panicking on the thread that
/// called it (`Command failed: …`), and the harness turns that panic into
/// the check's message. Printed by the default panic hook as well, with a
/// backtrace into skeptic, it would only bury that message (every
/// `should_panic` block did, in every run): the hook stays quiet for the
/// threads that call skeptic (not skeptic's own workers, which catch their
/// panics) and prints every other panic as before.
fn quiet_skeptic_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if thread::current().name() != Some(SKEPTIC_THREAD) {
                default(info);
            }
        }));
    });
}

/// skeptic runs each snippet as a child of this process, from a folder of
/// its own (`/tmp/rust-skepticXXXX/out.exe`, beside the `test.rs` it was
/// compiled from), and does not hand out the child. After a time-out, stop
/// the child that runs `program`, so that a deadlocked snippet does not
/// outlive the run nor hold one of skeptic's workers; the other snippets
/// running meanwhile go on. (Linux: it reads `/proc`.)
fn stop_stray_snippets(program: &str) {
    let me = std::process::id().to_string();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // `pid (name) state ppid …`; the name may hold spaces, so count
        // from its closing parenthesis.
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1));
        let runs_program = std::fs::read_link(entry.path().join("exe")).is_ok_and(|exe| {
            exe.to_string_lossy().contains("rust-skeptic")
                && exe.parent().is_some_and(|dir| {
                    std::fs::read_to_string(dir.join("test.rs")).is_ok_and(|t| t == program)
                })
        });
        if parent == Some(me.as_str()) && runs_program {
            let _ = std::process::Command::new("kill")
                .args(["-KILL", &pid])
                .status();
        }
    }
}

/// skeptic finds the `target/<profile>` folder from a build script's
/// `OUT_DIR` (`target/debug/build/<package>/out`); this harness has no build
/// script, so it names such a folder beside its own executable
/// (`target/debug/deps/fast-…`).
fn skeptic_out_dir() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let profile = exe
        .parent()
        .and_then(|deps| deps.parent())
        .ok_or("the harness executable is not in target/<profile>/deps")?;
    Ok(profile
        .join("build")
        .join("book-tests-snippets")
        .join("out"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_lines_are_shown_again() {
        let block = Block {
            chapter: "src/x.md".into(),
            line: 1,
            info: book_model::InfoString::parse("rust"),
            source: String::new(),
            code: "# use std::thread;\n#\nfn main() {\n    # let x = 1;\n    #[allow(unused)]\n}\n"
                .into(),
            includes: Vec::new(),
        };
        assert_eq!(
            program_text(&block),
            "\nuse std::thread;\n\nfn main() {\nlet x = 1;\n    #[allow(unused)]\n}\n"
        );
    }
}
