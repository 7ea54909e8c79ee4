//! The types the configurations synchronise with. A normal build uses the
//! standard library's. The grader builds with `--cfg loom` and gets loom's,
//! which record every lock and every wait, so that loom can explore the
//! orders of the threads in the cases of `tests/loom.rs`. Use these types,
//! not `std::sync`'s, and leave this file as it is.

// Your code may not use every type this file gives it.
#![allow(unused_imports)]

#[cfg(not(loom))]
pub use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

#[cfg(loom)]
pub use loom::sync::{Arc, Mutex, MutexGuard};
#[cfg(loom)]
pub use loom_once_lock::OnceLock;

/// loom 0.7.3 has no `OnceLock`: this one has the methods of the standard
/// library's that an exercise may need (`new`, `get`, `set`,
/// `get_or_init`), built on loom's `Mutex` and `Condvar`, so that loom sees
/// every step. Like the standard library's, `get_or_init` runs one closure
/// at a time: a thread that calls it while another thread's closure runs
/// waits for that closure's value; a closure that panics leaves the cell
/// empty, and the next caller runs its own; a closure that calls
/// `get_or_init` on its own cell never returns (loom reports a deadlock).
#[cfg(loom)]
#[allow(dead_code)] // Your code may not need all of it.
mod loom_once_lock {
    use loom::sync::{Condvar, Mutex};

    pub struct OnceLock<T> {
        /// Where the value is kept. It is read and written only with
        /// `running` locked, so loom's lock orders every access to it.
        value: std::sync::OnceLock<T>,
        /// Whether a thread is running an initialising closure.
        running: Mutex<bool>,
        /// Notified when that closure has returned or panicked.
        finished: Condvar,
    }

    impl<T> OnceLock<T> {
        pub fn new() -> OnceLock<T> {
            OnceLock {
                value: std::sync::OnceLock::new(),
                running: Mutex::new(false),
                finished: Condvar::new(),
            }
        }

        pub fn get(&self) -> Option<&T> {
            let _running = self.running.lock().unwrap();
            self.value.get()
        }

        pub fn set(&self, value: T) -> Result<(), T> {
            let mut value = Some(value);
            self.get_or_init(|| value.take().unwrap());
            match value {
                None => Ok(()),
                Some(value) => Err(value),
            }
        }

        pub fn get_or_init(&self, init: impl FnOnce() -> T) -> &T {
            let mut running = self.running.lock().unwrap();
            loop {
                if let Some(value) = self.value.get() {
                    return value;
                }
                if !*running {
                    break;
                }
                running = self.finished.wait(running).unwrap();
            }
            *running = true;
            drop(running);
            // `init` runs without the lock, so that `get` answers meanwhile.
            // If `init` panics, `finishing` is dropped as the panic unwinds:
            // the cell stays empty, and a waiting thread runs its closure.
            let mut finishing = Finishing {
                cell: self,
                value: None,
            };
            finishing.value = Some(init());
            drop(finishing);
            // Set by `finishing`, and never changed again.
            self.value.get().unwrap()
        }
    }

    impl<T> Default for OnceLock<T> {
        fn default() -> OnceLock<T> {
            OnceLock::new()
        }
    }

    /// Stores the value that the closure returned, if it did, marks the
    /// closure as finished, and wakes the threads that wait for it.
    struct Finishing<'a, T> {
        cell: &'a OnceLock<T>,
        value: Option<T>,
    }

    impl<T> Drop for Finishing<'_, T> {
        fn drop(&mut self) {
            let mut running = self.cell.running.lock().unwrap();
            if let Some(value) = self.value.take() {
                // Only the thread that runs the closure sets the value.
                let _ = self.cell.value.set(value);
            }
            *running = false;
            self.cell.finished.notify_all();
        }
    }
}
