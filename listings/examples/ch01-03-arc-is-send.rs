// ANCHOR: main
use std::sync::Arc;
use std::thread;

fn main() {
    let config = Arc::new(String::from("retries=3"));
    let for_worker = Arc::clone(&config);
    let handle = thread::spawn(move || {
        println!("worker sees {for_worker}");
    });
    handle.join().unwrap();
    println!("main still sees {config}");
}
// ANCHOR_END: main
