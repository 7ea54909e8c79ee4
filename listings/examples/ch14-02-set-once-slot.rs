// The workspace denies `unsafe_code`; this listing opts in.
#![allow(unsafe_code)]
// ANCHOR: main
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicU8, Ordering};
use std::thread;

const EMPTY: u8 = 0;
const WRITING: u8 = 1;
const READY: u8 = 2;

/// A value set once, by whichever thread gets there first, and read by
/// every thread after that.
struct Slot<T> {
    state: AtomicU8,
    value: UnsafeCell<Option<T>>,
}

// SAFETY: `value` is written once, by the one thread whose compare-exchange
// moved `state` from EMPTY to WRITING; no other thread can win that
// exchange, so no two writes meet. `get` reads `value` only after an
// `Acquire` load of `state` sees READY, which the writer stored with
// `Release` after its write: the write happens before every read, and
// nothing writes after READY. Every thread that calls `get` receives a
// `&T`, hence `T: Sync`; the value can be dropped on another thread than
// the one that set it, hence `T: Send`.
unsafe impl<T: Send + Sync> Sync for Slot<T> {}

impl<T> Slot<T> {
    const fn new() -> Self {
        Slot {
            state: AtomicU8::new(EMPTY),
            value: UnsafeCell::new(None),
        }
    }

    /// Stores `value` if the slot is empty, and gives it back otherwise.
    fn set(&self, value: T) -> Result<(), T> {
        let claim =
            self.state
                .compare_exchange(EMPTY, WRITING, Ordering::Relaxed, Ordering::Relaxed);
        if claim.is_err() {
            return Err(value);
        }
        // SAFETY: this thread won the exchange from EMPTY, so it is the only
        // writer, and no `get` reads before it stores READY below.
        unsafe { *self.value.get() = Some(value) };
        self.state.store(READY, Ordering::Release);
        Ok(())
    }

    /// The value, once a `set` has finished.
    fn get(&self) -> Option<&T> {
        if self.state.load(Ordering::Acquire) == READY {
            // SAFETY: this `Acquire` load read the READY that the writer
            // stored with `Release` after writing, so the write happens
            // before this read; nothing writes to `value` again.
            unsafe { (*self.value.get()).as_ref() }
        } else {
            None
        }
    }
}

fn main() {
    let leader: Slot<&str> = Slot::new();
    let (won, seen) = thread::scope(|scope| {
        let candidates: Vec<_> = ["north", "south"]
            .into_iter()
            .map(|name| scope.spawn(|| leader.set(name).is_ok()))
            .collect();
        let reader = scope.spawn(|| {
            loop {
                if let Some(name) = leader.get() {
                    break *name;
                }
                thread::yield_now();
            }
        });
        let won = candidates
            .into_iter()
            .map(|candidate| candidate.join().unwrap())
            .filter(|&succeeded| succeeded)
            .count();
        (won, reader.join().unwrap())
    });
    println!("candidates whose set succeeded: {won}");
    println!(
        "the reader saw the stored name: {}",
        leader.get() == Some(&seen)
    );
}
// ANCHOR_END: main
