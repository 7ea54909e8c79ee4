// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
use rayon::prelude::*;
use tokio::sync::oneshot;

#[tokio::main]
async fn main() {
    let samples: Vec<u64> = (1..=SAMPLES).collect();

    // Hand the CPU-bound work to rayon's threads, and get the answer back
    // through a oneshot channel that this task can `.await`.
    let (sender, receiver) = oneshot::channel();
    rayon::spawn(move || {
        let sum_of_squares: u64 = samples.par_iter().map(|n| n * n).sum();
        // `send` fails only if the receiver is gone: then nobody wants the sum.
        let _ = sender.send(sum_of_squares);
    });

    // Awaiting the receiver holds no worker thread while rayon computes.
    match receiver.await {
        Ok(sum) => println!("sum of squares: {sum}"),
        Err(_) => println!("the rayon job ended without sending a result"),
    }
}
// ANCHOR_END: main

/// How many samples `main` sums. Miri interprets every step, so the verify
/// tier sums fewer.
const SAMPLES: u64 = if cfg!(miri) { 1_000 } else { 2_000_000 };
