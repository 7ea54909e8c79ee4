/// Jobs sent to the two workers (fewer under Miri, which interprets every step).
const JOBS: u32 = if cfg!(miri) { 4 } else { 10 };

// ANCHOR: main
use std::thread;
use std::time::Duration;

use crossbeam_channel::{bounded, select};

fn main() {
    // Many consumers: a crossbeam `Receiver` is `Clone`, so two workers take
    // jobs from one queue. Each job goes to exactly one of them.
    let (jobs, job_queue) = bounded::<u32>(4);
    let handled: u32 = thread::scope(|scope| {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let job_queue = job_queue.clone();
                scope.spawn(move || job_queue.iter().count() as u32)
            })
            .collect();
        for job in 1..=JOBS {
            jobs.send(job).expect("both workers are alive");
        }
        drop(jobs); // no more jobs: each worker's `iter` ends
        workers
            .into_iter()
            .map(|worker| worker.join().expect("a worker does not panic"))
            .sum()
    });
    println!("of {JOBS} jobs, the two workers handled {handled} together");

    // Waiting on two channels at once, with a timeout.
    let (orders_tx, orders) = bounded::<&str>(1);
    let (cancels_tx, cancels) = bounded::<&str>(1);
    let wait_for_one = || {
        select! {
            recv(orders) -> order => println!("order: {}", order.expect("a sender lives")),
            recv(cancels) -> cancel => println!("cancel: {}", cancel.expect("a sender lives")),
            default(Duration::from_millis(20)) => println!("nothing within 20 ms"),
        }
    };
    orders_tx.send("two lamps").expect("the receiver lives");
    wait_for_one();
    cancels_tx.send("order 7").expect("the receiver lives");
    wait_for_one();
    wait_for_one();
}
// ANCHOR_END: main
