// ANCHOR: main
use std::sync::Mutex;
use std::thread;

pub fn total_with_mutex(readings: &[u64], threads: usize) -> u64 {
    let total = Mutex::new(0);
    let chunk_len = readings.len().div_ceil(threads).max(1);
    thread::scope(|s| {
        for chunk in readings.chunks(chunk_len) {
            let total = &total;
            s.spawn(move || {
                for reading in chunk {
                    // Lock, add, unlock: once for every reading.
                    *total.lock().unwrap() += reading;
                }
            });
        }
    });
    // The scope has joined every thread: nobody else can reach the lock now.
    total.into_inner().unwrap()
}

// ANCHOR_END: main
#[cfg(not(miri))]
// ANCHOR: main
fn main() {
    let readings: Vec<u64> = (1..=100_000).collect();
    let total = total_with_mutex(&readings, 4);
    println!("total of {} readings: {total}", readings.len());
}
// ANCHOR_END: main

// Miri interprets every step: the verify tier runs the same code on fewer
// readings.
#[cfg(miri)]
fn main() {
    let readings: Vec<u64> = (1..=1_000).collect();
    let total = total_with_mutex(&readings, 4);
    println!("total of {} readings: {total}", readings.len());
}
