// ANCHOR: main
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

/// How long a call to the stock service takes.
const LOOKUP: Duration = Duration::from_millis(200);

/// Stands in for a call to another service: it waits, then answers.
async fn units_in_stock(item: &str) -> u32 {
    tokio::time::sleep(LOOKUP).await;
    match item {
        "keyboard" => 12,
        "monitor" => 3,
        _ => 0,
    }
}

#[tokio::main]
async fn main() {
    // `tokio::spawn` hands each task to the runtime at once and returns a
    // `JoinHandle`; both tasks wait on their timers at the same time.
    let start = Instant::now();
    let keyboards: JoinHandle<u32> = tokio::spawn(units_in_stock("keyboard"));
    let monitors: JoinHandle<u32> = tokio::spawn(units_in_stock("monitor"));

    // `join!` waits for both handles; each gives a `Result<u32, JoinError>`.
    let (keyboards, monitors) = tokio::join!(keyboards, monitors);
    match (keyboards, monitors) {
        (Ok(keyboards), Ok(monitors)) => {
            println!("in stock: {keyboards} keyboards, {monitors} monitors");
        }
        (Err(error), _) | (_, Err(error)) => println!("a task failed: {error}"),
    }
    // One lookup after the other would take at least 2 x 200ms.
    println!(
        "both answers in less than 2 x 200ms: {}",
        start.elapsed() < 2 * LOOKUP
    );
}
// ANCHOR_END: main
