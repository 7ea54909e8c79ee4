// ANCHOR: main
use std::time::Duration;

use tokio::time::sleep;
use tracing::{info, info_span};

/// Wrong: the guard stays alive, and the span entered, across the `.await`.
async fn handle_order(id: u32, stock_check_ms: u64) {
    let span = info_span!("order", id);
    let _entered = span.enter();
    info!("reserving stock");
    sleep(Duration::from_millis(stock_check_ms)).await;
    info!("stock reserved");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    init_tracing();
    let first = tokio::spawn(handle_order(1, 30));
    let second = tokio::spawn(handle_order(2, 10));
    second.await.expect("order 2 does not panic");
    info!("order 2 handled");
    first.await.expect("order 1 does not panic");
    info!("order 1 handled");
}
// ANCHOR_END: main

/// Prints every event at level INFO or above to standard output, in a form
/// that is the same on every run: no timestamps, no colours, no thread ids.
fn init_tracing() {
    tracing_subscriber::fmt()
        .without_time()
        .with_ansi(false)
        .with_thread_ids(false)
        .with_target(false)
        .init();
}

// copy-of: ch27-01-events-and-spans fn init_tracing
