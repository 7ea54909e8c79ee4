//! The grader: loom runs each case below as often as it needs to explore
//! the orders of its threads that can change the outcome, within a bound
//! on preemptions (see [`explore`]; of orders that differ only in ways
//! that cannot change the outcome, it runs one), on the pipeline built
//! with loom's threads and locks, and the bounded channel that
//! `src/sync.rs` makes of them. Run it with
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p pipeline --release --test loom
//! ```
//!
//! The first cases check that channel itself, and pass as long as
//! `src/sync.rs` is left as it is; the others check your pipeline. loom
//! varies the order in which threads run; it cannot model every
//! reordering that relaxed atomics allow (its documentation lists what it
//! does not model).
//!
//! Without `--cfg loom`, this file is empty.
#![cfg(loom)]

use std::cell::RefCell;
use std::io::{self, Write};
use std::panic;
use std::process;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Once};

use loom::thread;
use pipeline::{bounds_made, pipeline};

/// The channel the pipeline is given under loom, compiled here too so that
/// the grader can check it on its own.
#[path = "../src/sync.rs"]
mod sync;

/// What the grader checks, as its first line names it.
const SUBJECT: &str = "the pipeline";

/// The sections of the book that a failure sends the reader back to.
const BOUNDED: &str = "https://rust-concurrency-patterns.github.io/book/ch04-channels-coordinate-work.html#bounded-channels-and-backpressure";
const DROPPING: &str = "https://rust-concurrency-patterns.github.io/book/ch04-channels-coordinate-work.html#shutting-down-by-dropping-the-senders";
const ORDER: &str = "https://rust-concurrency-patterns.github.io/book/ch04-channels-coordinate-work.html#two-producers-the-order-the-worker-sees";

/// The messages of the grader's own assertions.
const OVER_BOUND: &str = "the channel of src/sync.rs held more messages than its bound";
const LOST: &str = "the channel of src/sync.rs lost, added or reordered a message";
const NOT_CLOSED: &str =
    "recv on the channel of src/sync.rs did not fail once every sender was dropped";
const NOT_REFUSED: &str =
    "send on the channel of src/sync.rs did not fail once the receiver was dropped";
const RESULTS: &str = "pipeline did not return the inputs transformed, in the order of the inputs";
const CHANNELS: &str =
    "pipeline did not make two channels, each with sync_channel(bound) of src/sync.rs";

/// What to revisit when the channel of `src/sync.rs` fails its own checks.
fn restore_sync() -> String {
    format!(
        "the channel of src/sync.rs, which the grader gives your code,\n\
         misbehaves: restore src/sync.rs as the exercise gives it. Its\n\
         behaviour is that of sync_channel:\n{BOUNDED}"
    )
}

/// What to revisit when `pipeline` did not make its two channels with
/// `sync_channel(bound)`: the `bounds_made` of `src/sync.rs` on its return.
fn two_channels(bound: usize) -> (&'static str, String) {
    (
        CHANNELS,
        format!(
            "pipeline must make two channels, each with sync_channel({bound})\n\
             of src/sync.rs: the inputs go through the first, and the results\n\
             come back through the second, received while the workers run.\n\
             The bounds of the channels it made are on the left of loom's\n\
             report below. For example, the workers returned their results\n\
             through join, as in listing 4.2, and there was no result channel;\n\
             or a channel came from std, which the grader cannot see; or a\n\
             channel was made with another bound (bounded channels and\n\
             backpressure):\n{BOUNDED}"
        ),
    )
}

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

/// Explores `model` under loom, in every order of its threads in which
/// loom stops a thread that could run on at most `preemptions` times (a
/// thread that blocks, or ends, does not count): without such a bound, a
/// pipeline of three threads and two channels has too many orders to
/// explore quickly. (Measured once, on 2026-12-04, in a release build on
/// a machine with 2 cores: with their bounds, the three cases of the
/// pipeline took 19 ms, 277 ms and 186 ms; without a bound, loom had
/// finished none of them after 5 minutes.) The mistakes the grader looks for show in
/// orders with few preemptions, most of them in every order. If it fails
/// in some order, the grader
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
fn explore(lesson: Lesson, preemptions: usize, model: impl Fn() + Send + Sync + 'static) {
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
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(preemptions);
    builder.check(model);
    LESSON.with(|l| l.borrow_mut().take());
}

/// The cases, one after another in this order, in one test. The first
/// case that fails ends the program (see [`explore`]), so the grader
/// prints the message of the first failing case. As several tests, which
/// `cargo test` runs on several threads at once, a pipeline that fails more
/// than one would print one message or another, whichever failed first.
#[test]
fn pipeline_under_loom() {
    a_full_channel_holds_the_sender_back(1);
    a_full_channel_holds_the_sender_back(0);
    a_channel_without_its_receiver_refuses();
    the_pipeline_ends_when_the_inputs_end();
    a_pipeline_with_a_bound_of_0_ends();
    two_workers_keep_the_order_of_the_inputs();
}

/// The channel of `src/sync.rs`, on its own: a thread sends three numbers
/// on a channel of `bound`, and the main thread checks, before each
/// `recv`, that no more than `bound` of them are in the channel.
fn a_full_channel_holds_the_sender_back(bound: usize) {
    let lesson = Lesson {
        checks: if bound == 0 {
            "the channel of src/sync.rs, with a bound of 0, holds no message\n\
             that its receiver has not taken, and closes when the sender is dropped"
        } else {
            "the channel of src/sync.rs, with a bound of 1, holds at most one\n\
             message, and closes when the sender is dropped"
        },
        if_stuck: restore_sync(),
        if_panics: vec![
            (OVER_BOUND, restore_sync()),
            (LOST, restore_sync()),
            (NOT_CLOSED, restore_sync()),
        ],
    };
    explore(lesson, 3, move || {
        let (sender, receiver) = sync::sync_channel(bound);
        // How many `send` calls have returned.
        let sent = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&sent);
        let producer = thread::spawn(move || {
            for number in 1..=3 {
                sender.send(number).unwrap();
                counted.fetch_add(1, Ordering::SeqCst);
            }
        });
        let mut received = Vec::new();
        for _ in 0..3 {
            // Sent but not yet received: in the channel.
            let sent = sent.load(Ordering::SeqCst);
            assert!(sent <= received.len() + bound, "{OVER_BOUND}");
            received.push(receiver.recv().unwrap());
        }
        assert_eq!(received, [1, 2, 3], "{LOST}");
        assert!(receiver.recv().is_err(), "{NOT_CLOSED}");
        producer.join().unwrap();
    });
}

/// The channel of `src/sync.rs`, on its own: a thread sends on a channel
/// of bound 0 whose receiver the main thread drops.
fn a_channel_without_its_receiver_refuses() {
    let lesson = Lesson {
        checks: "send on the channel of src/sync.rs fails, and gives the message\n\
                 back, once the receiver is dropped",
        if_stuck: restore_sync(),
        if_panics: vec![(NOT_REFUSED, restore_sync())],
    };
    explore(lesson, 3, || {
        let (sender, receiver) = sync::sync_channel(0);
        let producer = thread::spawn(move || sender.send("order 17"));
        drop(receiver);
        let refused = producer.join().unwrap();
        assert_eq!(refused.map_err(|e| e.0), Err("order 17"), "{NOT_REFUSED}");
    });
}

fn the_pipeline_ends_when_the_inputs_end() {
    let lesson = Lesson {
        checks: "pipeline(vec![7], 1, 1, |n| n * 10): one worker, channels of\n\
                 bound 1, with room for the one input and its result; it makes\n\
                 its two channels with sync_channel(1) and returns [70]",
        if_stuck: format!(
            "the pipeline never ended: a stage waited in recv for a message\n\
             that never came. For example, a clone of a sender stayed alive\n\
             in pipeline after the workers got theirs, so the result channel\n\
             never closed and the loop that receives the results waited\n\
             forever; or the input sender outlived the reader. Each stage\n\
             ends when its channel is empty and every sender of it, clones\n\
             included, is dropped: shutting down by dropping the senders:\n{DROPPING}"
        ),
        if_panics: vec![
            two_channels(1),
            (RESULTS, "the one result must be 70.".to_string()),
        ],
    };
    explore(lesson, 2, || {
        // Forget the channels of the order explored before.
        bounds_made();
        let results = pipeline(vec![7], 1, 1, |n: u32| n * 10);
        assert_eq!(bounds_made(), [1, 1], "{CHANNELS}");
        assert_eq!(results, [70], "{RESULTS}");
    });
}

fn a_pipeline_with_a_bound_of_0_ends() {
    let lesson = Lesson {
        checks: "pipeline(vec![7, 8], 1, 0, |n| n * 10): one worker, channels of\n\
                 bound 0, where each send waits until the message is received;\n\
                 it makes its two channels with sync_channel(0) and returns [70, 80]",
        if_stuck: format!(
            "the pipeline never ended once its channels had no room. For\n\
             example, pipeline joined the worker, or the reader, before it\n\
             received the results: the worker waited in send for a receiver\n\
             that waited in join, for the worker, or for the reader, which\n\
             waited in send for the worker. Receive the results while the\n\
             other stages run, and join them once the result channel is\n\
             closed (bounded channels and backpressure):\n{BOUNDED}"
        ),
        if_panics: vec![
            two_channels(0),
            (
                RESULTS,
                "the results must be 70 and 80, in that order.".to_string(),
            ),
        ],
    };
    explore(lesson, 2, || {
        bounds_made();
        let results = pipeline(vec![7, 8], 1, 0, |n: u32| n * 10);
        assert_eq!(bounds_made(), [0, 0], "{CHANNELS}");
        assert_eq!(results, [70, 80], "{RESULTS}");
    });
}

fn two_workers_keep_the_order_of_the_inputs() {
    let lesson = Lesson {
        checks: "pipeline(vec![1, 2], 2, 1, |n| n * 10): two workers, which can\n\
                 finish in either order; it makes its two channels with\n\
                 sync_channel(1) and returns [10, 20]",
        if_stuck: format!(
            "the pipeline never ended with two workers. For example, one\n\
             worker's clone of the result sender stayed alive, or the workers\n\
             were joined before their results were received:\n{DROPPING}"
        ),
        if_panics: vec![
            two_channels(1),
            (
                RESULTS,
                format!(
                    "the results came back in another order than the inputs. For\n\
                 example, the worker with input 2 finished first, and its result\n\
                 was put first. The order of the inputs has to travel in the\n\
                 messages: send each input's position with it, and put each\n\
                 result back in its place:\n{ORDER}"
                ),
            ),
        ],
    };
    explore(lesson, 1, || {
        bounds_made();
        let results = pipeline(vec![1, 2], 2, 1, |n: u32| n * 10);
        assert_eq!(bounds_made(), [1, 1], "{CHANNELS}");
        assert_eq!(results, [10, 20], "{RESULTS}");
    });
}
