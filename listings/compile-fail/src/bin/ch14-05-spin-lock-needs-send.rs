// copy-of: ch14-04-spin-lock
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

// SAFETY: `value` is reached only through a `SpinGuard`, and at most one
// guard exists at a time (`lock` returns one only after its
// compare-exchange moved `locked` from false to true). The guard's `Release`
// store of false happens before the next `Acquire` exchange that reads it,
// so each holder's accesses happen before the next holder's. The value
// passes from thread to thread, hence `T: Send`, the bound of
// `std::sync::Mutex` too. `T: Sync` is not needed: only the holder gets a
// `&T`, unless it shares its guard, and a shared guard is `Sync` only when
// `T` is (see `SpinGuard`).
unsafe impl<T: Send> Sync for SpinLock<T> {}

impl<T> SpinLock<T> {
    pub const fn new(value: T) -> Self {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    pub fn lock(&self) -> SpinGuard<'_, T> {
        // The exchange fails while another thread holds the lock; the
        // waiter then only reads `locked` until it sees the lock free.
        while self
            .locked
            .compare_exchange(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            while self.locked.load(Ordering::Relaxed) {
                hint::spin_loop();
            }
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
    // A field of size zero that makes the compiler treat the guard, for
    // `Send` and `Sync`, as if it held a `&'a mut T`. A `&SpinGuard` gives
    // out `&T`, so the guard may be `Sync` only if `T` is, as `&mut T` is
    // (std's `MutexGuard` says the same). It is `Send` when `T` is, unlike
    // `MutexGuard`: unlocking is an atomic store, valid on any thread.
    _not_shared_unless_t_is_sync: PhantomData<&'a mut T>,
}

impl<T> Deref for SpinGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: the lock is held, so no other guard exists; `&self` rules
        // out `deref_mut` while the returned borrow lives; other threads can
        // reach the value only through a shared `&SpinGuard`, which is `Sync`
        // only when `T` is. The previous holder's accesses happen before
        // this one (see the `unsafe impl Sync`).
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
        for _ in 0..THREADS {
            let latest = &latest;
            scope.spawn(move || {
                // A clone taken out of the lock: the count goes up under the
                // lock, and down when `mine` is dropped, with no lock held.
                let mine = std::rc::Rc::clone(&latest.lock());
                drop(mine);
            });
        }
    });
}
// ANCHOR_END: main
