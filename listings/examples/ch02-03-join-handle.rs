// ANCHOR: main
use std::thread;

fn main() {
    let handle: thread::JoinHandle<u64> = thread::spawn(|| (1..=1_000).sum());

    // The closure's return value comes back through `join`.
    let total = handle.join().unwrap();
    println!("the sum of 1..=1000 is {total}");
}
// ANCHOR_END: main
