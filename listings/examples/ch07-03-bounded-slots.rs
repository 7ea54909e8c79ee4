// ANCHOR: main
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

const SLOTS: usize = 250;

/// Takes one of `SLOTS` download slots, if one is left.
fn take_slot(taken: &AtomicUsize) -> bool {
    let mut current = taken.load(Ordering::Relaxed);
    loop {
        if current >= SLOTS {
            return false;
        }
        // Write `current + 1` only if the value is still `current`.
        match taken.compare_exchange(current, current + 1, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return true,
            // Another thread got in first: `seen` is the value it left.
            Err(seen) => current = seen,
        }
    }
}

fn main() {
    let taken = AtomicUsize::new(0);
    let granted: usize = thread::scope(|s| {
        let handles: Vec<_> = (0..10)
            .map(|_| s.spawn(|| (0..100).filter(|_| take_slot(&taken)).count()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    println!("10 threads asked for 100 slots each");
    println!("slots granted: {granted} of {SLOTS}");
    println!("counter at the end: {}", taken.into_inner());
}
// ANCHOR_END: main
