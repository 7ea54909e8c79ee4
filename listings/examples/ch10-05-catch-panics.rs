use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

type Job = Box<dyn FnOnce() + Send + 'static>;

// ANCHOR: main
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

fn main() -> io::Result<()> {
    let pool = ThreadPool::new("invoice-pool", 2)?;
    let (results, sent) = mpsc::channel();
    for invoice in 1..=6_u32 {
        let results = results.clone();
        pool.execute(move || {
            if invoice == 3 {
                panic!("invoice {invoice} has no customer");
            }
            results.send(invoice).unwrap();
        });
    }
    drop(results);
    let report = pool.shutdown();

    let mut sent: Vec<u32> = sent.iter().collect();
    sent.sort();
    println!("invoices sent: {sent:?}");
    println!("jobs that panicked: {}", report.jobs_panicked);
    println!(
        "workers joined: {} of 2, of which died: {}",
        report.workers_joined, report.workers_died
    );
    Ok(())
}
// ANCHOR_END: main

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

    fn execute(&self, job: impl FnOnce() + Send + 'static) {
        // `sender` becomes `None` only in `stop`, when the pool is being
        // consumed or dropped: `execute` cannot run after that.
        let sender = self.sender.as_ref().unwrap();
        sender.send(Box::new(job)).unwrap();
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
