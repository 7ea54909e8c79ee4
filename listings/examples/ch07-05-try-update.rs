// ANCHOR: main
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

const SLOTS: usize = 250;

/// The same as `take_slot` of listing 7.3: `try_update` runs the loop.
fn take_slot(taken: &AtomicUsize) -> bool {
    taken
        .try_update(Ordering::Relaxed, Ordering::Relaxed, |current| {
            (current < SLOTS).then_some(current + 1)
        })
        .is_ok()
}

fn main() {
    let taken = AtomicUsize::new(0);
    let granted: usize = thread::scope(|s| {
        let handles: Vec<_> = (0..10)
            .map(|_| s.spawn(|| (0..100).filter(|_| take_slot(&taken)).count()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    println!("slots granted: {granted} of {SLOTS}");
    println!("counter at the end: {}", taken.into_inner());
}
// ANCHOR_END: main
