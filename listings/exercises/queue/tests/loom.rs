//! The grader: loom runs each case below as often as it needs to explore
//! the orders of its threads that can change the outcome (of orders that
//! differ only in ways that cannot change the outcome, it runs one), on
//! the queue built with loom's types (`src/sync.rs`). Run it with
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p queue --release --test loom
//! ```
//!
//! loom varies the order in which threads run, not every choice that the
//! standard library may make: under loom, `Condvar::wait` returns only
//! when the thread is woken, by a notification or an `unpark` (no spurious
//! wakeups; `src/sync.rs` gives the queue no `unpark`), and `notify_one`
//! wakes the thread that has waited longest. A `wait` in an `if` instead of
//! a loop still fails here: in the cases with two consumers (or two
//! producers), another thread can take the item (or the room) between the
//! notification and the moment the woken thread has the lock again, and
//! that is an order of the threads, which loom explores.
//!
//! Without `--cfg loom`, this file is empty.
#![cfg(loom)]

use std::cell::RefCell;
use std::io::{self, Write};
use std::panic;
use std::process;
use std::sync::Once;

use loom::thread;
use queue::BoundedQueue;

/// What the grader checks, as its first line names it.
const SUBJECT: &str = "the queue";

/// The sections of the book that a failure sends the reader back to.
const QUEUE: &str = "https://rust-concurrency-patterns.github.io/book/ch08-waiting-and-waking.html#a-bounded-queue-from-a-mutex-and-two-condvars";
const LOOP: &str = "https://rust-concurrency-patterns.github.io/book/ch08-waiting-and-waking.html#why-wait-sits-in-a-loop-and-wait_while";
const PER_CONDITION: &str = "https://rust-concurrency-patterns.github.io/book/ch08-waiting-and-waking.html#one-condition-variable-per-condition";

/// The messages of the grader's own assertions.
const OVERFULL: &str = "the queue held more items than its capacity";
const EARLY_NONE: &str = "pop returned None before the queue was closed";
const REFUSED: &str = "push on an open queue did not return Ok(())";
const LOST: &str = "the items that came out are not the items that went in";
const NOT_NONE: &str = "pop on a closed, empty queue did not return None";
const KEPT: &str = "push into a full queue that was then closed did not return Err(item)";
const LEFT: &str = "after close, pop did not return the item left, then None";

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
/// `cargo test` runs on several threads at once, a queue that fails more
/// than one would print one message or another, whichever failed first.
#[test]
fn queue_under_loom() {
    two_producers_wait_for_one_consumer();
    two_producers_wait_for_room_for_two();
    one_producer_and_two_consumers();
    close_while_two_consumers_wait();
    close_while_two_producers_wait();
}

/// What to revisit when a push or a pop waited for good in a case without
/// `close`.
fn never_woken() -> String {
    format!(
        "a thread waiting in push or pop was never woken.\n\
         For example, producers and consumers waited on one condition\n\
         variable, and notify_one woke a thread of the wrong kind, which\n\
         went back to waiting: use one condition variable per condition:\n\
         {PER_CONDITION}\n\
         Or push or pop changed the queue and did not notify the threads\n\
         that wait for that change: each push wakes a consumer, and each\n\
         pop that takes an item wakes a producer, not only the first push\n\
         into an empty queue or the first pop from a full one."
    )
}

/// `queue`, shared by the threads of one order for as long as they run.
/// Leaked rather than put in an `Arc`: loom tracks an `Arc`'s count as it
/// tracks the queue's lock, and every clone and drop would multiply the
/// orders it explores.
fn shared(queue: BoundedQueue<u32>) -> &'static BoundedQueue<u32> {
    Box::leak(Box::new(queue))
}

/// A thread that pushes `item`, which must go in.
fn producing(queue: &'static BoundedQueue<u32>, item: u32) -> thread::JoinHandle<()> {
    thread::spawn(move || assert_eq!(queue.push(item), Ok(()), "{REFUSED}"))
}

fn two_producers_wait_for_one_consumer() {
    let lesson = Lesson {
        checks: "a full queue of capacity 1, holding the item 0; two threads\n\
                 push 1 and 2, and a third pops three items, checking after the\n\
                 first pop that the queue holds at most one",
        if_stuck: never_woken(),
        if_panics: vec![
            (
                OVERFULL,
                format!(
                    "push added an item to a full queue. For example, it checked\n\
                     for room once, with an if, and another producer filled the\n\
                     queue between the notification and the moment the woken\n\
                     producer had the lock again: check again each time wait\n\
                     returns, in a loop, or use wait_while:\n{LOOP}"
                ),
            ),
            (
                REFUSED,
                "push returned Err on a queue that nobody closed.".to_string(),
            ),
            (
                EARLY_NONE,
                "pop returned None while the queue was open: it must wait\n\
                 while the queue is empty and open."
                    .to_string(),
            ),
            (
                LOST,
                "each item pushed must come out once, and 0, which was in the\n\
                 queue before the others were pushed, first."
                    .to_string(),
            ),
        ],
    };
    explore(lesson, || {
        let queue = shared(BoundedQueue::new(1));
        assert_eq!(queue.push(0), Ok(()), "{REFUSED}");
        let first = producing(queue, 1);
        let second = producing(queue, 2);
        let mut popped = vec![queue.pop().expect(EARLY_NONE)];
        assert!(queue.len() <= 1, "{OVERFULL}");
        popped.push(queue.pop().expect(EARLY_NONE));
        first.join().unwrap();
        second.join().unwrap();
        popped.push(queue.pop().expect(EARLY_NONE));
        assert_eq!(popped[0], 0, "{LOST}");
        popped.sort();
        assert_eq!(popped, [0, 1, 2], "{LOST}");
    });
}

fn two_producers_wait_for_room_for_two() {
    let lesson = Lesson {
        checks: "a full queue of capacity 2, holding the items 0 and 1; two\n\
                 threads push 2 and 3, and a third pops three items, then a\n\
                 fourth once both pushes have returned",
        if_stuck: never_woken(),
        if_panics: vec![
            (
                REFUSED,
                "push returned Err on a queue that nobody closed.".to_string(),
            ),
            (
                EARLY_NONE,
                "pop returned None while the queue was open: it must wait\n\
                 while the queue is empty and open."
                    .to_string(),
            ),
            (
                LOST,
                "each item pushed must come out once, and 0 and 1, which were\n\
                 in the queue before the others were pushed, first."
                    .to_string(),
            ),
        ],
    };
    explore(lesson, || {
        let queue = shared(BoundedQueue::new(2));
        assert_eq!(queue.push(0), Ok(()), "{REFUSED}");
        assert_eq!(queue.push(1), Ok(()), "{REFUSED}");
        let first = producing(queue, 2);
        let second = producing(queue, 3);
        // The last pop comes after the joins, as in the first case. Four
        // pops in a row would fail a pop that waits in an `if` here too:
        // it can be woken by the late notification of an item that the pop
        // before it took. The next case teaches that mistake.
        let mut popped: Vec<u32> = (0..3).map(|_| queue.pop().expect(EARLY_NONE)).collect();
        first.join().unwrap();
        second.join().unwrap();
        popped.push(queue.pop().expect(EARLY_NONE));
        assert_eq!(popped[..2], [0, 1], "{LOST}");
        popped.sort();
        assert_eq!(popped, [0, 1, 2, 3], "{LOST}");
    });
}

fn one_producer_and_two_consumers() {
    let lesson = Lesson {
        checks: "on a queue of capacity 2, one thread pushes 1 and 2, and two\n\
                 others pop one item each",
        if_stuck: never_woken(),
        if_panics: vec![
            (
                EARLY_NONE,
                format!(
                    "pop returned None while the queue was open. For example, it\n\
                     checked for an item once, with an if, and the other consumer\n\
                     took the item between the notification and the moment the\n\
                     woken consumer had the lock again: check again each time\n\
                     wait returns, in a loop, or use wait_while:\n{LOOP}"
                ),
            ),
            (
                REFUSED,
                "push returned Err on a queue that nobody closed.".to_string(),
            ),
            (LOST, "each item pushed must come out once.".to_string()),
        ],
    };
    explore(lesson, || {
        let queue = shared(BoundedQueue::new(2));
        let consumers = [0, 1].map(|_| thread::spawn(move || queue.pop().expect(EARLY_NONE)));
        assert_eq!(queue.push(1), Ok(()), "{REFUSED}");
        assert_eq!(queue.push(2), Ok(()), "{REFUSED}");
        let mut popped = consumers.map(|consumer| consumer.join().unwrap());
        popped.sort();
        assert_eq!(popped, [1, 2], "{LOST}");
    });
}

fn close_while_two_consumers_wait() {
    let lesson = Lesson {
        checks: "two threads pop from an empty queue, a third closes it,\n\
                 and both pops must return None",
        if_stuck: format!(
            "a consumer waited in pop for good, although the queue was closed.\n\
             For example, close set the flag and notified nobody, or notified\n\
             one consumer with notify_one: every waiting consumer must see that\n\
             the queue is closed, so close wakes them all with notify_all:\n\
             {QUEUE}\n\
             Or pop went on waiting in a closed queue: it waits while the\n\
             queue is empty and open."
        ),
        if_panics: vec![(
            NOT_NONE,
            "pop must return None once the queue is closed and empty.".to_string(),
        )],
    };
    explore(lesson, || {
        let queue = shared(BoundedQueue::new(1));
        let consumers =
            [0, 1].map(|_| thread::spawn(move || assert_eq!(queue.pop(), None, "{NOT_NONE}")));
        queue.close();
        for consumer in consumers {
            consumer.join().unwrap();
        }
    });
}

fn close_while_two_producers_wait() {
    let lesson = Lesson {
        checks: "two threads push 2 and 3 into a full queue of capacity 1, a\n\
                 third closes the queue, and both pushes must return Err",
        if_stuck: format!(
            "a producer waited in push for good, although the queue was closed.\n\
             For example, close woke the consumers and not the producers, or\n\
             woke one producer with notify_one.\n\
             Listing 8.1's close wakes only its consumers, because its push\n\
             never looks at the flag; here a producer waits on not_full for\n\
             the close too, so close must wake every producer as well, with\n\
             notify_all on not_full:\n{QUEUE}\n\
             Or push went on waiting for room in a closed queue: it waits\n\
             while the queue is full and open."
        ),
        if_panics: vec![
            (
                REFUSED,
                "push returned Err on a queue that nobody closed.".to_string(),
            ),
            (
                KEPT,
                "a push that was waiting when the queue closed must hand its\n\
                 item back as Err(item)."
                    .to_string(),
            ),
            (
                LEFT,
                "close ends the pushes, not the pops: pop returns what is left,\n\
                 then None."
                    .to_string(),
            ),
        ],
    };
    explore(lesson, || {
        let queue = shared(BoundedQueue::new(1));
        assert_eq!(queue.push(1), Ok(()), "{REFUSED}");
        let producers = [2, 3]
            .map(|item| thread::spawn(move || assert_eq!(queue.push(item), Err(item), "{KEPT}")));
        queue.close();
        for producer in producers {
            producer.join().unwrap();
        }
        assert_eq!([queue.pop(), queue.pop()], [Some(1), None], "{LEFT}");
    });
}
