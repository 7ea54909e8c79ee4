// ANCHOR: main
use std::thread;

fn main() {
    let handle = thread::spawn(|| {
        println!("hello from the spawned thread");
    });
    handle.join().unwrap();
    println!("hello from main");
}
// ANCHOR_END: main
