use std::io;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

type Job = Box<dyn FnOnce() + Send + 'static>;

use std::thread::JoinHandle;

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

// ANCHOR: main
fn main() -> io::Result<()> {
    // The pool of listing 10.2, unchanged.
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
    println!(
        "workers joined: {} of 2, of which died: {}",
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
