// ANCHOR: main
use rayon::prelude::*;

fn main() {
    let latencies_ms = [38, 27, 43, 3, 9, 82, 10, 27];
    let mut slow = 0;
    latencies_ms.par_iter().for_each(|&latency| {
        if latency > 30 {
            slow += 1; // every thread would write to the same `slow`
        }
    });
    println!("{slow} slow requests");
}
// ANCHOR_END: main
