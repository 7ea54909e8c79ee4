// ANCHOR: main
use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{Instant, sleep, timeout};
use tokio_util::task::TaskTracker;

/// Pretends to upload a file that takes `millis` to send; returns its size.
async fn upload(millis: u64) -> u64 {
    sleep(Duration::from_millis(millis)).await;
    millis * 1024
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let tracker = TaskTracker::new();
    let mut set = JoinSet::new();
    for millis in [10, 20, 30] {
        // `spawn` returns a JoinHandle; dropping it detaches the task.
        tracker.spawn(upload(millis));
        set.spawn(upload(millis));
    }

    sleep(Duration::from_millis(100)).await;
    println!("at 100ms, all six uploads have finished");
    println!("  tracker.len(): {}", tracker.len());
    println!("  set.len(): {}", set.len());

    let waited = timeout(Duration::from_secs(1), tracker.wait()).await;
    println!(
        "wait() on the open, empty tracker returned within 1s: {}",
        waited.is_ok()
    );

    tracker.close();
    tracker.spawn(upload(50)); // a closed tracker still takes tasks
    let closed_at = Instant::now();
    tracker.wait().await;
    println!(
        "after close(), wait() returned {:?} later",
        closed_at.elapsed()
    );

    let mut bytes = 0;
    while let Some(result) = set.join_next().await {
        bytes += result.expect("uploads do not panic");
    }
    println!(
        "join_next gave back {bytes} bytes; set.len() is now {}",
        set.len()
    );

    let dropped = TaskTracker::new();
    dropped.spawn(async {
        sleep(Duration::from_millis(10)).await;
        println!("a task of a dropped tracker ran to its end");
    });
    drop(dropped);
    sleep(Duration::from_millis(20)).await;
}
// ANCHOR_END: main
