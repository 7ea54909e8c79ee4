// miri: report
// ANCHOR: main
use std::thread;
use std::time::Duration;

fn main() {
    thread::spawn(|| {
        thread::sleep(Duration::from_millis(500));
        println!("the spawned thread woke up");
    });

    println!("main is done");
    // `main` returns here without joining: the process exits, and the
    // spawned thread is stopped in the middle of its sleep.
}
// ANCHOR_END: main
