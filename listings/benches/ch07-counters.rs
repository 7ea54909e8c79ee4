//! Chapter 7's four ways to add up readings on several threads, timed with
//! divan: `cargo bench -p listings --bench ch07-counters`.
//!
//! The functions are the ones listings ch07-01 to ch07-04 show; only the input
//! is bigger: 10^6 readings, so 10^6 additions to the shared total in the
//! `mutex` and `atomic` cases. Each case runs with 2 and with 10 threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use divan::{Bencher, black_box};
use rayon::prelude::*;

const READINGS: u64 = 1_000_000;
const THREADS: [usize; 2] = [2, 10];

fn main() {
    divan::main();
}

fn readings() -> Vec<u64> {
    (1..=READINGS).collect()
}

fn total_with_mutex(readings: &[u64], threads: usize) -> u64 {
    let total = Mutex::new(0);
    let chunk_len = readings.len().div_ceil(threads).max(1);
    thread::scope(|s| {
        for chunk in readings.chunks(chunk_len) {
            let total = &total;
            s.spawn(move || {
                for reading in chunk {
                    *total.lock().unwrap() += reading;
                }
            });
        }
    });
    total.into_inner().unwrap()
}

fn total_with_atomic(readings: &[u64], threads: usize) -> u64 {
    let total = AtomicU64::new(0);
    let chunk_len = readings.len().div_ceil(threads).max(1);
    thread::scope(|s| {
        for chunk in readings.chunks(chunk_len) {
            let total = &total;
            s.spawn(move || {
                for reading in chunk {
                    total.fetch_add(*reading, Ordering::Relaxed);
                }
            });
        }
    });
    total.into_inner()
}

fn total_with_local_sums(readings: &[u64], threads: usize) -> u64 {
    let chunk_len = readings.len().div_ceil(threads).max(1);
    thread::scope(|s| {
        let handles: Vec<_> = readings
            .chunks(chunk_len)
            .map(|chunk| s.spawn(move || chunk.iter().sum::<u64>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    })
}

/// The baseline: one thread, no sharing.
#[divan::bench]
fn one_thread(bencher: Bencher) {
    let readings = readings();
    bencher.bench(|| black_box(&readings).iter().sum::<u64>());
}

#[divan::bench(args = THREADS)]
fn mutex(bencher: Bencher, threads: usize) {
    let readings = readings();
    bencher.bench(|| total_with_mutex(black_box(&readings), threads));
}

#[divan::bench(args = THREADS)]
fn atomic(bencher: Bencher, threads: usize) {
    let readings = readings();
    bencher.bench(|| total_with_atomic(black_box(&readings), threads));
}

#[divan::bench(args = THREADS)]
fn local_sums(bencher: Bencher, threads: usize) {
    let readings = readings();
    bencher.bench(|| total_with_local_sums(black_box(&readings), threads));
}

/// `par_iter().sum()` on a pool of `threads` threads, built once, outside the
/// timed part (the book's listing uses rayon's global pool, one thread per core).
#[divan::bench(args = THREADS)]
fn rayon_par_iter(bencher: Bencher, threads: usize) {
    let readings = readings();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    bencher.bench(|| pool.install(|| black_box(&readings).par_iter().sum::<u64>()));
}
