// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
use std::panic;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

fn main() {
    let readings = [12, 15, 11, 14];
    let first_finished = AtomicBool::new(false);

    let outcome = panic::catch_unwind(|| {
        rayon::join(
            || {
                // Still busy when the other closure panics.
                thread::sleep(Duration::from_millis(50));
                let total: u32 = readings.iter().sum();
                first_finished.store(true, Ordering::Relaxed);
                total
            },
            || -> u32 { panic!("sensor 3 is offline") },
        )
    });

    match outcome {
        Ok((total, other)) => println!("both returned: {total}, {other}"),
        Err(payload) => {
            let message = payload.downcast_ref::<&str>().unwrap_or(&"another payload");
            println!("join panicked with: {message}");
        }
    }
    let finished = first_finished.load(Ordering::Relaxed);
    println!("the first closure had finished: {finished}");
}
// ANCHOR_END: main
