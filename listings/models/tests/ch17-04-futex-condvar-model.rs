// Under `--cfg loom` the model checker explores the interleavings of the
// threads (and reports a deadlock when no thread can go on).
#[cfg(loom)]
use loom::{
    model,
    sync::atomic::{AtomicU32, Ordering},
    sync::{Condvar, Mutex, Mutex as EmulationLock, MutexGuard},
    thread,
};
#[cfg(not(loom))]
use std::{
    sync::atomic::{AtomicU32, Ordering},
    sync::{Condvar, Mutex, Mutex as EmulationLock, MutexGuard},
    thread,
};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

/// Listing 17.2's emulated futex word: `wait` looks at the word under the
/// emulation's lock; a wake takes the same lock.
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

    fn wait(&self, expected: u32) {
        let guard = self.lock.lock().unwrap();
        if self.word.load(Ordering::Relaxed) == expected {
            drop(self.sleepers.wait(guard).unwrap());
        }
    }

    fn wake_one(&self) {
        let _guard = self.lock.lock().unwrap();
        self.sleepers.notify_one();
    }
}

// ANCHOR: main
/// Listing 17.3's `Condvar` on listing 17.2's emulated futex. Its `wait`
/// takes the mutex beside the guard (loom's guard does not give it back),
/// and the ordering mistake of the twin is a parameter.
struct FutexCondvar {
    notifications: Futex,
    reads_after_unlocking: bool,
}

impl FutexCondvar {
    fn wait<'a, T>(&self, mutex: &'a Mutex<T>, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
        let counter = &self.notifications.word;
        let seen = if self.reads_after_unlocking {
            drop(guard);
            // The mistake: a notification can come and go right before.
            counter.load(Ordering::Relaxed)
        } else {
            let seen = counter.load(Ordering::Relaxed);
            drop(guard);
            seen
        };
        self.notifications.wait(seen);
        mutex.lock().unwrap()
    }

    fn notify_one(&self) {
        self.notifications.word.fetch_add(1, Ordering::Relaxed);
        self.notifications.wake_one();
    }
}

/// One thread waits for a flag; the model's thread sets it and notifies.
fn wait_for_flag(reads_after_unlocking: bool) {
    model(move || {
        // Leaked: when loom finds a deadlock it stops the model while
        // threads still hold their references.
        let ready: &'static Mutex<bool> = Box::leak(Box::new(Mutex::new(false)));
        let changed: &'static FutexCondvar = Box::leak(Box::new(FutexCondvar {
            notifications: Futex::new(0),
            reads_after_unlocking,
        }));
        let waiter = thread::spawn(move || {
            let mut flag = ready.lock().unwrap();
            while !*flag {
                flag = changed.wait(ready, flag);
            }
        });
        *ready.lock().unwrap() = true;
        changed.notify_one();
        waiter.join().unwrap();
    });
}

#[test]
fn counter_read_under_the_lock_sees_every_notification() {
    wait_for_flag(false);
}

#[test]
fn counter_read_after_unlocking_loses_the_wake_up() {
    wait_for_flag(true);
}
// ANCHOR_END: main

// copy-of: ch17-02-futex-mutex-model struct Futex
