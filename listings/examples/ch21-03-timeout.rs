// ANCHOR: main
use std::time::Duration;

use tokio::time::{Instant, sleep, timeout};

/// Prints when the lookup that owns it is dropped.
struct PendingQuery(&'static str);

impl Drop for PendingQuery {
    fn drop(&mut self) {
        println!("  query for {} dropped", self.0);
    }
}

/// Asks a slow price service: answers after `delay`.
async fn fetch_price(item: &'static str, delay: Duration) -> u32 {
    let _query = PendingQuery(item);
    sleep(delay).await;
    println!("  answer for {item} received");
    42
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let limit = Duration::from_millis(100);
    for (item, delay) in [("lamp", 30), ("sofa", 500)] {
        let start = Instant::now();
        println!(
            "{item}, answering in {delay}ms, limit {}ms:",
            limit.as_millis()
        );
        match timeout(limit, fetch_price(item, Duration::from_millis(delay))).await {
            Ok(price) => println!("  Ok({price})"),
            Err(elapsed) => println!("  Err(Elapsed): {elapsed}"),
        }
        println!("  returned after {}ms", start.elapsed().as_millis());
    }
}
// ANCHOR_END: main
