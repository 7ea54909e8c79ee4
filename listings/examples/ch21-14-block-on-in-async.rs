// ANCHOR: main
use std::time::Duration;

use tokio::runtime::Handle;

async fn fetch_rate(currency: &str) -> u64 {
    tokio::time::sleep(Duration::from_millis(5)).await;
    if currency == "EUR" { 92 } else { 100 }
}

/// The synchronous helper of the previous listing.
fn convert(handle: &Handle, cents: u64, currency: &str) -> u64 {
    cents * handle.block_on(fetch_rate(currency)) / 100
}

#[tokio::main]
async fn main() {
    println!("calling convert from async code");
    // Wrong: this thread is driving the runtime, and `block_on` would block it.
    let converted = convert(&Handle::current(), 5_000, "EUR");
    println!("5000 cents = {converted} EUR cents"); // never printed
}
// ANCHOR_END: main
// copy-of: ch21-13-sync-async-bridge fn convert
