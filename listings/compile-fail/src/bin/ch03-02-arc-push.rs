// ANCHOR: main
use std::sync::Arc;
use std::thread;

fn main() {
    let pages = Arc::new(Vec::new());
    let for_worker = Arc::clone(&pages);
    let handle = thread::spawn(move || {
        for_worker.push("/home");
    });
    handle.join().unwrap();
    println!("pages: {pages:?}");
}
// ANCHOR_END: main
