// ANCHOR: main
use std::sync::mpsc::{self, TrySendError};
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    // A bounded channel with room for two jobs.
    let (sender, receiver) = mpsc::sync_channel::<u32>(2);

    // Nobody receives yet: two jobs fit, the third does not.
    sender.send(1).unwrap();
    sender.send(2).unwrap();
    println!("jobs 1 and 2 are in the channel");
    if let Err(TrySendError::Full(job)) = sender.try_send(3) {
        println!("try_send: the channel is full, job {job} came back");
    }

    let consumer = thread::spawn(move || {
        let mut handled = Vec::new();
        for job in receiver {
            thread::sleep(Duration::from_millis(200)); // handling takes 200 ms
            handled.push(job);
        }
        handled
    });

    for job in 3..=5 {
        let before = Instant::now();
        sender.send(job).unwrap(); // blocks until the channel has room
        let waited = before.elapsed();
        // Half of the consumer's 200 ms tells a wait for the consumer from
        // the time it takes to start a thread.
        println!(
            "job {job}: queued after waiting {}ms, held back by the consumer: {}",
            waited.as_millis(),
            waited >= Duration::from_millis(100)
        );
    }
    drop(sender);
    println!("producer: all jobs sent, sender dropped");

    // The consumer still receives the jobs left in the channel; then its
    // loop ends.
    let handled = consumer.join().unwrap();
    println!("consumer: handled jobs {handled:?}, then the channel closed");
}
// ANCHOR_END: main
