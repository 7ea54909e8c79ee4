// ANCHOR: main
use std::thread;
use std::time::Duration;

use tokio::runtime::{Handle, Runtime};

/// An async client, as a library might provide: the exchange rate, in
/// hundredths, after a short wait.
async fn fetch_rate(currency: &str) -> u64 {
    tokio::time::sleep(Duration::from_millis(5)).await;
    match currency {
        "EUR" => 92,
        "GBP" => 79,
        _ => 100,
    }
}

/// Synchronous code that needs the async client: it blocks its thread on
/// the runtime behind `handle` until the rate arrives.
fn convert(handle: &Handle, cents: u64, currency: &str) -> u64 {
    cents * handle.block_on(fetch_rate(currency)) / 100
}

fn main() -> std::io::Result<()> {
    // Sync to async: a plain `main` builds a runtime and blocks on a future.
    let runtime = Runtime::new()?;
    let rate = runtime.block_on(fetch_rate("EUR"));
    println!("Runtime::block_on in main: EUR rate {rate}");

    // From a thread the runtime does not own, through a `Handle`.
    let handle = runtime.handle().clone();
    let converted = thread::spawn(move || convert(&handle, 10_000, "GBP"))
        .join()
        .expect("convert cannot panic");
    println!("Handle::block_on in a std thread: 10000 cents = {converted} GBP cents");

    // Async to sync: the blocking code runs on the blocking pool, where
    // `Handle::block_on` is allowed again.
    let converted = runtime.block_on(async {
        let handle = Handle::current();
        tokio::task::spawn_blocking(move || convert(&handle, 5_000, "EUR"))
            .await
            .expect("convert cannot panic")
    });
    println!("spawn_blocking from async code: 5000 cents = {converted} EUR cents");
    Ok(())
}
// ANCHOR_END: main
