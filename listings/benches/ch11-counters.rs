//! Chapter 11's four ways to add up readings on several threads, timed with
//! divan: `cargo bench -p listings --bench ch11-counters`.
//!
//! The functions are the ones listings ch11-01 to ch11-04 show; only the input
//! is bigger: 10^6 readings, so 10^6 additions to the shared total in the
//! `mutex` and `atomic` cases. Each case runs with 2 and with 10 threads.

use divan::{Bencher, black_box};
use rayon::prelude::*;

// The benchmark runs the functions exactly as the chapter shows them; the
// examples' own `main` functions are not used here.
#[path = "../examples/ch11-01-mutex-total.rs"]
#[expect(
    dead_code,
    reason = "only the summing function is benchmarked, not main"
)]
mod mutex_total;

#[path = "../examples/ch11-02-atomic-total.rs"]
#[expect(
    dead_code,
    reason = "only the summing function is benchmarked, not main"
)]
mod atomic_total;

#[path = "../examples/ch11-03-local-sums.rs"]
#[expect(
    dead_code,
    reason = "only the summing function is benchmarked, not main"
)]
mod local_sums_total;

use atomic_total::total_with_atomic;
use local_sums_total::total_with_local_sums;
use mutex_total::total_with_mutex;

const READINGS: u64 = 1_000_000;
const THREADS: [usize; 2] = [2, 10];

fn main() {
    divan::main();
}

fn readings() -> Vec<u64> {
    (1..=READINGS).collect()
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
