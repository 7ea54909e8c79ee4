// ANCHOR: main
use std::thread;

fn main() {
    let name = String::from("worker");
    // `move` gives the closure ownership of `name`, so the thread can keep
    // it for as long as it runs.
    let handle = thread::spawn(move || {
        println!("hello from {name}");
    });
    handle.join().unwrap();
}
// ANCHOR_END: main
