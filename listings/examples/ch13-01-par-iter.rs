// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
use rayon::prelude::*;

// ANCHOR_END: main
#[cfg(not(miri))]
// ANCHOR: main
fn main() {
    let sequential: u64 = (1..=1_000_000u64).map(|n| n * n).sum();

    // The same pipeline, with `into_par_iter` in place of the plain range:
    // rayon splits the range into pieces and sums them on its worker threads.
    let parallel: u64 = (1..=1_000_000u64).into_par_iter().map(|n| n * n).sum();

    println!("sum of squares, one thread:    {sequential}");
    println!("sum of squares, rayon threads: {parallel}");
}
// ANCHOR_END: main

// Miri interprets every step: the verify tier runs the same code on a
// smaller input.
#[cfg(miri)]
fn main() {
    let sequential: u64 = (1..=1_000u64).map(|n| n * n).sum();

    // The same pipeline, with `into_par_iter` in place of the plain range:
    // rayon splits the range into pieces and sums them on its worker threads.
    let parallel: u64 = (1..=1_000u64).into_par_iter().map(|n| n * n).sum();

    println!("sum of squares, one thread:    {sequential}");
    println!("sum of squares, rayon threads: {parallel}");
}
