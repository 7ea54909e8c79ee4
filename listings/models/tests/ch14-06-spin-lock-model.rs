// The workspace denies `unsafe_code`; this model opts in.
#![allow(unsafe_code)]
// Under `--cfg loom` the model checker explores every interleaving, and
// its `UnsafeCell` checks that each write to the value and every other
// access to it are ordered by happens-before.
#[cfg(loom)]
use loom::{
    cell::UnsafeCell,
    hint,
    sync::Arc,
    sync::atomic::{AtomicBool, Ordering},
    thread,
};
#[cfg(not(loom))]
use std::{
    hint,
    sync::Arc,
    sync::atomic::{AtomicBool, Ordering},
    thread,
};
// loom's `model`, with the places of the accesses in its reports.
#[cfg(loom)]
fn model(body: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.location = true;
    builder.check(body);
}
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

/// std's `UnsafeCell` with loom's `with_mut`, so that the model compiles
/// without loom too.
#[cfg(not(loom))]
struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    fn new(value: T) -> Self {
        UnsafeCell(std::cell::UnsafeCell::new(value))
    }
    fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

// ANCHOR: main
/// Listing 14.4's lock on loom's `UnsafeCell`, the unlocking store's ordering
/// a parameter. No guard: `with_lock` locks, runs `f` on the value, unlocks.
/// A waiter retries the exchange alone (a `Relaxed` poll would order nothing).
struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
    unlock: Ordering,
}

// SAFETY: as for listing 14.4, when `unlock` is `Release`. The buggy twin
// below breaks this argument on purpose, and loom says so.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    fn with_lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        while self
            .locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            hint::spin_loop();
        }
        // SAFETY: the exchange above took the lock; see the `unsafe impl`.
        let result = self.value.with_mut(|value| f(unsafe { &mut *value }));
        self.locked.store(false, self.unlock);
        result
    }
}

/// Two threads add one each under the lock.
fn two_increments(unlock: Ordering) {
    model(move || {
        let counter = Arc::new(SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(0_u32),
            unlock,
        });
        let other = {
            let counter = Arc::clone(&counter);
            thread::spawn(move || counter.with_lock(|count| *count += 1))
        };
        counter.with_lock(|count| *count += 1);
        other.join().unwrap();
        assert_eq!(counter.with_lock(|count| *count), 2);
    });
}

#[test]
fn release_unlock_orders_the_holders() {
    two_increments(Ordering::Release);
}

#[test]
fn relaxed_unlock_lets_the_next_holder_race() {
    two_increments(Ordering::Relaxed);
}
// ANCHOR_END: main
