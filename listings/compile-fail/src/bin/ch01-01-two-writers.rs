// ANCHOR: main
use std::thread;

fn main() {
    let mut visits = Vec::new();
    thread::scope(|s| {
        // Two threads, each holding a `&mut visits` at the same time.
        s.spawn(|| visits.push("/home"));
        s.spawn(|| visits.push("/about"));
    });
    println!("{visits:?}");
}
// ANCHOR_END: main
