// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
use rayon::prelude::*;
// ANCHOR_END: main
#[cfg(not(miri))]
// ANCHOR: main
fn main() {
    let readings: Vec<u64> = (1..=100_000).collect();
    // Rayon splits the slice, sums the pieces on its thread pool and
    // adds up the partial sums: the same plan as the previous listing.
    let total: u64 = readings.par_iter().sum();
    println!("total of {} readings: {total}", readings.len());
}
// ANCHOR_END: main

// Miri interprets every step: the verify tier runs the same code on fewer
// readings.
#[cfg(miri)]
fn main() {
    let readings: Vec<u64> = (1..=1_000).collect();
    // Rayon splits the slice, sums the pieces on its thread pool and
    // adds up the partial sums: the same plan as the previous listing.
    let total: u64 = readings.par_iter().sum();
    println!("total of {} readings: {total}", readings.len());
}
