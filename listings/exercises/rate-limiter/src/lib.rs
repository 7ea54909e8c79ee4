//! A rate limiter for async jobs: at most `N` jobs run at the same time,
//! and at most `R` of them start in any span of time shorter than one
//! period.

// starter: #![allow(unused_imports, unused_variables, dead_code)] // delete once your code uses them
// end starter

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
        // starter: todo!("a semaphore for the jobs in flight, and one for the starts in a period")
        assert!(max_in_flight > 0, "max_in_flight must be at least 1");
        assert!(max_starts > 0, "max_starts must be at least 1");
        Limiter {
            in_flight: Arc::new(Semaphore::new(max_in_flight as usize)),
            starts: Arc::new(Semaphore::new(max_starts as usize)),
            max_in_flight,
            period,
        }
        // end starter
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
        // starter: todo!("a place, then a start given back a period later; spawn the job holding its place")
        // A place among the jobs in flight, first. The permit is owned: it
        // borrows nothing, so it can move into the job's task below.
        let place = Arc::clone(&self.in_flight)
            .acquire_owned()
            .await
            .map_err(|_closed| RunError::Closed)?;
        // Then a start. Its permit goes back one period from now, whatever
        // the job does, so at most `max_starts` jobs start in any span
        // shorter than a period.
        let start = Arc::clone(&self.starts)
            .acquire_owned()
            .await
            .expect("`starts` is never closed");
        let period = self.period;
        tokio::spawn(async move {
            sleep(period).await;
            drop(start);
        });
        // The task owns the permit of its place: when the task ends, by
        // returning, by a panic or by being aborted, the permit is dropped
        // and the place is free.
        let task = tokio::spawn(async move {
            let _place = place;
            job.await
        });

        /// Aborts the task when dropped. Dropping a `JoinHandle` would
        /// detach the task, which would go on running, holding its place.
        struct AbortOnDrop<T>(JoinHandle<T>);
        impl<T> Drop for AbortOnDrop<T> {
            fn drop(&mut self) {
                // Aborting a task that has ended does nothing.
                self.0.abort();
            }
        }

        let mut task = AbortOnDrop(task);
        match (&mut task.0).await {
            Ok(output) => Ok(output),
            Err(error) if error.is_panic() => Err(RunError::Panicked),
            Err(_cancelled) => Err(RunError::Cancelled),
        }
        // end starter
    }

    /// Ends the limiter. The jobs that are running, or waiting for their
    /// place, when `close` is called run and end; every job asked for later
    /// gets `Err(Closed)` without running. `close` returns once the jobs
    /// before it have ended.
    pub async fn close(&self) {
        // starter: todo!("take every place, behind the jobs that asked before, then close")
        // The semaphore is fair: this waits behind every job that asked for
        // a place before, and every later one waits behind it. Once it has
        // every place, no job is running; closing refuses the later ones.
        // `Err` means that another call closed the semaphore already.
        if let Ok(_every_place) = self.in_flight.acquire_many(self.max_in_flight).await {
            self.in_flight.close();
        }
        // end starter
    }
}
