// The workspace denies `unsafe_code`; this listing opts in.
#![allow(unsafe_code)]
// ANCHOR: main
use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread;

/// Bits 0 to 29 of the state: how many readers hold the lock.
const READERS: u32 = (1 << 30) - 1;
/// Bit 30: a writer waits, and new readers wait behind it.
const WRITER_WAITING: u32 = 1 << 30;
/// Bit 31: a writer holds the lock.
const WRITE_LOCKED: u32 = 1 << 31;

/// Many readers or one writer; a waiting writer goes before new readers.
pub struct RwLock<T> {
    /// Readers sleep on this word.
    state: AtomicU32,
    /// Writers sleep on this word; it changes each time one may go ahead.
    writer_wake: AtomicU32,
    value: UnsafeCell<T>,
}

// SAFETY: a `WriteGuard` exists only while `state` holds `WRITE_LOCKED`
// and no readers, and a `ReadGuard` only while it counts its reader and not
// `WRITE_LOCKED`; each is made after an `Acquire` exchange that set its
// part of the state, and each unlock is a `Release` change of the state,
// so a writer's accesses and every reader's happen before the next
// holder's. Readers on several threads hold `&T` at once (`T: Sync`), and
// a writer on any thread gets `&mut T` (`T: Send`).
unsafe impl<T: Send + Sync> Sync for RwLock<T> {}

impl<T> RwLock<T> {
    pub const fn new(value: T) -> Self {
        RwLock {
            state: AtomicU32::new(0),
            writer_wake: AtomicU32::new(0),
            value: UnsafeCell::new(value),
        }
    }

    pub fn read(&self) -> ReadGuard<'_, T> {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if state & (WRITE_LOCKED | WRITER_WAITING) == 0 {
                assert_ne!(state & READERS, READERS, "too many readers");
                match self.state.compare_exchange_weak(
                    state,
                    state + 1,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => return ReadGuard { lock: self },
                    Err(now) => state = now,
                }
            } else {
                // Sleep while the state is what we saw; a writer's unlock
                // wakes every reader.
                atomic_wait::wait(&self.state, state);
                state = self.state.load(Ordering::Relaxed);
            }
        }
    }

    /// `read`, but `None` where `read` would wait.
    pub fn try_read(&self) -> Option<ReadGuard<'_, T>> {
        let mut state = self.state.load(Ordering::Relaxed);
        while state & (WRITE_LOCKED | WRITER_WAITING) == 0 {
            assert_ne!(state & READERS, READERS, "too many readers");
            match self.state.compare_exchange_weak(
                state,
                state + 1,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(ReadGuard { lock: self }),
                Err(now) => state = now,
            }
        }
        None
    }

    pub fn write(&self) -> WriteGuard<'_, T> {
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if state & (READERS | WRITE_LOCKED) == 0 {
                // Free: take it. This clears `WRITER_WAITING`; a writer
                // still waiting sets it again when it wakes.
                match self.state.compare_exchange(
                    state,
                    WRITE_LOCKED,
                    Ordering::Acquire,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => {
                        return WriteGuard {
                            lock: self,
                            _not_sync_unless_t_is: PhantomData,
                        };
                    }
                    Err(now) => {
                        state = now;
                        continue;
                    }
                }
            }
            if state & WRITER_WAITING == 0 {
                // Hold new readers back.
                if let Err(now) = self.state.compare_exchange(
                    state,
                    state | WRITER_WAITING,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    state = now;
                    continue;
                }
            }
            // Read the wake counter, then look again: an unlock that came
            // before this read shows in the state; one that comes after it
            // changes the counter, and the `wait` does not sleep.
            let seen = self.writer_wake.load(Ordering::Acquire);
            state = self.state.load(Ordering::Relaxed);
            if state & (READERS | WRITE_LOCKED) != 0 {
                atomic_wait::wait(&self.writer_wake, seen);
                state = self.state.load(Ordering::Relaxed);
            }
        }
    }

    /// Whether a writer has said that it waits (for the examples).
    pub fn writer_waiting(&self) -> bool {
        self.state.load(Ordering::Relaxed) & WRITER_WAITING != 0
    }

    /// Lets one waiting writer look at the state again.
    fn wake_a_writer(&self) {
        self.writer_wake.fetch_add(1, Ordering::Release);
        atomic_wait::wake_one(&self.writer_wake);
    }
}

pub struct ReadGuard<'a, T> {
    lock: &'a RwLock<T>,
}

impl<T> Deref for ReadGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this guard counts as a reader, so no writer holds the lock
        // (see `unsafe impl Sync`); other readers only read.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> Drop for ReadGuard<'_, T> {
    fn drop(&mut self) {
        let before = self.lock.state.fetch_sub(1, Ordering::Release);
        // The last reader out lets a waiting writer in.
        if before & READERS == 1 && before & WRITER_WAITING != 0 {
            self.lock.wake_a_writer();
        }
    }
}

pub struct WriteGuard<'a, T> {
    lock: &'a RwLock<T>,
    _not_sync_unless_t_is: PhantomData<&'a mut T>,
}

impl<T> Deref for WriteGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: this guard holds the lock alone (see `unsafe impl Sync`).
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for WriteGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // SAFETY: as for `deref`, and the `&mut self` borrow makes this the
        // only reference to the value that the guard hands out.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for WriteGuard<'_, T> {
    fn drop(&mut self) {
        // Keeps `WRITER_WAITING` if another writer set it meanwhile.
        self.lock.state.fetch_and(!WRITE_LOCKED, Ordering::Release);
        // No bit says whether anyone sleeps: wake one writer and every
        // reader, and let them look at the state again.
        self.lock.wake_a_writer();
        atomic_wait::wake_all(&self.lock.state);
    }
}

fn main() {
    let config = RwLock::new(String::from("retries=3"));

    thread::scope(|s| {
        let first = config.read();
        println!(
            "no writer: second read would wait? {}",
            config.try_read().is_none()
        );

        let writer = s.spawn(|| *config.write() = String::from("retries=5"));
        while !config.writer_waiting() {
            thread::yield_now();
        }
        println!(
            "writer waiting: second read would wait? {}",
            config.try_read().is_none()
        );
        println!(
            "writer done while we hold a read guard? {}",
            writer.is_finished()
        );
        drop(first); // the last reader out wakes the writer
    });
    println!("after the writer: {}", *config.read());

    // Two writers and two readers at once.
    let counter = RwLock::new(0_u32);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..ROUNDS {
                    *counter.write() += 1;
                }
            });
            s.spawn(|| {
                for _ in 0..ROUNDS {
                    assert!(*counter.read() <= 2 * ROUNDS);
                }
            });
        }
    });
    println!(
        "two writers, two readers: every write counted: {}",
        *counter.read() == 2 * ROUNDS
    );
}
// ANCHOR_END: main

/// Miri interprets every step: the verify tier runs fewer rounds.
const ROUNDS: u32 = if cfg!(miri) { 10 } else { 10_000 };
