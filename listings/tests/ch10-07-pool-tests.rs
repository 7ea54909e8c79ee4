// copy-of: ch10-06-job-handles (the pool of listing 10.6, unchanged: a drift check compares them)
use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

struct ThreadPool {
    workers: Vec<JoinHandle<()>>,
    sender: Option<Sender<Job>>,
    jobs_panicked: Arc<AtomicUsize>,
}

/// What a shutdown did.
struct Shutdown {
    workers_joined: usize,
    workers_died: usize,
    jobs_panicked: usize,
}

fn run_worker(receiver: &Mutex<Receiver<Job>>, jobs_panicked: &AtomicUsize) {
    loop {
        let next = receiver.lock().unwrap().recv();
        let Ok(job) = next else { break };
        // A panic in the job unwinds to here, not out of the worker.
        if panic::catch_unwind(AssertUnwindSafe(job)).is_err() {
            jobs_panicked.fetch_add(1, Ordering::Relaxed);
        }
    }
}

impl ThreadPool {
    fn stop(&mut self) -> Shutdown {
        drop(self.sender.take());
        let (mut workers_joined, mut workers_died) = (0, 0);
        for worker in self.workers.drain(..) {
            if worker.join().is_err() {
                workers_died += 1;
            }
            workers_joined += 1;
        }
        Shutdown {
            workers_joined,
            workers_died,
            // Every worker is joined: their updates are visible.
            jobs_panicked: self.jobs_panicked.load(Ordering::Relaxed),
        }
    }
}

/// The result of one job, which arrives when the job is done.
struct JobHandle<T> {
    result: Receiver<T>,
}

/// The job panicked instead of returning a value.
#[derive(Debug)]
struct JobPanicked;

impl<T> JobHandle<T> {
    /// Waits for the job to finish and returns what it returned.
    fn join(self) -> Result<T, JobPanicked> {
        // The job owns the sender. If the sender is gone without a value,
        // the job unwound: this pool runs every job it accepts.
        self.result.recv().map_err(|_| JobPanicked)
    }
}

impl ThreadPool {
    fn execute<T, F>(&self, job: F) -> JobHandle<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let (sender, receiver) = mpsc::channel();
        self.submit(Box::new(move || {
            let value = job();
            // The caller may have dropped its handle; then nobody wants
            // the value, and that is fine.
            let _ = sender.send(value);
        }));
        JobHandle { result: receiver }
    }
}

impl ThreadPool {
    fn new(name: &str, size: usize) -> io::Result<ThreadPool> {
        assert!(size > 0, "a pool needs at least one worker");
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let jobs_panicked = Arc::new(AtomicUsize::new(0));
        let mut workers = Vec::with_capacity(size);
        for index in 0..size {
            let receiver = Arc::clone(&receiver);
            let jobs_panicked = Arc::clone(&jobs_panicked);
            let worker = thread::Builder::new()
                .name(format!("{name}-{index}"))
                .spawn(move || run_worker(&receiver, &jobs_panicked))?;
            workers.push(worker);
        }
        Ok(ThreadPool {
            workers,
            sender: Some(sender),
            jobs_panicked,
        })
    }

    fn submit(&self, job: Job) {
        // `sender` becomes `None` only in `stop`, when the pool is being
        // consumed or dropped: `execute` cannot run after that.
        let sender = self.sender.as_ref().unwrap();
        sender.send(job).unwrap();
    }

    fn shutdown(mut self) -> Shutdown {
        self.stop()
    }
}

impl Drop for ThreadPool {
    fn drop(&mut self) {
        self.stop();
    }
}

// ANCHOR: main
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

/// Runs `body` on a helper thread and waits at most `limit` for its result,
/// so that a pool that hangs fails the test instead of hanging it.
fn within<T: Send + 'static>(limit: Duration, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    let helper = thread::spawn(move || {
        // If the test has given up, nobody receives: ignore the error.
        let _ = done.send(body());
    });
    match result.recv_timeout(limit) {
        Ok(value) => {
            helper.join().unwrap();
            value
        }
        // The sender is gone without a value: `body` panicked.
        Err(RecvTimeoutError::Disconnected) => panic::resume_unwind(helper.join().unwrap_err()),
        Err(RecvTimeoutError::Timeout) => panic!("the pool hung for {limit:?}"),
    }
}

#[test]
fn shutdown_runs_every_queued_job_and_joins_every_worker() {
    let (finished, report) = within(Duration::from_secs(2), || {
        let pool = ThreadPool::new("test-pool", 3).unwrap();
        let finished = Arc::new(AtomicUsize::new(0));
        for _ in 0..20 {
            let finished = Arc::clone(&finished);
            pool.execute(move || {
                thread::sleep(Duration::from_millis(1));
                finished.fetch_add(1, Ordering::Relaxed);
            });
        }
        let report = pool.shutdown();
        (finished.load(Ordering::Relaxed), report)
    });
    assert_eq!(finished, 20, "a queued job was lost");
    assert_eq!(report.workers_joined, 3);
    assert_eq!(report.workers_died, 0);
}

#[test]
fn a_panicking_job_is_reported_and_the_pool_keeps_working() {
    let (failing, next, report) = within(Duration::from_secs(2), || {
        // One worker: the job after the panic must run on the same thread.
        let pool = ThreadPool::new("test-pool", 1).unwrap();
        let failing = pool.execute(|| -> u32 { panic!("malformed invoice") });
        let next = pool.execute(|| 2 + 2);
        (failing.join(), next.join(), pool.shutdown())
    });
    assert!(failing.is_err(), "the panic was not reported");
    assert_eq!(next.unwrap(), 4);
    assert_eq!(report.jobs_panicked, 1);
    assert_eq!(report.workers_died, 0);
}

#[test]
fn dropping_the_pool_with_jobs_queued_does_not_hang() {
    let ran = within(Duration::from_secs(2), || {
        let pool = ThreadPool::new("test-pool", 2).unwrap();
        let ran = Arc::new(AtomicUsize::new(0));
        for _ in 0..10 {
            let ran = Arc::clone(&ran);
            pool.execute(move || {
                thread::sleep(Duration::from_millis(2));
                ran.fetch_add(1, Ordering::Relaxed);
            });
        }
        drop(pool);
        ran.load(Ordering::Relaxed)
    });
    assert_eq!(ran, 10, "drop returned before the queued jobs ran");
}
// ANCHOR_END: main
