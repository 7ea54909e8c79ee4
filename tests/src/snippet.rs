//! How the `snippets` test runs each block through skeptic.
//!
//! `build.rs` rewrites every test skeptic generates to call one of the three
//! functions below instead of `skeptic::rt::run_test` / `compile_test`.
//! They add three things skeptic lacks:
//!
//! * **Edition 2024.** skeptic 0.14.2 passes `--edition=2021` at most. Before
//!   the first snippet, `use_edition_2024` points skeptic's `RUSTC` at the
//!   `rustc-edition-2024` program of this package, which turns that flag into
//!   `--edition=2024` and runs the real compiler (see CONTRIBUTING.md).
//! * **A time limit.** A snippet that has not compiled and run within
//!   [`LIMIT`] fails, naming its chapter and line, instead of hanging the run.
//! * **Honest `should_panic`.** skeptic counts a compile error as the
//!   expected panic; here the snippet must compile first.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Once, mpsc};
use std::thread;
use std::time::Duration;

/// How long one snippet may take to compile and run, waiting for a free
/// compiler slot included.
pub const LIMIT: Duration = Duration::from_secs(20);

static EDITION: Once = Once::new();

/// Makes skeptic compile snippets as edition 2024 (see the module docs).
#[allow(unsafe_code)]
pub fn use_edition_2024(shim: &str) {
    EDITION.call_once(|| {
        let real = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        // SAFETY: `set_var` is unsound only while another thread reads the
        // environment outside Rust's own lock (from C code). The threads of
        // this test binary run only the Rust code of the snippet tests, and
        // every one of them calls this function, and waits on this `Once`,
        // before it starts a compiler.
        unsafe {
            std::env::set_var("BOOK_TESTS_REAL_RUSTC", real);
            std::env::set_var("RUSTC", shim);
        }
    });
}

/// What a failing snippet reports, on top of skeptic's own output.
fn describe(payload: Box<dyn Any + Send>) -> String {
    if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else {
        "a panic without a message".to_string()
    }
}

/// Runs `work` on its own thread and waits at most [`LIMIT`] for it.
/// Output printed there still goes to this test's captured output.
fn within_limit(
    chapter: &str,
    line: usize,
    work: impl FnOnce() + Send + 'static,
) -> Result<(), String> {
    let (done, finished) = mpsc::channel();
    thread::spawn(move || {
        let outcome = panic::catch_unwind(AssertUnwindSafe(work)).map_err(describe);
        let _ = done.send(outcome);
    });
    match finished.recv_timeout(LIMIT) {
        Ok(outcome) => outcome,
        Err(_) => Err(format!(
            "the block at {chapter}:{line} did not compile and finish within {} s \
             (a deadlock, or a wait that never ends?); its process is left running",
            LIMIT.as_secs()
        )),
    }
}

fn fail(chapter: &str, line: usize, what: &str, why: String) -> ! {
    panic!("the block at {chapter}:{line} {what}: {why}");
}

/// Compiles and runs a snippet; it must exit successfully.
pub fn run(
    shim: &str,
    chapter: &str,
    line: usize,
    root: &str,
    out: &str,
    triple: &str,
    text: &str,
) {
    use_edition_2024(shim);
    let (root, out, triple, text) = owned(root, out, triple, text);
    if let Err(why) = within_limit(chapter, line, move || {
        skeptic::rt::run_test(&root, &out, &triple, &text)
    }) {
        fail(
            chapter,
            line,
            "failed (see the compiler or program output above)",
            why,
        );
    }
}

/// Compiles a snippet without running it (`no_run`).
pub fn compile(
    shim: &str,
    chapter: &str,
    line: usize,
    root: &str,
    out: &str,
    triple: &str,
    text: &str,
) {
    use_edition_2024(shim);
    let (root, out, triple, text) = owned(root, out, triple, text);
    if let Err(why) = within_limit(chapter, line, move || {
        skeptic::rt::compile_test(&root, &out, &triple, &text)
    }) {
        fail(chapter, line, "does not compile", why);
    }
}

/// Compiles a snippet, which must succeed, then runs it, which must fail.
pub fn run_should_panic(
    shim: &str,
    chapter: &str,
    line: usize,
    root: &str,
    out: &str,
    triple: &str,
    text: &str,
) {
    use_edition_2024(shim);
    let (root, out, triple, text) = owned(root, out, triple, text);
    let (root2, out2, triple2, text2) = (root.clone(), out.clone(), triple.clone(), text.clone());
    if let Err(why) = within_limit(chapter, line, move || {
        skeptic::rt::compile_test(&root2, &out2, &triple2, &text2)
    }) {
        fail(
            chapter,
            line,
            "is marked should_panic but does not compile",
            why,
        );
    }
    if within_limit(chapter, line, move || {
        skeptic::rt::run_test(&root, &out, &triple, &text)
    })
    .is_ok()
    {
        panic!("the block at {chapter}:{line} is marked should_panic but ran to a successful exit");
    }
}

fn owned(root: &str, out: &str, triple: &str, text: &str) -> (String, String, String, String) {
    (root.into(), out.into(), triple.into(), text.into())
}
