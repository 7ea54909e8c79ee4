// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

fn main() {
    // 10 000 request latencies in milliseconds, from 0 to 99.
    let latencies_ms: Vec<u32> = (0..REQUESTS).map(|i| (i * 37 % 100) as u32).collect();

    // Side effects: every task writes to the same counter and the same list.
    let slow_count = AtomicUsize::new(0);
    let slow_list = Mutex::new(Vec::new());
    latencies_ms.par_iter().for_each(|&latency| {
        if latency > 30 {
            slow_count.fetch_add(1, Ordering::Relaxed);
            // `lock` fails only if a thread panicked while holding the lock.
            slow_list.lock().unwrap().push(latency);
        }
    });
    let slow_count = slow_count.into_inner();
    let mut slow_list = slow_list.into_inner().unwrap();

    // No shared state: each thread filters and counts its own pieces, and
    // Rayon combines the partial results.
    let counted = latencies_ms.par_iter().filter(|&&l| l > 30).count();
    let collected: Vec<u32> = latencies_ms
        .par_iter()
        .copied()
        .filter(|&l| l > 30)
        .collect();
    let sequential: Vec<u32> = latencies_ms.iter().copied().filter(|&l| l > 30).collect();

    println!("slow requests, atomic counter: {slow_count}");
    println!("slow requests, filter + count: {counted}");
    println!("collect keeps the input order: {}", collected == sequential);
    // The pushes happened in whatever order the threads ran: sort first.
    slow_list.sort_unstable();
    let mut expected = sequential;
    expected.sort_unstable();
    println!(
        "the Mutex<Vec> has the same latencies: {}",
        slow_list == expected
    );
}
// ANCHOR_END: main

/// How many latencies `main` checks. Miri interprets every step: the verify
/// tier checks fewer.
const REQUESTS: usize = if cfg!(miri) { 200 } else { 10_000 };
