// ANCHOR: main
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

pub fn total_with_atomic(readings: &[u64], threads: usize) -> u64 {
    let total = AtomicU64::new(0);
    let chunk_len = readings.len().div_ceil(threads).max(1);
    thread::scope(|s| {
        for chunk in readings.chunks(chunk_len) {
            let total = &total;
            s.spawn(move || {
                for reading in chunk {
                    // One indivisible read-add-write; no lock, no guard.
                    total.fetch_add(*reading, Ordering::Relaxed);
                }
            });
        }
    });
    total.into_inner()
}

// ANCHOR_END: main
#[cfg(not(miri))]
// ANCHOR: main
fn main() {
    let readings: Vec<u64> = (1..=100_000).collect();
    let total = total_with_atomic(&readings, 4);
    println!("total of {} readings: {total}", readings.len());
}
// ANCHOR_END: main

// Miri interprets every step: the verify tier runs the same code on fewer
// readings.
#[cfg(miri)]
fn main() {
    let readings: Vec<u64> = (1..=1_000).collect();
    let total = total_with_atomic(&readings, 4);
    println!("total of {} readings: {total}", readings.len());
}
