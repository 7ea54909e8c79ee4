// The workspace denies `unsafe_code`; this listing opts in.
#![allow(unsafe_code)]
// miri: report
// ANCHOR: main
use std::cell::UnsafeCell;
use std::sync::atomic::{AtomicU8, Ordering};
use std::thread;

const EMPTY: u8 = 0;
const READY: u8 = 2;

/// Listing 14.2's slot without the claim: `set` writes whenever it is called.
struct Slot<T> {
    state: AtomicU8,
    value: UnsafeCell<Option<T>>,
}

// SAFETY (wrong): "`set` writes before its `Release` store of READY, and
// `get` reads only after an `Acquire` load sees READY, so a reader never
// meets a write." True of a reader and a writer; it says nothing of two
// threads that call `set`, and `Sync` lets them.
unsafe impl<T: Send + Sync> Sync for Slot<T> {}

impl<T> Slot<T> {
    const fn new() -> Self {
        Slot {
            state: AtomicU8::new(EMPTY),
            value: UnsafeCell::new(None),
        }
    }

    fn set(&self, value: T) {
        // SAFETY (wrong): see the `unsafe impl` above.
        unsafe { *self.value.get() = Some(value) };
        self.state.store(READY, Ordering::Release);
    }

    fn get(&self) -> Option<&T> {
        if self.state.load(Ordering::Acquire) == READY {
            // SAFETY: as in listing 14.2, for a single writer.
            unsafe { (*self.value.get()).as_ref() }
        } else {
            None
        }
    }
}

fn main() {
    let leader: Slot<&str> = Slot::new();
    thread::scope(|scope| {
        scope.spawn(|| leader.set("north"));
        scope.spawn(|| leader.set("south"));
    });
    println!("a leader is set: {}", leader.get().is_some());
}
// ANCHOR_END: main
