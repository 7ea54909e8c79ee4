//! The atomic the allocator counts with. A normal build uses the standard
//! library's `AtomicU64`. The grader builds with `--cfg loom` and gets
//! loom's, which records every load, store and read-modify-write, so that
//! loom can explore the orders of the threads in the cases of
//! `tests/loom.rs`. Use these types, not `std::sync::atomic`'s, and leave
//! this file as it is.

// Your code may not use every type this file gives it.
#![allow(unused_imports)]

/// `AtomicU64` and `Ordering`, from the standard library or from loom.
pub mod atomic {
    #[cfg(not(loom))]
    pub use std::sync::atomic::{AtomicU64, Ordering};

    #[cfg(loom)]
    pub use loom::sync::atomic::{AtomicU64, Ordering};
}
