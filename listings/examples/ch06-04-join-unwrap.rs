// ANCHOR: main
use std::thread;

fn main() {
    let readings: Vec<u32> = Vec::new();
    let handle = thread::spawn(move || {
        // A bug: this assumes there is at least one reading.
        readings[0]
    });

    // If the thread panicked, `unwrap` panics `main` too.
    let first = handle.join().unwrap();
    println!("first reading: {first}");
}
// ANCHOR_END: main
