// ANCHOR: main
use std::sync::mpsc;
use std::thread;

fn main() {
    let (sender, receiver) = mpsc::channel();

    let mut producers = Vec::new();
    for worker in 1..=3 {
        // Every producer owns a clone of the sender.
        let sender = sender.clone();
        producers.push(thread::spawn(move || {
            for job in 1..=2 {
                sender
                    .send(format!("worker {worker} finished job {job}"))
                    .unwrap();
            }
        }));
    }
    // Drop the original sender, or the loop below would wait forever.
    drop(sender);

    // Iterating a receiver calls `recv` until every sender is gone.
    for message in receiver {
        println!("{message}");
    }
    println!("all senders are gone");

    // A panicking producer would drop its sender too: only `join` tells.
    for producer in producers {
        producer.join().unwrap();
    }
}
// ANCHOR_END: main
