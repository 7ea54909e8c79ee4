// ANCHOR: main
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::sleep;

/// How many downloads may run at the same time.
const LIMIT: usize = 3;

/// Counts the downloads in flight, and the most there ever were.
#[derive(Default)]
struct InFlight {
    now: AtomicUsize,
    most: AtomicUsize,
}

async fn download(file: usize, permits: Arc<Semaphore>, in_flight: Arc<InFlight>) {
    // Waits here while LIMIT downloads hold a permit; the permit goes back
    // to the semaphore when `_permit` is dropped, at the end of the function.
    let _permit = permits
        .acquire()
        .await
        .expect("the semaphore is never closed");
    let now = in_flight.now.fetch_add(1, Ordering::SeqCst) + 1;
    in_flight.most.fetch_max(now, Ordering::SeqCst);
    sleep(Duration::from_millis(10 + 5 * file as u64)).await;
    in_flight.now.fetch_sub(1, Ordering::SeqCst);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let permits = Arc::new(Semaphore::new(LIMIT));
    let in_flight = Arc::new(InFlight::default());
    let mut downloads = JoinSet::new();
    for file in 0..10 {
        downloads.spawn(download(file, Arc::clone(&permits), Arc::clone(&in_flight)));
    }
    let mut finished = 0;
    while let Some(result) = downloads.join_next().await {
        result.expect("download cannot panic");
        finished += 1;
    }
    let most = in_flight.most.load(Ordering::SeqCst);
    println!("downloads finished: {finished}");
    println!("most downloads in flight at once: {most}");
    println!("never more than {LIMIT} at once: {}", most <= LIMIT);
}
// ANCHOR_END: main
