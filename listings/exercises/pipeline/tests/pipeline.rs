//! Run with `cargo test -p pipeline`.

use std::panic;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Barrier, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use pipeline::pipeline;

/// Runs `body` on a thread of its own and returns its result. Fails the
/// test, instead of hanging it, if `body` has not returned after ten
/// seconds: a pipeline that never ends.
fn within_10s<T: Send + 'static>(what: &str, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = mpsc::channel();
    let runner = thread::spawn(move || {
        // If the test has given up, nobody receives: ignore the error.
        let _ = done.send(body());
    });
    match finished.recv_timeout(Duration::from_secs(10)) {
        Ok(value) => value,
        // `body` panicked: fail with its panic.
        Err(RecvTimeoutError::Disconnected) => panic::resume_unwind(runner.join().unwrap_err()),
        Err(RecvTimeoutError::Timeout) => {
            panic!("{what} did not return within 10 s: does a stage wait forever?")
        }
    }
}

#[test]
fn every_input_comes_back_transformed_in_order() {
    // Small under Miri, which interprets every step.
    let count: u64 = if cfg!(miri) { 20 } else { 1_000 };
    let squares = within_10s("pipeline(1..=count, 3, 2, square)", move || {
        pipeline(1..=count, 3, 2, |n: u64| n * n)
    });
    let expected: Vec<u64> = (1..=count).map(|n| n * n).collect();
    assert_eq!(squares, expected);
}

#[test]
fn no_inputs_give_no_results() {
    let results = within_10s("pipeline of no inputs", || {
        pipeline(Vec::<String>::new(), 2, 1, |line: String| line.len())
    });
    assert_eq!(results, Vec::<usize>::new());
}

#[test]
fn a_bound_of_0_ends_too() {
    // With a bound of 0, every `send` waits until a receiver takes the
    // message: a stage that is joined before the next one receives from
    // it never returns.
    let words = ["channel", "sender", "receiver", "worker", "bound"];
    let lengths = within_10s("pipeline(words, 2, 0, len)", move || {
        pipeline(words, 2, 0, |word: &str| word.len())
    });
    assert_eq!(lengths, [7, 6, 8, 6, 5]);
}

#[test]
fn more_workers_than_inputs() {
    let doubled = within_10s("pipeline(vec![21], 4, 1, double)", || {
        pipeline(vec![21], 4, 1, |n: i32| n * 2)
    });
    assert_eq!(doubled, [42]);
}

#[test]
fn the_workers_transform_at_the_same_time() {
    // Each input waits in `transform` until two workers are in it: with
    // fewer than two workers running at once, it waits forever, and the
    // time limit fails the test.
    let both_busy = Arc::new(Barrier::new(2));
    let results = within_10s("pipeline(vec![1, 2], 2, 0, meet)", move || {
        pipeline(vec![1, 2], 2, 0, move |n: u8| {
            both_busy.wait();
            n + 100
        })
    });
    assert_eq!(results, [101, 102]);
}

#[test]
fn the_reader_stays_within_a_bound_of_2() {
    the_reader_stays_within(2);
}

#[test]
fn the_reader_stays_within_a_bound_of_0() {
    the_reader_stays_within(0);
}

/// Holds the pipeline's one worker in `transform` while it counts how many
/// inputs the reader takes.
fn the_reader_stays_within(bound: usize) {
    // The inputs count how many the reader has taken.
    let taken = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&taken);
    let inputs = (0..50).inspect(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    // The one worker holds on to input 0 until the test lets it go (or
    // for ten seconds at most).
    let (release, held) = mpsc::channel::<()>();
    let held = Mutex::new(held);
    let running = thread::spawn(move || {
        pipeline(inputs, 1, bound, move |n: usize| {
            if n == 0 {
                let _ = held.lock().unwrap().recv_timeout(Duration::from_secs(10));
            }
            n
        })
    });

    // Meanwhile the reader can get this far ahead, and no further: input
    // 0 in the worker, `bound` inputs in the channel, and one more in the
    // reader's hand, waiting in `send`.
    let most = bound + 2;
    let start = Instant::now();
    while taken.load(Ordering::SeqCst) < most && start.elapsed() < Duration::from_secs(5) {
        thread::sleep(Duration::from_millis(1));
    }
    // Give a reader that is not held back time to run on.
    thread::sleep(Duration::from_millis(200));
    let ahead = taken.load(Ordering::SeqCst);
    // A pipeline that has already dropped `transform` (the starter's does)
    // no longer listens: ignore the error.
    let _ = release.send(());
    assert_eq!(
        ahead, most,
        "while the worker held input 0, the reader took {ahead} inputs; with a \
         bound of {bound} it takes exactly {most}"
    );
    let results = within_10s("the pipeline once released", move || {
        running.join().unwrap()
    });
    assert_eq!(results, (0..50).collect::<Vec<_>>());
}

#[test]
fn a_pipeline_whose_workers_all_panic_panics() {
    // More inputs than the input channel holds: once both workers have
    // panicked, the reader still has inputs to send.
    let count: u32 = if cfg!(miri) { 10 } else { 100 };
    // How many times `transform` was called: a pipeline that panics
    // before it calls it (the starter's `todo!`) does not pass.
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    let panicked = within_10s("pipeline(0..count, 2, 1, panics)", move || {
        panic::catch_unwind(move || {
            pipeline(0..count, 2, 1, move |_: u32| -> u32 {
                counter.fetch_add(1, Ordering::SeqCst);
                panic!("transform fails")
            })
        })
        .is_err()
    });
    assert!(
        calls.load(Ordering::SeqCst) > 0,
        "pipeline never called transform"
    );
    assert!(
        panicked,
        "pipeline returned although every call of transform panicked"
    );
}
