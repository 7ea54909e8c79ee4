//! Run with `cargo test -p latch`.

use std::panic;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use latch::Latch;

/// How long a test waits for something that must happen: far longer than
/// it takes, so that a slow machine does not fail the test.
const MUST_HAPPEN: Duration = Duration::from_secs(5);
/// How long a test watches for something that must not happen yet.
const MUST_NOT_HAPPEN: Duration = Duration::from_millis(50);

/// Runs `body` on a thread of its own and returns its result. Fails the
/// test, instead of hanging it, if `body` has not returned in time.
fn within<T: Send + 'static>(what: &str, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = mpsc::channel();
    let runner = thread::spawn(move || {
        // If the test has given up, nobody receives: ignore the error.
        let _ = done.send(body());
    });
    match finished.recv_timeout(MUST_HAPPEN) {
        Ok(value) => {
            runner.join().unwrap();
            value
        }
        Err(RecvTimeoutError::Disconnected) => panic::resume_unwind(runner.join().unwrap_err()),
        Err(RecvTimeoutError::Timeout) => panic!("{what} did not return within {MUST_HAPPEN:?}"),
    }
}

/// A thread that waits on a latch, and the channel on which it reports
/// that `wait` returned.
struct Waiter {
    released: Receiver<usize>,
    thread: JoinHandle<()>,
}

/// Starts a thread that waits on `latch` and then sends `id`.
fn waiter(latch: &Arc<Latch>, id: usize) -> Waiter {
    let (released, receiver) = mpsc::channel();
    let latch = Arc::clone(latch);
    let thread = thread::spawn(move || {
        latch.wait();
        let _ = released.send(id);
    });
    Waiter {
        released: receiver,
        thread,
    }
}

fn assert_still_waiting(waiter: &Waiter, count: usize) {
    assert_eq!(
        waiter.released.recv_timeout(MUST_NOT_HAPPEN),
        Err(RecvTimeoutError::Timeout),
        "a waiter returned from wait while the count was {count}"
    );
}

#[test]
fn a_waiter_blocks_until_the_last_count_down() {
    let latch = Arc::new(Latch::new(3));
    let waiter = waiter(&latch, 0);
    assert_still_waiting(&waiter, 3);
    latch.count_down();
    assert_still_waiting(&waiter, 2);
    latch.count_down();
    assert_still_waiting(&waiter, 1);
    latch.count_down();
    assert_eq!(
        waiter.released.recv_timeout(MUST_HAPPEN),
        Ok(0),
        "the waiter was not released when the count reached zero"
    );
    waiter.thread.join().unwrap();
}

#[test]
fn every_waiter_is_released() {
    let latch = Arc::new(Latch::new(2));
    let waiters: Vec<Waiter> = (0..4).map(|id| waiter(&latch, id)).collect();
    latch.count_down();
    for waiter in &waiters {
        assert_still_waiting(waiter, 1);
    }
    latch.count_down();
    for (id, waiter) in waiters.into_iter().enumerate() {
        assert_eq!(
            waiter.released.recv_timeout(MUST_HAPPEN),
            Ok(id),
            "waiter {id} was not released when the count reached zero"
        );
        waiter.thread.join().unwrap();
    }
}

#[test]
fn count_down_from_other_threads() {
    let latch = Arc::new(Latch::new(8));
    let waiter = waiter(&latch, 0);
    let counters: Vec<JoinHandle<()>> = (0..8)
        .map(|_| {
            let latch = Arc::clone(&latch);
            thread::spawn(move || latch.count_down())
        })
        .collect();
    assert_eq!(
        waiter.released.recv_timeout(MUST_HAPPEN),
        Ok(0),
        "the waiter was not released after 8 count_downs from 8 threads"
    );
    assert_eq!(latch.count(), 0);
    waiter.thread.join().unwrap();
    for counter in counters {
        counter.join().unwrap();
    }
}

#[test]
fn wait_on_an_open_latch_returns_at_once() {
    let latch = Arc::new(Latch::new(1));
    latch.count_down();
    let opened = Arc::clone(&latch);
    within("wait on a latch counted down to zero", move || {
        opened.wait()
    });
    within("wait on a latch made with a count of zero", || {
        Latch::new(0).wait()
    });
}

#[test]
fn wait_timeout_is_false_when_the_time_runs_out() {
    let latch = Arc::new(Latch::new(1));
    let waiting = Arc::clone(&latch);
    let (open, waited) = within("wait_timeout", move || {
        let start = Instant::now();
        let open = waiting.wait_timeout(MUST_NOT_HAPPEN);
        (open, start.elapsed())
    });
    assert!(!open, "wait_timeout returned true, but the count is 1");
    assert!(
        waited >= MUST_NOT_HAPPEN,
        "wait_timeout gave up after {waited:?}, before its limit of {MUST_NOT_HAPPEN:?}"
    );
    assert_eq!(latch.count(), 1);
}

#[test]
fn wait_timeout_is_true_once_the_count_is_zero() {
    let latch = Arc::new(Latch::new(2));
    let counter = Arc::clone(&latch);
    let counter = thread::spawn(move || {
        counter.count_down();
        counter.count_down();
    });
    let waiting = Arc::clone(&latch);
    let open = within("wait_timeout", move || waiting.wait_timeout(MUST_HAPPEN));
    assert!(
        open,
        "wait_timeout returned false, but the count reached zero"
    );
    counter.join().unwrap();
    assert!(latch.wait_timeout(Duration::ZERO), "the latch closed again");
}

#[test]
fn count_down_past_zero_stays_at_zero() {
    let latch = Arc::new(Latch::new(2));
    assert_eq!(latch.count(), 2);
    latch.count_down();
    assert_eq!(latch.count(), 1);
    for _ in 0..3 {
        latch.count_down();
    }
    assert_eq!(latch.count(), 0, "the count went below zero");
    let opened = Arc::clone(&latch);
    within("wait after counting down past zero", move || opened.wait());
    let empty = Latch::new(0);
    empty.count_down();
    assert_eq!(empty.count(), 0);
}
