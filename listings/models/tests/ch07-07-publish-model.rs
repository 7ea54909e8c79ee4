// Under `--cfg loom` the model checker explores every interleaving, and the
// values a relaxed load may return.
#[cfg(loom)]
use loom::{
    model,
    sync::Arc,
    sync::atomic::{AtomicBool, AtomicU64, Ordering},
    thread,
};
#[cfg(not(loom))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicBool, AtomicU64, Ordering},
    thread,
};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

// ANCHOR: main
/// Listing 7.6's summary, with two readings instead of a hundred.
struct Summary {
    total: AtomicU64,
    count: AtomicU64,
    ready: AtomicBool,
}

/// The writer stores the values, then sets `ready` with `publish`. The
/// reader loads `ready` once with `observe`; if it is set, the values must
/// be there.
fn publish_summary(publish: Ordering, observe: Ordering) {
    model(move || {
        let summary = Arc::new(Summary {
            total: AtomicU64::new(0),
            count: AtomicU64::new(0),
            ready: AtomicBool::new(false),
        });
        let writer = {
            let summary = Arc::clone(&summary);
            thread::spawn(move || {
                summary.total.store(30, Ordering::Relaxed);
                summary.count.store(2, Ordering::Relaxed);
                summary.ready.store(true, publish);
            })
        };
        if summary.ready.load(observe) {
            let total = summary.total.load(Ordering::Relaxed);
            let count = summary.count.load(Ordering::Relaxed);
            assert_eq!((total, count), (30, 2), "ready, but the values are not");
        }
        writer.join().unwrap();
    });
}

#[test]
fn relaxed_flag_can_publish_too_early() {
    publish_summary(Ordering::Relaxed, Ordering::Relaxed);
}

#[test]
fn release_acquire_flag_publishes_the_values() {
    publish_summary(Ordering::Release, Ordering::Acquire);
}
// ANCHOR_END: main
