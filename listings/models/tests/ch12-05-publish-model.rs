// Under `--cfg loom` the model checker explores every interleaving, and the
// values a relaxed load may return.
#[cfg(loom)]
use loom::{
    model,
    sync::Arc,
    sync::atomic::{AtomicBool, AtomicUsize, Ordering},
    thread,
};
#[cfg(not(loom))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicBool, AtomicUsize, Ordering},
    thread,
};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

// ANCHOR: main
/// A report, written by one thread and read by another once `ready` is set.
struct Report {
    total: AtomicUsize,
    ready: AtomicBool,
}

/// The writer stores the total, then sets the flag with `publish`; the
/// reader checks the flag with `observe` and, if it is set, reads the total.
fn publish_and_read(publish: Ordering, observe: Ordering) {
    model(move || {
        let report = Arc::new(Report {
            total: AtomicUsize::new(0),
            ready: AtomicBool::new(false),
        });
        let writer = {
            let report = Arc::clone(&report);
            thread::spawn(move || {
                report.total.store(42, Ordering::Relaxed);
                report.ready.store(true, publish);
            })
        };
        if report.ready.load(observe) {
            assert_eq!(
                report.total.load(Ordering::Relaxed),
                42,
                "saw the flag, not the total"
            );
        }
        writer.join().unwrap();
    });
}

#[test]
fn relaxed_flag_can_show_a_stale_total() {
    publish_and_read(Ordering::Relaxed, Ordering::Relaxed);
}

#[test]
fn release_acquire_flag_publishes_the_total() {
    publish_and_read(Ordering::Release, Ordering::Acquire);
}
// ANCHOR_END: main
