// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
use std::error::Error;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How long each blocking job waits, as if for a slow disk or network.
const BLOCKED: Duration = Duration::from_millis(200);
/// A start later than this means the job waited for a thread.
const LATE: Duration = Duration::from_millis(150);

fn main() -> Result<(), Box<dyn Error>> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;

    // Two jobs that block their pool thread, then a third, CPU-bound job.
    let started = Instant::now();
    let (done, third_started) = mpsc::channel();
    pool.spawn(|| thread::sleep(BLOCKED));
    pool.spawn(|| thread::sleep(BLOCKED));
    pool.spawn(move || {
        done.send(started.elapsed()).unwrap();
    });
    let waited = third_started.recv()?;
    println!("blocking jobs in the pool:");
    println!("  third job waited for a free thread: {}", waited >= LATE);

    // The same waits on threads of their own: the pool stays free.
    let started = Instant::now();
    let (done, third_started) = mpsc::channel();
    let waiters: Vec<_> = (0..2)
        .map(|_| thread::spawn(|| thread::sleep(BLOCKED)))
        .collect();
    pool.spawn(move || {
        done.send(started.elapsed()).unwrap();
    });
    let waited = third_started.recv()?;
    for waiter in waiters {
        waiter.join().expect("a sleeping thread does not panic");
    }
    println!("blocking jobs on threads of their own:");
    println!("  third job waited for a free thread: {}", waited >= LATE);
    Ok(())
}
// ANCHOR_END: main
