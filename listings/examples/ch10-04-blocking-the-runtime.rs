// ANCHOR: main
use std::time::{Duration, Instant};

/// CPU-bound work: keeps one thread busy for `length`, never awaiting.
fn crunch_numbers(length: Duration) -> u64 {
    let start = Instant::now();
    let mut checksum = 0u64;
    while start.elapsed() < length {
        checksum = checksum.wrapping_mul(31).wrapping_add(1);
    }
    checksum
}

/// Ticks every 10 ms for `length` and returns the worst lateness of a tick.
async fn worst_tick_delay(length: Duration) -> Duration {
    let mut ticker = tokio::time::interval(Duration::from_millis(10));
    let end = Instant::now() + length;
    let mut worst = Duration::ZERO;
    while Instant::now() < end {
        // `tick` returns the instant the tick was due.
        let due = ticker.tick().await;
        worst = worst.max(due.elapsed());
    }
    worst
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let job = Duration::from_millis(200);
    let window = Duration::from_millis(300);

    // Two CPU-bound jobs as ordinary tasks: they occupy both worker threads.
    let ticker = tokio::spawn(worst_tick_delay(window));
    let jobs = [
        tokio::spawn(async move { crunch_numbers(job) }),
        tokio::spawn(async move { crunch_numbers(job) }),
    ];
    for handle in jobs {
        handle.await.unwrap();
    }
    let delay = ticker.await.unwrap();
    println!(
        "with tokio::spawn:       worst tick delay {}ms",
        delay.as_millis()
    );

    // The same jobs on tokio's blocking thread pool: the workers stay free.
    let ticker = tokio::spawn(worst_tick_delay(window));
    let jobs = [
        tokio::task::spawn_blocking(move || crunch_numbers(job)),
        tokio::task::spawn_blocking(move || crunch_numbers(job)),
    ];
    for handle in jobs {
        handle.await.unwrap();
    }
    let delay = ticker.await.unwrap();
    println!(
        "with spawn_blocking:     worst tick delay {}ms",
        delay.as_millis()
    );
}
// ANCHOR_END: main
