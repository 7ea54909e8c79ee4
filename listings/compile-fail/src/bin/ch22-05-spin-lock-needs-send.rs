// copy-of: ch22-04-spin-lock
// The workspace denies `unsafe_code`; this listing opts in.
#![allow(unsafe_code)]
use std::cell::UnsafeCell;
use std::hint;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

/// A lock that waits by spinning: a thread that finds it taken tries again
/// until it is free.
pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// SAFETY: only the thread that holds a `SpinGuard` touches `value`, and at
// most one guard exists at a time (`lock` returns one only after its
// compare-exchange moved `locked` from false to true). The guard's `Release`
// store of false happens before the next `Acquire` exchange that reads it,
// so each holder's accesses happen before the next holder's. The value
// passes from thread to thread, hence `T: Send`, the bound of
// `std::sync::Mutex` too.
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub const fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    pub fn lock(&self) -> SpinGuard<'_, T> {
        // The exchange fails while another thread holds the lock.
        while self
            .locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            hint::spin_loop();
        }
        SpinGuard {
            lock: self,
            _not_shared_unless_t_is_sync: PhantomData,
        }
    }
}

/// Proof that this thread holds the lock; dropping it unlocks.
pub struct SpinGuard<'a, T> {
    lock: &'a SpinLock<T>,
    // A `&SpinGuard` gives out `&T`: the guard may be `Sync` only if `T` is,
    // as `&mut T` is (std's `MutexGuard` says the same).
    _not_shared_unless_t_is_sync: PhantomData<&'a mut T>,
}

impl<T> Deref for SpinGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this guard proves the lock is held, so no other thread
        // accesses the value while the returned borrow of `self` lives.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for SpinGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`; `&mut self` makes this borrow the only one.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for SpinGuard<'_, T> {
    fn drop(&mut self) {
        self.lock.locked.store(false, Ordering::Release);
    }
}

/// Four threads, as many as the benchmark's busiest case.
const THREADS: usize = 4;
/// Miri interprets every step: the verify tier pushes fewer entries.
const ENTRIES: usize = if cfg!(miri) { 25 } else { 1_000 };

// ANCHOR: main
fn main() {
    // An `Rc` counts its owners without atomics: it is not `Send`.
    let latest = SpinLock::new(std::rc::Rc::new(0_usize));
    thread::scope(|scope| {
        for worker in 0..THREADS {
            let latest = &latest;
            scope.spawn(move || *latest.lock() = std::rc::Rc::new(worker * ENTRIES));
        }
    });
}
// ANCHOR_END: main
