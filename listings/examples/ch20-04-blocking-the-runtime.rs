// ANCHOR: main
use std::time::{Duration, Instant};

/// CPU-bound work: keeps one thread busy for `length`, never awaiting.
/// Returns when it started and when it finished.
fn crunch_numbers(length: Duration) -> (Instant, Instant) {
    let start = Instant::now();
    let mut checksum = 0u64;
    while start.elapsed() < length {
        checksum = checksum.wrapping_mul(31).wrapping_add(1);
    }
    std::hint::black_box(checksum); // keep the computation
    (start, Instant::now())
}

/// Ticks every 10 ms for `length`. Returns the worst lateness of a tick,
/// and the instant at which each tick was handled.
async fn run_ticker(length: Duration) -> (Duration, Vec<Instant>) {
    let mut interval = tokio::time::interval(Duration::from_millis(10));
    let end = Instant::now() + length;
    let mut worst = Duration::ZERO;
    let mut ticks = Vec::new();
    while Instant::now() < end {
        // `tick` returns the instant the tick was due.
        let due = interval.tick().await;
        worst = worst.max(due.elapsed());
        ticks.push(Instant::now());
    }
    (worst, ticks)
}

/// Whether a tick was handled while every job was running.
fn ticked_while_all_ran(ticks: &[Instant], jobs: &[(Instant, Instant)]) -> bool {
    // `jobs` is never empty, so `max` and `min` always find a value.
    let all_started = jobs.iter().map(|&(start, _)| start).max().unwrap();
    let first_done = jobs.iter().map(|&(_, done)| done).min().unwrap();
    ticks
        .iter()
        .any(|&tick| all_started < tick && tick < first_done)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let job = Duration::from_millis(150);
    let window = Duration::from_millis(200);

    // Two CPU-bound jobs as ordinary tasks: they occupy both worker threads.
    let ticker = tokio::spawn(run_ticker(window));
    let jobs = [
        tokio::spawn(async move { crunch_numbers(job) }),
        tokio::spawn(async move { crunch_numbers(job) }),
    ];
    let mut ran = Vec::new();
    for handle in jobs {
        ran.push(handle.await.unwrap());
    }
    let (worst, ticks) = ticker.await.unwrap();
    println!(
        "with tokio::spawn:     worst tick delay {}ms",
        worst.as_millis()
    );
    println!(
        "  ticked while both jobs ran: {}",
        ticked_while_all_ran(&ticks, &ran)
    );

    // The same jobs on tokio's blocking thread pool: the workers stay free.
    let ticker = tokio::spawn(run_ticker(window));
    let jobs = [
        tokio::task::spawn_blocking(move || crunch_numbers(job)),
        tokio::task::spawn_blocking(move || crunch_numbers(job)),
    ];
    let mut ran = Vec::new();
    for handle in jobs {
        ran.push(handle.await.unwrap());
    }
    let (worst, ticks) = ticker.await.unwrap();
    println!(
        "with spawn_blocking:   worst tick delay {}ms",
        worst.as_millis()
    );
    println!(
        "  ticked while both jobs ran: {}",
        ticked_while_all_ran(&ticks, &ran)
    );
}
// ANCHOR_END: main
