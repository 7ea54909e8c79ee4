// ANCHOR: main
use std::thread;

pub fn total_with_local_sums(readings: &[u64], threads: usize) -> u64 {
    let chunk_len = readings.len().div_ceil(threads).max(1);
    thread::scope(|s| {
        // Start every thread before joining any: collecting the handles
        // forces that (a lazy `map` would start and join them one by one).
        let handles: Vec<_> = readings
            .chunks(chunk_len)
            .map(|chunk| s.spawn(move || chunk.iter().sum::<u64>()))
            .collect();
        // Each thread returns its own sum; `join` hands it back.
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

// ANCHOR_END: main
#[cfg(not(miri))]
// ANCHOR: main
fn main() {
    let readings: Vec<u64> = (1..=100_000).collect();
    let total = total_with_local_sums(&readings, 4);
    println!("total of {} readings: {total}", readings.len());
}
// ANCHOR_END: main

// Miri interprets every step: the verify tier runs the same code on fewer
// readings.
#[cfg(miri)]
fn main() {
    let readings: Vec<u64> = (1..=1_000).collect();
    let total = total_with_local_sums(&readings, 4);
    println!("total of {} readings: {total}", readings.len());
}
