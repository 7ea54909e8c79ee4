//! A countdown latch: it starts at a count, threads count it down, and
//! threads that wait on it block until the count reaches zero. Once open,
//! it stays open.

// starter: #![allow(unused_imports, unused_variables)] // delete once your code uses them
// end starter

// The standard library's `Mutex` and `Condvar`, or loom's for the grader (see sync.rs).
mod sync;

use std::time::Duration;

use sync::{Condvar, Mutex};

/// A countdown latch built from a `Mutex` and a `Condvar`.
pub struct Latch {
    // starter: // your fields: the count, and something for waiters to block on
    /// What is left to count down; the latch is open at zero.
    count: Mutex<usize>,
    /// Notified when `count` reaches zero.
    opened: Condvar,
    // end starter
}

impl Latch {
    /// A latch that opens after `count` calls to `count_down`. A latch made
    /// with a count of zero is open from the start.
    pub fn new(count: usize) -> Self {
        // starter: todo!("a latch holding `count`")
        Latch {
            count: Mutex::new(count),
            opened: Condvar::new(),
        }
        // end starter
    }

    /// Takes one from the count, and releases every waiting thread when
    /// the count reaches zero. On an open latch, it does nothing: the count
    /// stays at zero.
    pub fn count_down(&self) {
        // starter: todo!("take one from the count, and wake every waiter when it reaches zero")
        let mut count = self.count.lock().unwrap();
        if *count == 0 {
            return;
        }
        *count -= 1;
        let open = *count == 0;
        drop(count);
        if open {
            self.opened.notify_all();
        }
        // end starter
    }

    /// What is left to count down: zero once the latch is open.
    pub fn count(&self) -> usize {
        // starter: todo!("read the count")
        *self.count.lock().unwrap()
        // end starter
    }

    /// Blocks the calling thread until the count is zero; returns at once if
    /// it already is.
    pub fn wait(&self) {
        // starter: todo!("block until the count is zero")
        let count = self.count.lock().unwrap();
        let _open = self.opened.wait_while(count, |count| *count > 0).unwrap();
        // end starter
    }

    /// Blocks the calling thread until the count is zero, for at most
    /// `timeout`. Returns `true` if the count reached zero, `false` if the
    /// time ran out first.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        // starter: todo!("block until the count is zero, or until `timeout` has passed")
        let count = self.count.lock().unwrap();
        let (count, _) = self
            .opened
            .wait_timeout_while(count, timeout, |count| *count > 0)
            .unwrap();
        *count == 0
        // end starter
    }
}
