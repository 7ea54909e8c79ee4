// The workspace denies `unsafe_code`; this listing opts in.
#![allow(unsafe_code)]
use std::cell::UnsafeCell;
use std::collections::VecDeque;
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

// ANCHOR: main
/// A condition variable on a futex: a counter that every notification
/// changes. Works with listing 17.1's `Mutex`.
struct Condvar {
    notifications: AtomicU32,
}

impl Condvar {
    const fn new() -> Self {
        Condvar {
            notifications: AtomicU32::new(0),
        }
    }

    /// Unlocks, sleeps until a notification, locks again. May also return
    /// without one (a spurious wake-up): call it in a loop.
    fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        // Read the counter while the lock is still held: a notifier has to
        // take the lock to change the condition, so its increment comes
        // after this read, and the `wait` below sees a different value.
        let seen = self.notifications.load(Ordering::Relaxed);
        let mutex = guard.mutex;
        drop(guard);
        atomic_wait::wait(&self.notifications, seen);
        mutex.lock()
    }

    fn notify_one(&self) {
        self.notifications.fetch_add(1, Ordering::Relaxed);
        atomic_wait::wake_one(&self.notifications);
    }

    fn notify_all(&self) {
        self.notifications.fetch_add(1, Ordering::Relaxed);
        atomic_wait::wake_all(&self.notifications);
    }
}

/// What the worker and `main` share, under one lock.
struct Jobs {
    queue: VecDeque<&'static str>,
    closed: bool,
}

fn main() {
    let jobs = Mutex::new(Jobs {
        queue: VecDeque::new(),
        closed: false,
    });
    let changed = Condvar::new();

    thread::scope(|s| {
        s.spawn(|| {
            let mut jobs = jobs.lock();
            loop {
                if let Some(job) = jobs.queue.pop_front() {
                    println!("worker: {job}");
                } else if jobs.closed {
                    println!("worker: queue closed, stopping");
                    return;
                } else {
                    jobs = changed.wait(jobs);
                }
            }
        });
        for job in ["resize photo 1", "resize photo 2", "resize photo 3"] {
            jobs.lock().queue.push_back(job);
            changed.notify_one();
        }
        jobs.lock().closed = true;
        changed.notify_all();
    });
}
// ANCHOR_END: main

// copy-of: ch17-01-futex-mutex const UNLOCKED, const LOCKED, const CONTENDED, static WAKE_CALLS, fn wake_one, struct Mutex, struct MutexGuard
