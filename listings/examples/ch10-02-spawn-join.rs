// ANCHOR: main
use std::time::Duration;

use tokio::task::JoinHandle;

/// Stands in for a call to another service: it waits, then answers.
async fn units_in_stock(item: &str) -> u32 {
    tokio::time::sleep(Duration::from_millis(20)).await;
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
}
// ANCHOR_END: main
