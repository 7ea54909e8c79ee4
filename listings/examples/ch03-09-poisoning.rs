// ANCHOR: main
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let settings = Arc::new(Mutex::new(vec![String::from("retries=3")]));

    let for_writer = Arc::clone(&settings);
    let writer = thread::spawn(move || {
        let mut lines = for_writer.lock().unwrap();
        lines.push(String::from("timeout="));
        panic!("writer crashed before finishing the timeout line");
    });
    println!("writer panicked: {}", writer.join().is_err());

    match settings.lock() {
        Ok(lines) => println!("lock ok: {lines:?}"),
        Err(poisoned) => {
            println!("lock() returned Err: {poisoned}");
            // The guard is inside the error: the data is still there.
            let mut lines = poisoned.into_inner();
            println!("data left behind: {lines:?}");
            lines.pop(); // remove the half-written line
        }
    }
    println!("still poisoned: {}", settings.is_poisoned());
    settings.clear_poison();
    println!("after clear_poison: {:?}", settings.lock().unwrap());
}
// ANCHOR_END: main
