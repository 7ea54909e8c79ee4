// ANCHOR: main
use rayon::prelude::*;
use tokio::sync::oneshot;

#[tokio::main]
async fn main() {
    let samples: Vec<u64> = (1..=2_000_000).collect();

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
