//! The grader: loom runs each test below once for every order in which its
//! threads can run, on the latch built with loom's types (`src/sync.rs`).
//! Run it with
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p latch --release --test loom
//! ```
//!
//! Without `--cfg loom`, this file is empty.
#![cfg(loom)]

use std::cell::RefCell;
use std::io::{self, Write};
use std::panic;
use std::process;
use std::sync::Once;

use latch::Latch;
use loom::sync::Arc;
use loom::thread;

/// The sections of the book that a failure sends the reader back to.
const NOTIFY_ALL: &str = "https://rust-concurrency-patterns.github.io/book/ch08-waiting-and-waking.html#a-bounded-queue-from-a-mutex-and-two-condvars";
const ONE_GUARD: &str = "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#keeping-the-check-and-the-act-under-one-guard";

/// What a failing test says, kept for the panic hook (see [`every_order`]).
struct Lesson {
    checks: String,
    if_stuck: String,
    otherwise: String,
}

thread_local! {
    /// The lesson of the model this thread is exploring, if any.
    static LESSON: RefCell<Option<Lesson>> = const { RefCell::new(None) };
}

/// Runs `model` under loom, once for every order of its threads. If an
/// order fails, the grader prints what the test checks, what to revisit
/// (`if_stuck` when loom found threads blocked for good, `otherwise` when a
/// thread panicked, an assertion say, but on a `todo!`) and loom's report,
/// and exits.
///
/// It exits from the panic hook, before anything unwinds: after a failed
/// order, loom drops the threads it was running, and a `Mutex` guard or an
/// `Arc` that one of them held panics again as it drops, which would abort
/// the program with a backtrace instead of this message.
fn every_order(
    checks: &str,
    if_stuck: &str,
    otherwise: &str,
    model: impl Fn() + Send + Sync + 'static,
) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let Some(lesson) = LESSON.with(|l| l.borrow_mut().take()) else {
                return default(info);
            };
            let report = info.payload_as_str().unwrap_or("(not text)");
            let revisit = if report.starts_with("deadlock") {
                &lesson.if_stuck
            } else if report.starts_with("not yet implemented") {
                "the starter's todo!() still runs: write that part first."
            } else {
                &lesson.otherwise
            };
            // Straight to the terminal: the test harness would keep what
            // `eprintln!` prints, and lose it when the program exits.
            let _ = write!(
                io::stderr(),
                "\ngrader: the latch fails in some order of the threads.\n\
                 The test: {}.\n\
                 Revisit: {revisit}\n\
                 loom's report: {report}\n\n",
                lesson.checks
            );
            process::exit(101);
        }));
    });
    LESSON.with(|l| {
        *l.borrow_mut() = Some(Lesson {
            checks: checks.to_string(),
            if_stuck: if_stuck.to_string(),
            otherwise: otherwise.to_string(),
        })
    });
    loom::model(model);
    LESSON.with(|l| l.borrow_mut().take());
}

/// A thread that waits on `latch`, and checks that it is open once `wait`
/// returns.
fn waiter(latch: &Arc<Latch>) -> thread::JoinHandle<()> {
    let latch = Arc::clone(latch);
    thread::spawn(move || {
        latch.wait();
        assert_eq!(
            latch.count(),
            0,
            "wait returned while the count was not zero"
        );
    })
}

#[test]
fn both_waiters_are_released() {
    every_order(
        "two threads wait, one count_down opens the latch,\nand both must return from wait",
        &format!(
            "a waiting thread was never woken. When the latch opens,\nevery waiting \
             thread must go, and notify_one wakes only one:\n{NOTIFY_ALL}"
        ),
        &format!("wait must not return before the count is zero:\n{NOTIFY_ALL}"),
        || {
            let latch = Arc::new(Latch::new(1));
            let waiters = [waiter(&latch), waiter(&latch)];
            latch.count_down();
            for waiter in waiters {
                waiter.join().unwrap();
            }
        },
    );
}

#[test]
fn count_downs_from_two_threads_open_the_latch() {
    every_order(
        "two threads count down a latch of count 2,\nwhile a third waits on it",
        &format!(
            "a waiting thread was never woken. wait must check the count\nunder the lock \
             before it blocks: a notification sent before\na thread waits is lost:\n{NOTIFY_ALL}"
        ),
        &format!(
            "each count_down must read and change the count under one guard,\nor two of \
             them can take one from the same count:\n{ONE_GUARD}"
        ),
        || {
            let latch = Arc::new(Latch::new(2));
            let counters = [0, 1].map(|_| {
                let latch = Arc::clone(&latch);
                thread::spawn(move || latch.count_down())
            });
            latch.wait();
            assert_eq!(
                latch.count(),
                0,
                "wait returned while the count was not zero"
            );
            for counter in counters {
                counter.join().unwrap();
            }
        },
    );
}
