// ANCHOR: main
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let visits = Arc::new(Mutex::new(0));

    let mut handles = Vec::new();
    for _ in 0..10 {
        let visits = Arc::clone(&visits);
        handles.push(thread::spawn(move || {
            for _ in 0..VISITS_PER_THREAD {
                // `lock` waits until no other thread holds the lock.
                let mut count = visits.lock().unwrap();
                *count += 1;
            } // `count`, the guard, is dropped here and the lock released.
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }

    println!("visits: {}", *visits.lock().unwrap());
}
// ANCHOR_END: main

/// How many visits each thread counts. Miri interprets every step, so the
/// verify tier counts fewer.
const VISITS_PER_THREAD: u32 = if cfg!(miri) { 100 } else { 1000 };
