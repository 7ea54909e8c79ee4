// ANCHOR: main
use rayon::prelude::*;

fn main() {
    let readings: Vec<u64> = (1..=100_000).collect();
    // Rayon splits the slice, sums the pieces on its thread pool and
    // adds up the partial sums: the same plan as the previous listing.
    let total: u64 = readings.par_iter().sum();
    println!("total of {} readings: {total}", readings.len());
}
// ANCHOR_END: main
