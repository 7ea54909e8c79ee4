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
const SLOTS: usize = 1;

/// Checks that a slot is left, then takes it: two separate steps.
fn take_slot_check_then_add(taken: &AtomicUsize) -> bool {
    if taken.load(Ordering::Relaxed) < SLOTS {
        taken.fetch_add(1, Ordering::Relaxed);
        return true;
    }
    false
}

/// Listing 7.3's version: the check and the take are one exchange.
fn take_slot_compare_exchange(taken: &AtomicUsize) -> bool {
    let mut current = taken.load(Ordering::Relaxed);
    loop {
        if current >= SLOTS {
            return false;
        }
        match taken.compare_exchange(current, current + 1, Ordering::Relaxed, Ordering::Relaxed) {
            Ok(_) => return true,
            Err(seen) => current = seen,
        }
    }
}

/// Two threads each ask for a slot; only one slot exists.
fn two_requests(take_slot: fn(&AtomicUsize) -> bool) {
    model(move || {
        let taken = Arc::new(AtomicUsize::new(0));
        let other = {
            let taken = Arc::clone(&taken);
            thread::spawn(move || take_slot(&taken))
        };
        let mine = take_slot(&taken);
        let theirs = other.join().unwrap();
        let granted = usize::from(mine) + usize::from(theirs);
        assert!(granted <= SLOTS, "{granted} slots granted, {SLOTS} exist");
    });
}

#[test]
fn check_then_add_grants_too_many() {
    two_requests(take_slot_check_then_add);
}

#[test]
fn compare_exchange_respects_the_limit() {
    two_requests(take_slot_compare_exchange);
}
// ANCHOR_END: main
