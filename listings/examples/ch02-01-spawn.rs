// ANCHOR: main
use std::thread;

fn main() {
    // `spawn` starts a new OS thread that runs the closure.
    let handle = thread::spawn(|| {
        println!("hello from the spawned thread");
    });

    // `join` blocks until that thread has finished.
    handle.join().unwrap();
    println!("hello from main, after join");
}
// ANCHOR_END: main
