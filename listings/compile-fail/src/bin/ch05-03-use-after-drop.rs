// ANCHOR: main
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let collected = Arc::new(Mutex::new(Vec::new()));
    let for_thread = Arc::clone(&collected);
    let handle = thread::spawn(move || {
        for_thread.lock().unwrap().push("a line".to_string());
    });
    handle.join().unwrap();

    drop(collected);
    println!("{} lines", collected.lock().unwrap().len());
}
// ANCHOR_END: main
