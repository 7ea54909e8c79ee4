//! Run with `cargo test -p ids`.

use std::collections::HashSet;
use std::ops::Range;
use std::panic;
use std::sync::Barrier;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use ids::IdAllocator;

/// Runs `body` on a thread of its own and returns its result. Fails the
/// test, instead of hanging it, if `body` has not returned after ten
/// seconds: a retry loop that never ends, for example. Every test runs
/// its body in it, the single-threaded ones too: a `next` that loops
/// forever once the range is used up hangs on its first `None`.
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
            panic!("{what} did not return within 10 s: does a loop never end?")
        }
    }
}

#[test]
fn next_hands_out_the_range_in_order_then_none() {
    within_10s("next on 5..8", || {
        let ids = IdAllocator::new(5..8);
        assert_eq!(ids.next(), Some(5));
        assert_eq!(ids.next(), Some(6));
        assert_eq!(ids.next(), Some(7));
        assert_eq!(ids.next(), None);
    });
}

#[test]
fn an_empty_range_hands_out_nothing() {
    within_10s("next on an empty range", || {
        // `start >= end`: the second range is written out, as `5..3` would
        // look like a typo.
        for range in [3..3, Range { start: 5, end: 3 }] {
            let ids = IdAllocator::new(range.clone());
            assert_eq!(ids.next(), None, "IdAllocator::new({range:?})");
            assert_eq!(ids.issued(), 0, "IdAllocator::new({range:?})");
        }
    });
}

#[test]
fn issued_counts_the_ids_handed_out_and_no_more() {
    within_10s("next on 10..13", || {
        let ids = IdAllocator::new(10..13);
        assert_eq!(ids.issued(), 0);
        ids.next();
        ids.next();
        assert_eq!(ids.issued(), 2);
        // The last id, then calls that get nothing and count nothing.
        for _ in 0..5 {
            ids.next();
        }
        assert_eq!(ids.issued(), 3);
    });
}

#[test]
fn none_stays_none_at_the_top_of_u64() {
    within_10s("next at the top of u64", || {
        let ids = IdAllocator::new(u64::MAX - 2..u64::MAX);
        assert_eq!(ids.next(), Some(u64::MAX - 2));
        assert_eq!(ids.next(), Some(u64::MAX - 1));
        for call in 1..=100 {
            assert_eq!(ids.next(), None, "call {call} after the last id");
        }
        assert_eq!(ids.issued(), 2);
    });
}

#[test]
fn threads_never_get_the_same_id() {
    // Small under Miri, which interprets every step.
    let per_thread: u64 = if cfg!(miri) { 50 } else { 5_000 };
    let threads = 4;
    let got = within_10s("four threads taking ids", move || {
        let ids = IdAllocator::new(0..u64::MAX);
        thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|_| s.spawn(|| (0..per_thread).map(|_| ids.next()).collect::<Vec<_>>()))
                .collect();
            let got: Vec<Option<u64>> = handles
                .into_iter()
                .flat_map(|handle| handle.join().unwrap())
                .collect();
            (got, ids.issued())
        })
    });
    let (got, issued) = got;
    let total = threads * per_thread;
    let distinct: HashSet<u64> = got.iter().map(|id| id.expect("an id")).collect();
    assert_eq!(distinct.len() as u64, total, "some id was handed out twice");
    // No id skipped: exactly 0 to total - 1.
    assert_eq!(distinct, (0..total).collect());
    assert_eq!(issued, total);
}

#[test]
fn exhaustion_is_exact_when_many_threads_race_at_the_end() {
    // Many short rounds, so that the threads meet at the end of the range
    // many times. Fewer under Miri.
    let rounds = if cfg!(miri) { 2 } else { 200 };
    let threads = 4;
    let range = 1_000..1_040;
    within_10s("threads racing for the last ids", move || {
        for round in 0..rounds {
            let ids = IdAllocator::new(range.clone());
            let start = Barrier::new(threads);
            let taken: Vec<Vec<u64>> = thread::scope(|s| {
                let handles: Vec<_> = (0..threads)
                    .map(|_| {
                        s.spawn(|| {
                            start.wait();
                            let mut mine = Vec::new();
                            while let Some(id) = ids.next() {
                                mine.push(id);
                            }
                            // Once None, None on every later call too.
                            for _ in 0..10 {
                                assert_eq!(ids.next(), None, "round {round}: an id after None");
                            }
                            mine
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            let mut all: Vec<u64> = taken.concat();
            all.sort_unstable();
            assert_eq!(
                all,
                range.clone().collect::<Vec<_>>(),
                "round {round}: not every id of the range exactly once"
            );
            assert_eq!(ids.issued(), 40, "round {round}");
            assert_eq!(ids.next(), None, "round {round}");
        }
    });
}
