use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

type Job = Box<dyn FnOnce() + Send + 'static>;

// ANCHOR: main
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

struct ThreadPool {
    workers: Vec<JoinHandle<()>>,
    // `None` once the pool has started to shut down.
    sender: Option<Sender<Job>>,
}

/// What a shutdown did.
struct Shutdown {
    workers_joined: usize,
    workers_died: usize,
}

impl ThreadPool {
    fn new(name: &str, size: usize) -> io::Result<ThreadPool> {
        assert!(size > 0, "a pool needs at least one worker");
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let mut workers = Vec::with_capacity(size);
        for index in 0..size {
            let receiver = Arc::clone(&receiver);
            let worker = thread::Builder::new()
                .name(format!("{name}-{index}"))
                .spawn(move || run_worker(&receiver))?;
            workers.push(worker);
        }
        Ok(ThreadPool {
            workers,
            sender: Some(sender),
        })
    }

    fn execute(&self, job: impl FnOnce() + Send + 'static) {
        // `sender` becomes `None` only in `stop`, when the pool is being
        // consumed or dropped: `execute` cannot run after that.
        let sender = self.sender.as_ref().unwrap();
        sender.send(Box::new(job)).unwrap();
    }

    /// Lets the workers finish every queued job, then waits for them.
    fn shutdown(mut self) -> Shutdown {
        self.stop()
    }

    fn stop(&mut self) -> Shutdown {
        // Dropping the only sender closes the channel. The jobs in it stay;
        // `recv` fails once they are all taken.
        drop(self.sender.take());
        let (mut workers_joined, mut workers_died) = (0, 0);
        for worker in self.workers.drain(..) {
            // `Err` means the worker panicked; it has ended all the same.
            if worker.join().is_err() {
                workers_died += 1;
            }
            workers_joined += 1;
        }
        Shutdown {
            workers_joined,
            workers_died,
        }
    }
}

impl Drop for ThreadPool {
    /// Dropping the pool shuts it down the same way. After `shutdown`,
    /// there is nothing left to do here.
    fn drop(&mut self) {
        self.stop();
    }
}

fn main() -> io::Result<()> {
    let pool = ThreadPool::new("invoice-pool", 3)?;
    let finished = Arc::new(AtomicUsize::new(0));
    for _ in 0..12 {
        let finished = Arc::clone(&finished);
        pool.execute(move || {
            thread::sleep(Duration::from_millis(5)); // the work
            finished.fetch_add(1, Ordering::Relaxed);
        });
    }
    let finished_before = finished.load(Ordering::Relaxed);
    let report = pool.shutdown();
    // Every worker is joined, so every job's update is visible here.
    let finished_after = finished.load(Ordering::Relaxed);

    println!("jobs queued: 12");
    println!(
        "jobs still unfinished when shutdown began: {}",
        finished_before < 12
    );
    println!("jobs finished when shutdown returned: {finished_after}");
    println!(
        "workers joined: {} of 3, of which died: {}",
        report.workers_joined, report.workers_died
    );
    Ok(())
}
// ANCHOR_END: main

fn run_worker(receiver: &Mutex<Receiver<Job>>) {
    loop {
        let next = receiver.lock().unwrap().recv();
        let Ok(job) = next else { break };
        job();
    }
}
