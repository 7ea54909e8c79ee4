//! The grader: loom runs each case below as often as it needs to explore
//! the orders of its threads that can change the outcome (of orders that
//! differ only in ways that cannot change the outcome, it runs one), on
//! the allocator built with loom's `AtomicU64` (`src/sync.rs`). Run it with
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p ids --release --test loom
//! ```
//!
//! loom varies the order in which threads run, and lets a `load` read an
//! older value of the atomic than the last one stored, where the memory
//! model allows it; a read-modify-write (`fetch_add`, a `compare_exchange`,
//! whether it succeeds or fails) reads the last one, although the memory
//! model lets a failed exchange read an older value. It cannot model every
//! reordering that relaxed atomics allow (its documentation lists what it
//! does not model).
//!
//! Without `--cfg loom`, this file is empty.
#![cfg(loom)]

use std::cell::RefCell;
use std::collections::HashSet;
use std::io::{self, Write};
use std::ops::Range;
use std::panic;
use std::process;
use std::sync::Once;

use ids::IdAllocator;
use loom::sync::Arc;
use loom::thread;

/// What the grader checks, as its first line names it.
const SUBJECT: &str = "the id allocator";

/// The sections of the book that a failure sends the reader back to.
const ONE_STEP: &str = "https://rust-concurrency-patterns.github.io/book/ch07-atomics.html#updating-a-value-only-if-it-still-holds-what-you-read";
const WRAPS: &str =
    "https://rust-concurrency-patterns.github.io/book/ch07-atomics.html#handing-out-unique-ids";

/// The messages of the grader's own assertions.
const TWICE: &str = "next returned the same id twice";
const OUTSIDE: &str = "next returned an id outside the allocator's range";
const MISSING: &str = "an id of the range was never handed out";
const AFTER_NONE: &str = "next returned an id after it had returned None";
const ISSUED: &str = "issued did not return how many ids next handed out";
/// loom's own message when a model runs too long: a loop that never ends.
const ENDLESS: &str = "Model exceeded maximum number of branches";

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
/// prints the message of the first failing case. As several tests, which
/// `cargo test` runs on several threads at once, an allocator that fails
/// more than one would print one message or another, whichever failed
/// first.
#[test]
fn ids_under_loom() {
    two_threads_take_the_two_ids();
    two_threads_race_for_the_last_id();
    asking_again_after_the_top_id_of_u64();
}

/// A thread that calls `next` `calls` times and returns what it got.
fn taking(ids: &Arc<IdAllocator>, calls: usize) -> thread::JoinHandle<Vec<Option<u64>>> {
    let ids = Arc::clone(ids);
    thread::spawn(move || (0..calls).map(|_| ids.next()).collect())
}

/// Checks that the ids `got`, from every call, are those of `range`, each
/// once.
fn check_every_id_once(got: &[u64], range: Range<u64>) {
    assert!(
        got.iter().all(|id| range.contains(id)),
        "{OUTSIDE}: {got:?}"
    );
    let distinct: HashSet<u64> = got.iter().copied().collect();
    assert_eq!(distinct.len(), got.len(), "{TWICE}: {got:?}");
    assert_eq!(distinct, range.collect(), "{MISSING}: {got:?}");
}

/// What to revisit when loom finds the threads blocked for good.
fn stuck() -> String {
    format!(
        "the threads were blocked for good. The allocator needs no lock\n\
         and nothing to wait for: take an id with one read-modify-write:\n{ONE_STEP}"
    )
}

/// What to revisit when two threads got the same id.
fn same_id() -> (&'static str, String) {
    (
        TWICE,
        format!(
            "two threads got the same id. For example, next loaded the\n\
             counter, then stored one more: two threads loaded the same\n\
             value before either stored. Read the counter and write the\n\
             next value in one read-modify-write: compare_exchange, which\n\
             writes only if no other thread wrote in between, in a loop,\n\
             or try_update, which writes that loop for you:\n{ONE_STEP}"
        ),
    )
}

/// What to revisit when a loop never ends.
fn endless() -> (&'static str, String) {
    (
        ENDLESS,
        format!(
            "a call to next never returned. For example, its loop tried\n\
             compare_exchange again with the value it read first, instead of\n\
             the one the failed exchange returned:\n{ONE_STEP}"
        ),
    )
}

fn two_threads_take_the_two_ids() {
    let lesson = Lesson {
        checks: "two threads each call next once on IdAllocator::new(7..9),\n\
                 which has two ids, one for each",
        if_stuck: stuck(),
        if_panics: vec![
            same_id(),
            (
                MISSING,
                format!(
                    "a thread got None while an id was left. For example, next\n\
                     gave up when its compare_exchange failed. A failed exchange\n\
                     means that another thread took an id in between, not that\n\
                     none is left: try again with the value it returned, in a\n\
                     loop (or let try_update write the loop):\n{ONE_STEP}"
                ),
            ),
            (
                OUTSIDE,
                "next must hand out 7 and 8, and nothing else.".to_string(),
            ),
            (
                AFTER_NONE,
                "once both ids are taken, next must return None.".to_string(),
            ),
            (
                ISSUED,
                format!(
                    "after the two ids of 7..9 and one call that got None,\n\
                     issued must return 2. For example, next added one to the\n\
                     counter on the call that got None too, and issued counted\n\
                     it. Store a new value only while the counter is below the\n\
                     end, so that it stops there; past it, a counter that keeps\n\
                     growing wraps around at u64::MAX:\n{WRAPS}"
                ),
            ),
            endless(),
        ],
    };
    explore(lesson, || {
        let ids = Arc::new(IdAllocator::new(7..9));
        let threads = [taking(&ids, 1), taking(&ids, 1)];
        let got: Vec<u64> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .flatten()
            .collect();
        check_every_id_once(&got, 7..9);
        assert_eq!(ids.next(), None, "{AFTER_NONE}");
        assert_eq!(ids.issued(), 2, "{ISSUED}");
    });
}

fn two_threads_race_for_the_last_id() {
    let lesson = Lesson {
        checks: "on IdAllocator::new(7..9), the main thread takes 7, then\n\
                 two threads each call next once, for the last id, 8",
        if_stuck: stuck(),
        if_panics: vec![
            (
                OUTSIDE,
                format!(
                    "a thread got an id outside 7..9. For example, next loaded\n\
                     the counter, checked it against the end, then added with\n\
                     fetch_add: two threads both saw 8, below 9, and both added,\n\
                     and the second got 9. Check and add in one read-modify-write\n\
                     (compare_exchange in a loop, or try_update):\n{ONE_STEP}"
                ),
            ),
            same_id(),
            (
                MISSING,
                "one of the two threads must get 8, the last id.".to_string(),
            ),
            (
                AFTER_NONE,
                "once both ids are taken, next must return None.".to_string(),
            ),
            (
                ISSUED,
                "after the two ids of 7..9, issued must return 2, however\n\
                 many calls got None."
                    .to_string(),
            ),
            endless(),
        ],
    };
    explore(lesson, || {
        let ids = Arc::new(IdAllocator::new(7..9));
        let first = ids.next();
        let threads = [taking(&ids, 1), taking(&ids, 1)];
        let got: Vec<u64> = threads
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .chain([first])
            .flatten()
            .collect();
        check_every_id_once(&got, 7..9);
        assert_eq!(ids.next(), None, "{AFTER_NONE}");
        assert_eq!(ids.issued(), 2, "{ISSUED}");
    });
}

fn asking_again_after_the_top_id_of_u64() {
    const TOP: u64 = u64::MAX - 1;
    let lesson = Lesson {
        checks: "on IdAllocator::new(u64::MAX - 1..u64::MAX), which has one\n\
                 id, a thread calls next twice while the main thread calls it once",
        if_stuck: stuck(),
        if_panics: vec![
            (
                OUTSIDE,
                format!(
                    "a thread got an id outside the range, after the last one.\n\
                     For example, next called fetch_add first and checked the id\n\
                     after, so calls that got None still added one: the counter\n\
                     passed u64::MAX, and fetch_add wraps around on overflow, to 0.\n\
                     Store a new value only while the counter is below the end\n\
                     (compare_exchange in a loop, or try_update), so that it\n\
                     stops there:\n{WRAPS}"
                ),
            ),
            same_id(),
            (
                MISSING,
                "one of the three calls must get the one id, u64::MAX - 1.".to_string(),
            ),
            (
                AFTER_NONE,
                "once the one id is taken, next must return None, on that\n\
                 call and on every later one."
                    .to_string(),
            ),
            (
                ISSUED,
                "after the one id, issued must return 1, however many calls\n\
                 got None."
                    .to_string(),
            ),
            endless(),
        ],
    };
    explore(lesson, || {
        let ids = Arc::new(IdAllocator::new(TOP..u64::MAX));
        let other = taking(&ids, 2);
        let mine = vec![ids.next()];
        let per_thread = [other.join().unwrap(), mine];
        let got: Vec<u64> = per_thread.iter().flatten().flatten().copied().collect();
        check_every_id_once(&got, TOP..u64::MAX);
        for calls in &per_thread {
            assert!(
                !matches!(calls[..], [None, Some(_)]),
                "{AFTER_NONE}: {calls:?}"
            );
        }
        // A call after the join that gets an id past the end has wrapped
        // around: say so, rather than only that it came after a None.
        let after = ids.next();
        if let Some(id) = after {
            assert!(
                (TOP..u64::MAX).contains(&id),
                "{OUTSIDE}: the call after the join got {id}"
            );
        }
        assert_eq!(after, None, "{AFTER_NONE}");
        assert_eq!(ids.issued(), 1, "{ISSUED}");
    });
}
