//! The grader: loom runs each case below as often as it needs to explore
//! the orders of its threads that can change the outcome (of orders that
//! differ only in ways that cannot change the outcome, it runs one), on
//! the latch built with loom's
//! types (`src/sync.rs`). Run it with
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p latch --release --test loom
//! ```
//!
//! loom varies the order in which threads run, not every choice that the
//! standard library may make: under loom, `Condvar::wait` returns only
//! when the thread is woken, by a notification or an `unpark` (no spurious
//! wakeups; `src/sync.rs` gives the latch no `unpark`), and `notify_one` wakes the
//! thread that has waited longest; nor can loom model every reordering
//! that relaxed atomics allow. A mistake that shows only through one of
//! those choices passes the grader: a `wait` in an `if` instead of a loop
//! is one (`missed/if-around-wait.rs`).
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

/// What the grader checks, as its first line names it.
const SUBJECT: &str = "the latch";

/// The sections of the book that a failure sends the reader back to.
const NOTIFY_ALL: &str = "https://rust-concurrency-patterns.github.io/book/ch08-waiting-and-waking.html#a-bounded-queue-from-a-mutex-and-two-condvars";
const LOOP: &str = "https://rust-concurrency-patterns.github.io/book/ch08-waiting-and-waking.html#why-wait-sits-in-a-loop-and-wait_while";
const ONE_GUARD: &str = "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#keeping-the-check-and-the-act-under-one-guard";

/// The message of the grader's own assertion after `wait`.
const EARLY: &str = "wait returned while the count was not zero";

/// What a failing case says, kept for the panic hook (see [`explore`]).
struct Lesson {
    /// What the case checks.
    checks: &'static str,
    /// What to revisit when loom finds threads blocked for good.
    if_stuck: String,
    /// What to revisit when a thread panics with a message that contains
    /// the first text: the grader's own assertions.
    if_panics: Vec<(&'static str, String)>,
}

thread_local! {
    /// The lesson of the case this thread is exploring, if any.
    static LESSON: RefCell<Option<Lesson>> = const { RefCell::new(None) };
}

/// Explores `model` under loom. If it fails in some order, the grader
/// prints what the case checks, what to revisit, and loom's report, and
/// exits. What to revisit: `if_stuck` when loom found threads blocked for
/// good; for a panic, the text of `if_panics` whose message it contains;
/// for a `todo!`, or any other panic, a line that says only what loom
/// knows. A deadlock or a panic can have other causes than the ones a
/// lesson names: the lessons say "for example" where a case cannot tell
/// them apart.
///
/// It exits from the panic hook, before anything unwinds: after a failed
/// order, loom drops the threads it was running, and a `Mutex` guard or an
/// `Arc` that one of them held panics again as it drops, which would abort
/// the program with a backtrace instead of this message.
fn explore(lesson: Lesson, model: impl Fn() + Send + Sync + 'static) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let Some(lesson) = LESSON.with(|l| l.borrow_mut().take()) else {
                return default(info);
            };
            let report = info.payload_as_str().unwrap_or("(not text)");
            let revisit = if report.starts_with("deadlock") {
                lesson.if_stuck.as_str()
            } else if report.starts_with("not yet implemented") {
                "the starter's todo!() still runs: write that part first."
            } else if let Some((_, text)) =
                lesson.if_panics.iter().find(|(m, _)| report.contains(m))
            {
                text.as_str()
            } else {
                "a thread panicked, with the message of loom's report below."
            };
            // Straight to the terminal: the test harness would keep what
            // `eprintln!` prints, and lose it when the program exits.
            let _ = write!(
                io::stderr(),
                "\ngrader: {SUBJECT} fails in some order of the threads.\n\
                 The test: {}.\n\
                 Revisit: {revisit}\n\
                 loom's report: {report}\n\n",
                lesson.checks
            );
            process::exit(101);
        }));
    });
    LESSON.with(|l| *l.borrow_mut() = Some(lesson));
    loom::model(model);
    LESSON.with(|l| l.borrow_mut().take());
}

/// The cases, one after another in this order, in one test. The first
/// case that fails ends the program (see [`explore`]), so the grader
/// prints the message of the first failing case. As two tests, which
/// `cargo test` runs on two threads at once, a latch that fails both
/// would print one message or the other, whichever failed first.
#[test]
fn latch_under_loom() {
    both_waiters_are_released();
    count_downs_from_two_threads_open_the_latch();
}

/// A thread that waits on `latch`, and checks that it is open once `wait`
/// returns.
fn waiter(latch: &Arc<Latch>) -> thread::JoinHandle<()> {
    let latch = Arc::clone(latch);
    thread::spawn(move || {
        latch.wait();
        assert_eq!(latch.count(), 0, "{EARLY}");
    })
}

fn both_waiters_are_released() {
    let lesson = Lesson {
        checks: "two threads wait, one count_down opens the latch,\nand both must return from wait",
        if_stuck: format!(
            "a waiting thread was never woken. For example, count_down\nwoke one \
             waiter with notify_one, where every waiter must go;\nor wait checked \
             the count before it took the lock it waits\nwith, and missed the \
             notification:\n{NOTIFY_ALL}"
        ),
        if_panics: vec![(
            EARLY,
            format!(
                "wait returned before the count reached zero:\nit must block while \
                 the count is above zero:\n{NOTIFY_ALL}"
            ),
        )],
    };
    explore(lesson, || {
        let latch = Arc::new(Latch::new(1));
        let waiters = [waiter(&latch), waiter(&latch)];
        latch.count_down();
        for waiter in waiters {
            waiter.join().unwrap();
        }
    });
}

fn count_downs_from_two_threads_open_the_latch() {
    let lesson = Lesson {
        checks: "two threads count down a latch of count 2,\nwhile a third waits on it",
        if_stuck: format!(
            "the waiting thread was never woken. For example, the two\n\
             count_downs read the same count and both stored one less,\nso the \
             count never reached zero: read and change it under\none guard:\n\
             {ONE_GUARD}\nOr wait checked the count before it took the lock it \
             waits\nwith, and missed the notification:\n{NOTIFY_ALL}"
        ),
        if_panics: vec![(
            EARLY,
            format!(
                "wait returned while the count was not zero. For example,\nwait \
                 checked the count once, with an if, and a count_down\nthat notified \
                 before zero woke it: check the count again\neach time wait returns, \
                 in a loop:\n{LOOP}"
            ),
        )],
    };
    explore(lesson, || {
        let latch = Arc::new(Latch::new(2));
        let counters = [0, 1].map(|_| {
            let latch = Arc::clone(&latch);
            thread::spawn(move || latch.count_down())
        });
        latch.wait();
        assert_eq!(latch.count(), 0, "{EARLY}");
        for counter in counters {
            counter.join().unwrap();
        }
    });
}
