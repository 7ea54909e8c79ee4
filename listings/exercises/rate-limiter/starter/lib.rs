//! A rate limiter for async jobs: at most `N` jobs run at the same time,
//! and at most `R` of them start in any span of time shorter than one
//! period.

#![allow(unused_imports, unused_variables, dead_code)] // delete once your code uses them

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tokio::time::sleep;

/// Why [`Limiter::run`] has no result to give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunError {
    /// The limiter was closed before the job could start: it never ran.
    Closed,
    /// The job panicked.
    Panicked,
    /// The job's task was cancelled before it ended: the runtime is
    /// shutting down.
    Cancelled,
}

/// Runs async jobs under two limits: how many run at the same time, and
/// how many start in each period. Share it between tasks in an `Arc`.
pub struct Limiter {
    /// One permit for each job that may run at the same time.
    in_flight: Arc<Semaphore>,
    /// One permit for each start in a period: a job that starts takes one
    /// and gives it back one period later.
    starts: Arc<Semaphore>,
    /// How many permits `in_flight` was created with.
    max_in_flight: u32,
    /// How long a start counts against the rate.
    period: Duration,
}

impl Limiter {
    /// A limiter that runs at most `max_in_flight` jobs at the same time,
    /// and starts at most `max_starts` jobs in any span of time shorter than
    /// `period`: a start counts from the instant its job starts until one
    /// period later.
    ///
    /// # Panics
    ///
    /// If `max_in_flight` or `max_starts` is 0: no job could ever run.
    pub fn new(max_in_flight: u32, max_starts: u32, period: Duration) -> Limiter {
        todo!("a semaphore for the jobs in flight, and one for the starts in a period")
    }

    /// Waits until both limits let `job` start, runs it as a task of its
    /// own, and returns its output.
    ///
    /// A job that panics makes `run` return `Err(Panicked)`, and its place
    /// among the jobs in flight goes to the next one. Dropping the future
    /// that `run` returns (as `timeout` does) cancels the job, started or
    /// not, and frees its place too; a job that started still counts
    /// against the rate until a period after its start.
    pub async fn run<F>(&self, job: F) -> Result<F::Output, RunError>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        todo!("a place, then a start given back a period later; spawn the job holding its place")
    }

    /// Ends the limiter. The jobs that are running, or waiting for their
    /// place, when `close` is called run and end; every job asked for later
    /// gets `Err(Closed)` without running. `close` returns once the jobs
    /// before it have ended.
    pub async fn close(&self) {
        todo!("take every place, behind the jobs that asked before, then close")
    }
}
