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
// loom's `model`, with at most `preemptions` preemptions, as listing 17.2
// bounds its own: up to four threads that lock, sleep and wake.
#[cfg(loom)]
fn model(preemptions: usize, body: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(preemptions);
    builder.check(body);
}
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_preemptions: usize, _body: impl Fn()) {}

/// std's `UnsafeCell` with loom's `with` and `with_mut`, so that the model compiles
/// without loom too.
#[cfg(not(loom))]
struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    fn new(value: T) -> Self {
        UnsafeCell(std::cell::UnsafeCell::new(value))
    }
    fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }
    fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

// ANCHOR: main
/// Listing 17.2's emulated futex word, with a `wake_all` that notifies
/// every sleeper under the same emulation lock.
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

    /// `atomic_wait::wake_all`.
    fn wake_all(&self) {
        let _guard = self.lock.lock().unwrap();
        self.sleepers.notify_all();
    }
}

const READERS: u32 = (1 << 20) - 1;
const WRITERS_WAITING: u32 = ((1 << 11) - 1) << 20;
const ONE_WRITER_WAITING: u32 = 1 << 20;
const WRITE_LOCKED: u32 = 1 << 31;

/// Listing 17.5's lock, or one of two twins, each with one mistake.
#[derive(Clone, Copy, PartialEq)]
enum Version {
    Correct,
    /// `read` looks only at `WRITE_LOCKED`: readers pass waiting writers.
    ReadersIgnoreWaitingWriters,
    /// `write` looks at the state again *before* it reads `writer_wake`:
    /// the last reader can leave, and wake nobody, in between.
    CounterReadAfterLook,
}

/// No guards: `with_read` and `with_write` lock, run `f`, unlock.
struct RwLock<T> {
    state: Futex,
    writer_wake: Futex,
    value: UnsafeCell<T>,
    version: Version,
}

// SAFETY: as for listing 17.5; the twins break the order in which threads
// get in, or their progress, not the exclusion.
unsafe impl<T: Send + Sync> Sync for RwLock<T> {}

impl<T> RwLock<T> {
    fn new(value: T, version: Version) -> Self {
        RwLock {
            state: Futex::new(0),
            writer_wake: Futex::new(0),
            value: UnsafeCell::new(value),
            version,
        }
    }

    fn with_read<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        let state = &self.state.word;
        let held_back_by = if self.version == Version::ReadersIgnoreWaitingWriters {
            WRITE_LOCKED // The mistake.
        } else {
            WRITE_LOCKED | WRITERS_WAITING
        };
        let mut now = state.load(Ordering::Relaxed);
        loop {
            if now & held_back_by == 0 {
                match state.compare_exchange(now, now + 1, Ordering::Acquire, Ordering::Relaxed) {
                    Ok(_) => break,
                    Err(changed) => now = changed,
                }
            } else {
                self.state.wait(now);
                now = state.load(Ordering::Relaxed);
            }
        }
        // SAFETY: a reader is counted, so no writer holds the lock.
        let result = self.value.with(|value| f(unsafe { &*value }));
        let before = state.fetch_sub(1, Ordering::Release);
        if before & READERS == 1 && before & WRITERS_WAITING != 0 {
            self.wake_a_writer();
        }
        result
    }

    fn with_write<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let state = &self.state.word;
        let mut counted = false;
        let mut now = state.load(Ordering::Relaxed);
        loop {
            if now & (READERS | WRITE_LOCKED) == 0 {
                let mine = if counted { ONE_WRITER_WAITING } else { 0 };
                match state.compare_exchange(
                    now,
                    (now - mine) | WRITE_LOCKED,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => break,
                    Err(changed) => {
                        now = changed;
                        continue;
                    }
                }
            }
            if !counted {
                match state.compare_exchange(
                    now,
                    now + ONE_WRITER_WAITING,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => counted = true,
                    Err(changed) => {
                        now = changed;
                        continue;
                    }
                }
            }
            let seen = if self.version == Version::CounterReadAfterLook {
                now = state.load(Ordering::Relaxed);
                // The mistake: the last reader may have left just now.
                self.writer_wake.word.load(Ordering::Acquire)
            } else {
                let seen = self.writer_wake.word.load(Ordering::Acquire);
                now = state.load(Ordering::Relaxed);
                seen
            };
            if now & (READERS | WRITE_LOCKED) != 0 {
                self.writer_wake.wait(seen);
                now = state.load(Ordering::Relaxed);
            }
        }
        // SAFETY: `WRITE_LOCKED` is set and no reader is counted.
        let result = self.value.with_mut(|value| f(unsafe { &mut *value }));
        let before = state.fetch_and(!WRITE_LOCKED, Ordering::Release);
        if before & WRITERS_WAITING != 0 {
            self.wake_a_writer();
        } else {
            self.state.wake_all();
        }
        result
    }

    fn writers_waiting(&self) -> u32 {
        (self.state.word.load(Ordering::Relaxed) & WRITERS_WAITING) / ONE_WRITER_WAITING
    }

    fn wake_a_writer(&self) {
        self.writer_wake.word.fetch_add(1, Ordering::Release);
        self.writer_wake.wake_one();
    }
}

/// Two writers add one each, a reader reads in between: loom reports a
/// data race on the value, or a deadlock, if there is one.
fn writers_and_a_reader(version: Version) {
    model(3, move || {
        // Leaked: when loom finds a deadlock it stops the model while
        // threads still hold their references.
        let lock: &'static RwLock<u32> = Box::leak(Box::new(RwLock::new(0, version)));
        let writer = thread::spawn(move || lock.with_write(|count| *count += 1));
        let reader = thread::spawn(move || assert!(lock.with_read(|count| *count) <= 2));
        lock.with_write(|count| *count += 1);
        writer.join().unwrap();
        reader.join().unwrap();
        assert_eq!(lock.with_read(|count| *count), 2);
    });
}

/// While `main` reads, two writers come and wait; a reader that comes
/// after them must see both writes.
fn a_reader_after_waiting_writers(version: Version) {
    model(1, move || {
        let lock: &'static RwLock<u32> = Box::leak(Box::new(RwLock::new(0, version)));
        let (writers, reader) = lock.with_read(|_| {
            let writers: Vec<_> = (0..2)
                .map(|_| thread::spawn(move || lock.with_write(|count| *count += 1)))
                .collect();
            while lock.writers_waiting() < 2 {
                thread::yield_now();
            }
            let reader = thread::spawn(move || {
                let seen = lock.with_read(|count| *count);
                assert_eq!(seen, 2, "the reader got in before a waiting writer");
            });
            (writers, reader)
        });
        for writer in writers {
            writer.join().unwrap();
        }
        reader.join().unwrap();
    });
}

#[test]
fn readers_and_writers_exclude() {
    writers_and_a_reader(Version::Correct);
}

#[test]
fn a_new_reader_waits_for_every_waiting_writer() {
    a_reader_after_waiting_writers(Version::Correct);
}

#[test]
fn readers_ignoring_waiting_writers_get_in_first() {
    a_reader_after_waiting_writers(Version::ReadersIgnoreWaitingWriters);
}

#[test]
fn counter_read_after_the_look_loses_the_wake_up() {
    writers_and_a_reader(Version::CounterReadAfterLook);
}
// ANCHOR_END: main

// copy-of: ch17-02-futex-mutex-model struct Futex
