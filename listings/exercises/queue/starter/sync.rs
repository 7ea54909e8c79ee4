//! The types the queue synchronises with. A normal build uses the standard
//! library's. The grader builds with `--cfg loom` and gets loom's, which
//! record every lock and every wait, so that loom can explore the orders
//! of the threads in the cases of `tests/loom.rs`. Use these types, not
//! `std::sync`'s, and leave this file as it is: a helper that takes or
//! returns a guard names it `sync::MutexGuard`, since `std::sync::MutexGuard`
//! is not the guard of loom's `Mutex`.

// Your code may not use every type this file gives it.
#![allow(unused_imports)]

#[cfg(not(loom))]
pub use std::sync::{Condvar, Mutex, MutexGuard};

#[cfg(loom)]
pub use loom::sync::{Mutex, MutexGuard};
#[cfg(loom)]
pub use loom_condvar::Condvar;

/// loom's `Condvar` has `wait` and `wait_timeout` but not `wait_while` nor
/// `wait_timeout_while`: this one adds them, as loops around `wait`. loom
/// does not model time, so a timed wait under loom waits until it is
/// notified, and never reports a timeout.
#[cfg(loom)]
#[allow(dead_code)] // Your code may not need all of it.
mod loom_condvar {
    use std::sync::{LockResult, PoisonError};
    use std::time::Duration;

    use loom::sync::MutexGuard;

    /// What `wait_timeout` and `wait_timeout_while` return beside the guard.
    #[derive(Debug)]
    pub struct WaitTimeoutResult;

    impl WaitTimeoutResult {
        /// Always `false`: under loom, no wait times out.
        pub fn timed_out(&self) -> bool {
            false
        }
    }

    #[derive(Debug, Default)]
    pub struct Condvar(loom::sync::Condvar);

    impl Condvar {
        pub fn new() -> Condvar {
            Condvar(loom::sync::Condvar::new())
        }

        pub fn notify_one(&self) {
            self.0.notify_one();
        }

        pub fn notify_all(&self) {
            self.0.notify_all();
        }

        pub fn wait<'a, T>(&self, guard: MutexGuard<'a, T>) -> LockResult<MutexGuard<'a, T>> {
            self.0.wait(guard)
        }

        pub fn wait_while<'a, T>(
            &self,
            mut guard: MutexGuard<'a, T>,
            mut condition: impl FnMut(&mut T) -> bool,
        ) -> LockResult<MutexGuard<'a, T>> {
            while condition(&mut *guard) {
                guard = self.0.wait(guard)?;
            }
            Ok(guard)
        }

        pub fn wait_timeout<'a, T>(
            &self,
            guard: MutexGuard<'a, T>,
            _timeout: Duration,
        ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
            with_result(self.wait(guard))
        }

        pub fn wait_timeout_while<'a, T>(
            &self,
            guard: MutexGuard<'a, T>,
            _timeout: Duration,
            condition: impl FnMut(&mut T) -> bool,
        ) -> LockResult<(MutexGuard<'a, T>, WaitTimeoutResult)> {
            with_result(self.wait_while(guard, condition))
        }
    }

    fn with_result<G>(waited: LockResult<G>) -> LockResult<(G, WaitTimeoutResult)> {
        waited
            .map(|guard| (guard, WaitTimeoutResult))
            .map_err(|e| PoisonError::new((e.into_inner(), WaitTimeoutResult)))
    }
}
