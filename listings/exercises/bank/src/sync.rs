//! The lock the bank's accounts sit behind. A normal build uses the
//! standard library's `Mutex`. The grader builds with `--cfg loom` and gets
//! loom's, which records every lock, so that loom can explore the orders of
//! the threads in the cases of `tests/loom.rs`. Use these types, not
//! `std::sync`'s, and leave this file as it is.

// Your code may not use every type this file gives it.
#![allow(unused_imports)]

#[cfg(not(loom))]
pub use std::sync::{Mutex, MutexGuard};

#[cfg(loom)]
pub use loom::sync::{Mutex, MutexGuard};
