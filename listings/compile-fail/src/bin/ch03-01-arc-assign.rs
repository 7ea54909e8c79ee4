// ANCHOR: main
use std::sync::Arc;
use std::thread;

fn main() {
    let visits = Arc::new(0);
    let for_worker = Arc::clone(&visits);
    let handle = thread::spawn(move || {
        *for_worker += 1;
    });
    handle.join().unwrap();
    println!("visits: {visits}");
}
// ANCHOR_END: main
