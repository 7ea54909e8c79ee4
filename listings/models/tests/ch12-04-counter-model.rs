// Under `--cfg loom` the model checker explores every interleaving.
#[cfg(loom)]
use loom::{
    model,
    sync::Arc,
    sync::atomic::{AtomicUsize, Ordering},
    thread,
};
#[cfg(not(loom))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicUsize, Ordering},
    thread,
};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

// ANCHOR: main
/// Records a page view in two steps: load the count, then store it plus one.
fn record_with_load_and_store(views: &AtomicUsize) {
    let seen = views.load(Ordering::SeqCst);
    views.store(seen + 1, Ordering::SeqCst);
}

/// Records a page view in one indivisible step.
fn record_with_fetch_add(views: &AtomicUsize) {
    views.fetch_add(1, Ordering::SeqCst);
}

/// Two threads record one view each; afterwards the count must be 2.
fn two_views(record: fn(&AtomicUsize)) {
    model(move || {
        let views = Arc::new(AtomicUsize::new(0));
        let other = {
            let views = Arc::clone(&views);
            thread::spawn(move || record(&views))
        };
        record(&views);
        other.join().unwrap();
        assert_eq!(views.load(Ordering::SeqCst), 2, "a view was lost");
    });
}

#[test]
fn load_then_store_loses_views() {
    two_views(record_with_load_and_store);
}

#[test]
fn fetch_add_counts_every_view() {
    two_views(record_with_fetch_add);
}
// ANCHOR_END: main
