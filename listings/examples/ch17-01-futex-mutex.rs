// The workspace denies `unsafe_code`; this listing opts in.
#![allow(unsafe_code)]
// ANCHOR: main
use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::thread;

/// Nobody holds the lock.
const UNLOCKED: u32 = 0;
/// Somebody holds it, and nobody waits for it.
const LOCKED: u32 = 1;
/// Somebody holds it, and somebody may be waiting for it.
const CONTENDED: u32 = 2;

/// How many times an unlock called `wake_one`, for this program to print.
static WAKE_CALLS: AtomicUsize = AtomicUsize::new(0);

/// `atomic_wait::wake_one`, counted.
fn wake_one(word: &AtomicU32) {
    WAKE_CALLS.fetch_add(1, Ordering::Relaxed);
    atomic_wait::wake_one(word);
}

/// A lock whose waiters sleep in the kernel until an unlock wakes them.
pub struct Mutex<T> {
    state: AtomicU32,
    value: UnsafeCell<T>,
}

// SAFETY: `value` is reached only through a `MutexGuard`, and at most one
// guard exists at a time: `lock` returns one only after it moved `state`
// from `UNLOCKED` to `LOCKED` or `CONTENDED` itself. The guard's `Release`
// swap to `UNLOCKED` happens before the `Acquire` exchange or swap that
// takes the lock next, so each holder's accesses happen before the next
// holder's. The value passes from thread to thread: `T: Send`.
unsafe impl<T: Send> Sync for Mutex<T> {}

impl<T> Mutex<T> {
    pub const fn new(value: T) -> Self {
        Mutex {
            state: AtomicU32::new(UNLOCKED),
            value: UnsafeCell::new(value),
        }
    }

    pub fn lock(&self) -> MutexGuard<'_, T> {
        if self
            .state
            .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            // Taken. Say that somebody waits, and sleep while that is so. A
            // swap that finds `UNLOCKED` took the lock (as `CONTENDED`: other
            // waiters may still sleep, and our unlock must wake one).
            while self.state.swap(CONTENDED, Ordering::Acquire) != UNLOCKED {
                atomic_wait::wait(&self.state, CONTENDED);
            }
        }
        MutexGuard {
            mutex: self,
            _not_sync_unless_t_is: PhantomData,
        }
    }
}

/// Proof that the lock is held; unlocks when dropped.
pub struct MutexGuard<'a, T> {
    mutex: &'a Mutex<T>,
    _not_sync_unless_t_is: PhantomData<&'a mut T>,
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this guard holds the lock (see `unsafe impl Sync`), and
        // the `&T` lives no longer than the borrow of the guard.
        unsafe { &*self.mutex.value.get() }
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`, and the `&mut self` borrow makes this the
        // only reference to the value that the guard hands out.
        unsafe { &mut *self.mutex.value.get() }
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        // Only a `CONTENDED` lock can have a sleeper to wake.
        if self.mutex.state.swap(UNLOCKED, Ordering::Release) == CONTENDED {
            wake_one(&self.mutex.state);
        }
    }
}

fn main() {
    let counter = Mutex::new(0_u64);

    // Alone: every `lock` finds `UNLOCKED`, every unlock finds `LOCKED`.
    for _ in 0..ROUNDS {
        *counter.lock() += 1;
    }
    println!(
        "alone: {ROUNDS} unlocks, {} wake calls",
        WAKE_CALLS.swap(0, Ordering::Relaxed)
    );

    // One waiter: `main` holds the lock until the waiter has marked it.
    thread::scope(|s| {
        let guard = counter.lock();
        s.spawn(|| *counter.lock() += 1);
        while counter.state.load(Ordering::Relaxed) != CONTENDED {
            thread::yield_now();
        }
        drop(guard);
    });
    println!(
        "one waiter: 2 unlocks, {} wake calls",
        WAKE_CALLS.swap(0, Ordering::Relaxed)
    );

    // Four threads at once: the lock still counts every increment.
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..ROUNDS {
                    *counter.lock() += 1;
                }
            });
        }
    });
    let total = *counter.lock();
    println!(
        "four threads: every increment counted: {}",
        total == 5 * ROUNDS + 1
    );
}
// ANCHOR_END: main

/// Miri interprets every step: the verify tier runs fewer rounds.
const ROUNDS: u64 = if cfg!(miri) { 10 } else { 10_000 };
