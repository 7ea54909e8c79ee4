//! A countdown latch: it starts at a count, threads count it down, and
//! threads that wait on it block until the count reaches zero. Once open,
//! it stays open.
//!
//! A wrong solution that the grader must reject: `count_down` reads the
//! count under one guard and stores one less under another. Two
//! `count_down`s on a latch of count 2 can both read 2 and both store 1:
//! the count never reaches zero, no `count_down` notifies, and loom
//! reports a deadlock of the thread in `wait`.

// The standard library's `Mutex` and `Condvar`, or loom's for the grader (see sync.rs).
mod sync;

use std::time::Duration;

use sync::{Condvar, Mutex};

/// A countdown latch built from a `Mutex` and a `Condvar`.
pub struct Latch {
    /// What is left to count down; the latch is open at zero.
    count: Mutex<usize>,
    /// Notified when `count` reaches zero.
    opened: Condvar,
}

impl Latch {
    /// A latch that opens after `count` calls to `count_down`. A latch made
    /// with a count of zero is open from the start.
    pub fn new(count: usize) -> Self {
        Latch {
            count: Mutex::new(count),
            opened: Condvar::new(),
        }
    }

    /// Takes one from the count, and releases every waiting thread when
    /// the count reaches zero. On an open latch, it does nothing: the count
    /// stays at zero.
    pub fn count_down(&self) {
        let count = *self.count.lock().unwrap();
        if count == 0 {
            return;
        }
        // The first guard is gone: another `count_down` can read the same
        // count before this one stores its result.
        let mut stored = self.count.lock().unwrap();
        *stored = count - 1;
        let open = *stored == 0;
        drop(stored);
        if open {
            self.opened.notify_all();
        }
    }

    /// What is left to count down: zero once the latch is open.
    pub fn count(&self) -> usize {
        *self.count.lock().unwrap()
    }

    /// Blocks the calling thread until the count is zero; returns at once if
    /// it already is.
    pub fn wait(&self) {
        let count = self.count.lock().unwrap();
        let _open = self.opened.wait_while(count, |count| *count > 0).unwrap();
    }

    /// Blocks the calling thread until the count is zero, for at most
    /// `timeout`. Returns `true` if the count reached zero, `false` if the
    /// time ran out first.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let count = self.count.lock().unwrap();
        let (count, _) = self
            .opened
            .wait_timeout_while(count, timeout, |count| *count > 0)
            .unwrap();
        *count == 0
    }
}
