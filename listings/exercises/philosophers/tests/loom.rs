//! The grader: loom runs each case below as often as it needs to explore
//! the orders of its threads that can change the outcome (of orders that
//! differ only in ways that cannot change the outcome, it runs one), on
//! `dine` built with loom's
//! types (`src/sync.rs`). Run it with
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p philosophers --release --test loom
//! ```
//!
//! loom varies the order in which threads run; it cannot model every
//! reordering that relaxed atomics allow (its documentation lists what it
//! does not model).
//!
//! Without `--cfg loom`, this file is empty.
#![cfg(loom)]

use std::cell::RefCell;
use std::io::{self, Write};
use std::panic;
use std::process;
use std::sync::Once;

use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use philosophers::dine;

/// What the grader checks, as its first line names it.
const SUBJECT: &str = "dine";

/// The sections of the book that a failure sends the reader back to.
const LOCK_ORDER: &str = "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#deadlocks-and-lock-ordering";
const GUARDS: &str = "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#pitfall-a-guard-released-sooner-or-later-than-it-looks";
const ONE_FORK: &str = "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#one-account-on-both-sides-of-a-transfer";

/// The messages of the grader's own assertions.
const AT_ONCE: &str = "two neighbours ate at once";
const MEALS: &str = "dine did not return one meal for each philosopher";

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
/// `cargo test` runs on two threads at once, a `dine` that fails both
/// would print one message or the other, whichever failed first.
#[test]
fn dine_under_loom() {
    two_philosophers_eat_one_at_a_time_and_never_deadlock();
    one_philosopher_has_one_fork();
}

fn two_philosophers_eat_one_at_a_time_and_never_deadlock() {
    let lesson = Lesson {
        checks: "two philosophers, who share both forks, eat one meal each;\nonly one may eat at a time",
        if_stuck: format!(
            "the philosophers deadlocked. For example, each held one fork\nand waited \
             for the other. Take the two forks in one order that\nall philosophers \
             share:\n{LOCK_ORDER}"
        ),
        if_panics: vec![
            (
                AT_ONCE,
                format!(
                    "two neighbours ate at once. A philosopher must hold both forks,\nboth \
                     guards alive, while eat runs:\n{GUARDS}"
                ),
            ),
            (
                MEALS,
                "dine must return how many meals each philosopher ate, by seat.".to_string(),
            ),
        ],
    };
    explore(lesson, || {
        let eating = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&eating);
        let meals = dine(2, 1, move |_| {
            let others = counter.fetch_add(1, Ordering::SeqCst);
            assert_eq!(others, 0, "{AT_ONCE}");
            counter.fetch_sub(1, Ordering::SeqCst);
        });
        assert_eq!(meals, vec![1, 1], "{MEALS}");
    });
}

fn one_philosopher_has_one_fork() {
    let lesson = Lesson {
        checks: "a philosopher alone at the table eats one meal, with the one\nfork that lies on both sides of the seat",
        if_stuck: format!(
            "the philosopher never finished. For example, they waited for\nthe \
             fork that they held themselves. Lock the one fork once:\n{ONE_FORK}"
        ),
        if_panics: vec![(
            MEALS,
            "dine must return how many meals each philosopher ate, by seat.".to_string(),
        )],
    };
    explore(lesson, || {
        assert_eq!(dine(1, 1, |_| {}), vec![1], "{MEALS}")
    });
}
