// The workspace denies `unsafe_code`; this model opts in.
#![allow(unsafe_code)]
// Under `--cfg loom` the model checker explores the interleavings of the
// threads (and reports a deadlock when no thread can go on).
#[cfg(loom)]
use loom::{
    cell::UnsafeCell,
    sync::atomic::{AtomicU32, Ordering},
    sync::{Condvar, Mutex as EmulationLock},
    thread,
};
#[cfg(not(loom))]
use std::{
    sync::atomic::{AtomicU32, Ordering},
    sync::{Condvar, Mutex as EmulationLock},
    thread,
};
// loom's `model`, with at most three preemptions, to keep the run short.
#[cfg(loom)]
fn model(body: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
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
/// A futex word, emulated: loom cannot run the system call. `wait` looks at
/// the word under the emulation's lock and sleeps on its `Condvar`; a wake
/// takes the same lock, so it cannot fall between the look and the sleep.
struct Futex {
    word: AtomicU32,
    lock: EmulationLock<()>,
    sleepers: Condvar,
}

impl Futex {
    fn new(value: u32) -> Self {
        Futex {
            word: AtomicU32::new(value),
            lock: EmulationLock::new(()),
            sleepers: Condvar::new(),
        }
    }

    /// `atomic_wait::wait`: sleep only if the word still holds `expected`.
    fn wait(&self, expected: u32) {
        let guard = self.lock.lock().unwrap();
        if self.word.load(Ordering::Relaxed) == expected {
            drop(self.sleepers.wait(guard).unwrap());
        }
    }

    /// `atomic_wait::wake_one`.
    fn wake_one(&self) {
        let _guard = self.lock.lock().unwrap();
        self.sleepers.notify_one();
    }
}

const UNLOCKED: u32 = 0;
const LOCKED: u32 = 1;
const CONTENDED: u32 = 2;

/// Listing 17.1's lock, or one of two twins, each with one mistake.
#[derive(Clone, Copy, PartialEq)]
enum Version {
    Correct,
    /// After a wake-up, the waiter takes the lock as `LOCKED`, not
    /// `CONTENDED`, so its unlock wakes nobody.
    RelocksAsLocked,
    /// The unlock reads the state, then stores `UNLOCKED`: a waiter that
    /// marks the lock in between is not woken.
    LoadThenStore,
}

/// No guard: `with_lock` locks, runs `f` on the value, unlocks.
struct Mutex<T> {
    state: Futex,
    value: UnsafeCell<T>,
    version: Version,
}

// SAFETY: as for listing 17.1 when `version` is `Correct`. The twins break
// the lock's progress, not its exclusion.
unsafe impl<T: Send> Sync for Mutex<T> {}

impl<T> Mutex<T> {
    fn with_lock<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let state = &self.state.word;
        if state
            .compare_exchange(UNLOCKED, LOCKED, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            if self.version == Version::RelocksAsLocked {
                if state.swap(CONTENDED, Ordering::Acquire) != UNLOCKED {
                    loop {
                        self.state.wait(CONTENDED);
                        // The mistake: `LOCKED`, as if nobody else waited.
                        let relocked = state.compare_exchange(
                            UNLOCKED,
                            LOCKED,
                            Ordering::Acquire,
                            Ordering::Relaxed,
                        );
                        if relocked.is_ok() || state.swap(CONTENDED, Ordering::Acquire) == UNLOCKED
                        {
                            break;
                        }
                    }
                }
            } else {
                while state.swap(CONTENDED, Ordering::Acquire) != UNLOCKED {
                    self.state.wait(CONTENDED);
                }
            }
        }
        // SAFETY: the lock is held (see the `unsafe impl`).
        let result = self.value.with_mut(|value| f(unsafe { &mut *value }));
        let was = if self.version == Version::LoadThenStore {
            let was = state.load(Ordering::Relaxed);
            state.store(UNLOCKED, Ordering::Release);
            was
        } else {
            state.swap(UNLOCKED, Ordering::Release)
        };
        if was == CONTENDED {
            self.state.wake_one();
        }
        result
    }
}

/// `threads` threads add one each under the lock.
fn increments(version: Version, threads: u32) {
    model(move || {
        // Leaked: when loom finds a deadlock it stops the model while
        // threads still hold their references.
        let counter: &'static Mutex<u32> = Box::leak(Box::new(Mutex {
            state: Futex::new(UNLOCKED),
            value: UnsafeCell::new(0),
            version,
        }));
        let others: Vec<_> = (1..threads)
            .map(|_| thread::spawn(move || counter.with_lock(|count| *count += 1)))
            .collect();
        counter.with_lock(|count| *count += 1);
        for other in others {
            other.join().unwrap();
        }
        assert_eq!(counter.with_lock(|count| *count), threads);
    });
}

#[test]
fn three_states_wake_every_waiter() {
    increments(Version::Correct, 3);
}

#[test]
fn relocking_as_locked_strands_a_second_waiter() {
    increments(Version::RelocksAsLocked, 3);
}

#[test]
fn load_then_store_misses_a_waiter() {
    increments(Version::LoadThenStore, 2);
}
// ANCHOR_END: main
