//! A countdown latch: it starts at a count, threads count it down, and
//! threads that wait on it block until the count reaches zero. Once open,
//! it stays open.

#![allow(unused_imports, unused_variables)] // delete once your code uses them

// The standard library's `Mutex` and `Condvar`, or loom's for the grader (see sync.rs).
mod sync;

use std::time::Duration;

use sync::{Condvar, Mutex};

/// A countdown latch built from a `Mutex` and a `Condvar`.
pub struct Latch {
    // your fields: the count, and something for waiters to block on
}

impl Latch {
    /// A latch that opens after `count` calls to `count_down`. A latch made
    /// with a count of zero is open from the start.
    pub fn new(count: usize) -> Self {
        todo!("a latch holding `count`")
    }

    /// Takes one from the count, and releases every waiting thread when
    /// the count reaches zero. On an open latch, it does nothing: the count
    /// stays at zero.
    pub fn count_down(&self) {
        todo!("take one from the count, and wake every waiter when it reaches zero")
    }

    /// What is left to count down: zero once the latch is open.
    pub fn count(&self) -> usize {
        todo!("read the count")
    }

    /// Blocks the calling thread until the count is zero; returns at once if
    /// it already is.
    pub fn wait(&self) {
        todo!("block until the count is zero")
    }

    /// Blocks the calling thread until the count is zero, for at most
    /// `timeout`. Returns `true` if the count reached zero, `false` if the
    /// time ran out first.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        todo!("block until the count is zero, or until `timeout` has passed")
    }
}
