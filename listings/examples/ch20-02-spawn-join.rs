// ANCHOR: main
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

/// How long a call to the stock service takes.
const LOOKUP: Duration = Duration::from_millis(200);

/// Stands in for a call to another service: it waits, then answers, and
/// says when it started and stopped waiting.
async fn units_in_stock(item: &str) -> (u32, Instant, Instant) {
    let started = Instant::now();
    tokio::time::sleep(LOOKUP).await;
    let units = match item {
        "keyboard" => 12,
        "monitor" => 3,
        _ => 0,
    };
    (units, started, Instant::now())
}

#[tokio::main]
async fn main() {
    // `tokio::spawn` hands each task to the runtime at once and returns a
    // `JoinHandle`; both tasks wait on their timers at the same time.
    let keyboards: JoinHandle<_> = tokio::spawn(units_in_stock("keyboard"));
    let monitors: JoinHandle<_> = tokio::spawn(units_in_stock("monitor"));

    // `join!` waits for both handles; each gives a `Result<_, JoinError>`.
    let (keyboards, monitors) = tokio::join!(keyboards, monitors);
    match (keyboards, monitors) {
        (Ok((keyboards, k_start, k_end)), Ok((monitors, m_start, m_end))) => {
            println!("in stock: {keyboards} keyboards, {monitors} monitors");
            // Each lookup began before the other one ended.
            let overlapped = k_start < m_end && m_start < k_end;
            println!("the two lookups overlapped: {overlapped}");
        }
        (Err(error), _) | (_, Err(error)) => println!("a task failed: {error}"),
    }
}
// ANCHOR_END: main
