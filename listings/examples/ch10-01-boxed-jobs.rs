// ANCHOR: main
use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

/// A job: a closure that runs once, on whichever worker takes it.
type Job = Box<dyn FnOnce() + Send + 'static>;

struct ThreadPool {
    sender: Sender<Job>,
}

impl ThreadPool {
    /// Starts `size` workers, named `name-0`, `name-1` and so on.
    ///
    /// # Panics
    ///
    /// If `size` is 0: such a pool would accept jobs and never run them.
    fn new(name: &str, size: usize) -> io::Result<ThreadPool> {
        assert!(size > 0, "a pool needs at least one worker");
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for index in 0..size {
            let receiver = Arc::clone(&receiver);
            thread::Builder::new()
                .name(format!("{name}-{index}"))
                .spawn(move || run_worker(&receiver))?;
        }
        Ok(ThreadPool { sender })
    }

    /// Queues `job`; the first free worker runs it.
    fn execute(&self, job: impl FnOnce() + Send + 'static) {
        // Fails only if every worker thread has ended: they end when this
        // sender is gone, or when a job panics on them.
        self.sender.send(Box::new(job)).unwrap();
    }
}

fn run_worker(receiver: &Mutex<Receiver<Job>>) {
    loop {
        // The guard is dropped at the end of this statement: the lock is
        // not held while the job runs.
        let next = receiver.lock().unwrap().recv();
        let Ok(job) = next else { break };
        job();
    }
}

fn main() -> io::Result<()> {
    let pool = ThreadPool::new("invoice-pool", 3)?;
    let (results, totals) = mpsc::channel();
    for invoice in 1..=6_u32 {
        let results = results.clone();
        pool.execute(move || {
            let total = invoice * 125;
            // `main` keeps the receiver until every result is in.
            results.send((invoice, total)).unwrap();
        });
    }
    // The jobs hold the other senders; the loop below ends when the last
    // job has run and dropped its sender.
    drop(results);
    let mut totals: Vec<(u32, u32)> = totals.iter().collect();
    totals.sort();
    for (invoice, total) in totals {
        println!("invoice {invoice}: {total} cents");
    }
    Ok(())
}
// ANCHOR_END: main
