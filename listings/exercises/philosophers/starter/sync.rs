//! The types the philosophers synchronise with. A normal build uses the
//! standard library's. The grader builds with `--cfg loom` and gets loom's,
//! which record every lock, so that loom can explore the orders of the
//! threads in the cases of `tests/loom.rs`. Use these types, not
//! `std::sync`'s and `std::thread`, and leave this file as it is (a helper
//! that takes or returns a guard names it `sync::MutexGuard`, since
//! `std::sync::MutexGuard` is not the guard of loom's `Mutex`). loom has
//! no `thread::scope`: share with an `Arc` and `thread::spawn`.

// Your code may not use every type this file gives it.
#![allow(unused_imports)]

#[cfg(not(loom))]
pub use std::sync::{Arc, Mutex, MutexGuard};
#[cfg(not(loom))]
pub use std::thread;

#[cfg(loom)]
pub use loom::sync::{Arc, Mutex, MutexGuard};
#[cfg(loom)]
pub use loom::thread;
