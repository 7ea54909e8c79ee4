// copy-of: ch17-05-futex-rwlock const READERS, const WRITERS_WAITING, const ONE_WRITER_WAITING, const WRITE_LOCKED, struct RwLock, struct ReadGuard, struct WriteGuard
// The workspace denies `unsafe_code`; this listing opts in.
#![allow(unsafe_code)]
use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};
use std::process;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// Bits 0 to 19 of the state: how many readers hold the lock.
const READERS: u32 = (1 << 20) - 1;
/// Bits 20 to 30: how many writers wait; new readers wait while any does.
const WRITERS_WAITING: u32 = ((1 << 11) - 1) << 20;
/// One waiting writer, in `WRITERS_WAITING`.
const ONE_WRITER_WAITING: u32 = 1 << 20;
/// Bit 31: a writer holds the lock.
const WRITE_LOCKED: u32 = 1 << 31;

/// Many readers or one writer; new readers wait while any writer waits.
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
// part of the state, and each unlock is a `Release` change of the state.
// Every change of `state` is a read-modify-write, so the exchange that
// takes the lock reads a value in the release sequence of every earlier
// unlock (chapter 7), and a writer's accesses and every reader's happen
// before the next holder's. Readers on several threads hold `&T` at once
// (`T: Sync`), and a writer on any thread gets `&mut T` (`T: Send`).
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
            if state & (WRITE_LOCKED | WRITERS_WAITING) == 0 {
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
                // Sleep while the state is what we saw; the write unlock
                // that leaves no writer waiting wakes every reader.
                atomic_wait::wait(&self.state, state);
                state = self.state.load(Ordering::Relaxed);
            }
        }
    }

    /// `read`, but `None` where `read` would wait.
    pub fn try_read(&self) -> Option<ReadGuard<'_, T>> {
        let mut state = self.state.load(Ordering::Relaxed);
        while state & (WRITE_LOCKED | WRITERS_WAITING) == 0 {
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
        // Whether this writer is counted in `WRITERS_WAITING`.
        let mut counted = false;
        let mut state = self.state.load(Ordering::Relaxed);
        loop {
            if state & (READERS | WRITE_LOCKED) == 0 {
                // Free: take it, and leave the count of waiting writers,
                // less this one if it counted itself.
                let mine = if counted { ONE_WRITER_WAITING } else { 0 };
                match self.state.compare_exchange(
                    state,
                    (state - mine) | WRITE_LOCKED,
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
            if !counted {
                // Hold new readers back until this writer has had its turn.
                assert_ne!(
                    state & WRITERS_WAITING,
                    WRITERS_WAITING,
                    "too many waiting writers"
                );
                match self.state.compare_exchange(
                    state,
                    state + ONE_WRITER_WAITING,
                    Ordering::Relaxed,
                    Ordering::Relaxed,
                ) {
                    Ok(_) => counted = true,
                    Err(now) => {
                        state = now;
                        continue;
                    }
                }
            }
            // Read the wake counter, then look again. If the read sees an
            // unlock's increment, the look sees that unlock's change: the lock
            // free, or taken by another writer, whose unlock changes the counter
            // again (this writer is counted). If the read is older, the wake
            // is yet to come: the `wait` returns at once, or is asleep by then.
            let seen = self.writer_wake.load(Ordering::Acquire);
            state = self.state.load(Ordering::Relaxed);
            if state & (READERS | WRITE_LOCKED) != 0 {
                atomic_wait::wait(&self.writer_wake, seen);
                state = self.state.load(Ordering::Relaxed);
            }
        }
    }

    /// How many writers have said that they wait (for the examples).
    pub fn writers_waiting(&self) -> u32 {
        (self.state.load(Ordering::Relaxed) & WRITERS_WAITING) / ONE_WRITER_WAITING
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
        if before & READERS == 1 && before & WRITERS_WAITING != 0 {
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
        // Keeps the count of waiting writers.
        let before = self.lock.state.fetch_and(!WRITE_LOCKED, Ordering::Release);
        if before & WRITERS_WAITING != 0 {
            // A writer waits: it goes next, and the readers sleep on.
            self.lock.wake_a_writer();
        } else {
            // No bit says whether a reader sleeps: wake them all.
            atomic_wait::wake_all(&self.lock.state);
        }
    }
}

// ANCHOR: main
/// How long `main` waits for the second read guard.
const PATIENCE: Duration = Duration::from_millis(500);

fn main() {
    // Leaked: the threads still hold it when the program exits.
    let config: &'static RwLock<String> =
        Box::leak(Box::new(RwLock::new(String::from("retries=3"))));
    let (holding_tx, holding_rx) = mpsc::channel();
    let (second_tx, second_rx) = mpsc::channel();

    let reader = thread::spawn(move || {
        let first = config.read();
        holding_tx.send(()).unwrap();
        while config.writers_waiting() == 0 {
            thread::yield_now();
        }
        let second = config.read(); // waits behind the writer
        second_tx.send(()).unwrap();
        drop((first, second));
    });
    holding_rx.recv().unwrap();
    let writer = thread::spawn(move || *config.write() = String::from("retries=5"));
    while config.writers_waiting() == 0 {
        thread::yield_now();
    }

    match second_rx.recv_timeout(PATIENCE) {
        Ok(()) => println!("the second read got in"),
        Err(RecvTimeoutError::Timeout) => {
            println!("writers waiting: {}", config.writers_waiting());
            println!("writer finished: {}", writer.is_finished());
            println!("reader finished: {}", reader.is_finished());
            println!(
                "deadlock: no second read guard after {PATIENCE:?}; \
                 the reader waits for the writer, the writer for the reader's first guard"
            );
            // Neither thread can be stopped: leave them blocked.
            process::exit(0);
        }
        Err(RecvTimeoutError::Disconnected) => println!("the reader panicked"),
    }
}
// ANCHOR_END: main
