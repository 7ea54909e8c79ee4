// ANCHOR: main
use std::time::Duration;

use tokio::task::{AbortHandle, JoinSet};
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
    let mut in_set = Vec::new();
    for millis in [10, 20, 30] {
        // `tracker.spawn` returns a JoinHandle (dropped here: the task is
        // detached); `set.spawn` returns an AbortHandle, and the set keeps
        // the JoinHandle.
        tracker.spawn(upload(millis));
        in_set.push(set.spawn(upload(millis)));
    }

    sleep(Duration::from_millis(100)).await;
    println!("at 100ms:");
    println!("  tracker.len(): {}", tracker.len());
    println!("  set.len(): {}", set.len());
    println!(
        "  every task of the set has finished: {}",
        in_set.iter().all(AbortHandle::is_finished)
    );

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

    // Dropping a JoinSet asks its tasks to stop; `shutdown` also waits.
    let mut dropped_set = JoinSet::new();
    let task = dropped_set.spawn(sleep(Duration::from_secs(60)));
    drop(dropped_set);
    println!(
        "a task of a dropped JoinSet has ended when `drop` returns: {}",
        task.is_finished()
    );
    tokio::task::yield_now().await;
    println!("  ... once its owner has yielded: {}", task.is_finished());
    let mut shut_set = JoinSet::new();
    let task = shut_set.spawn(sleep(Duration::from_secs(60)));
    shut_set.shutdown().await;
    println!(
        "a task of a JoinSet has ended when `shutdown().await` returns: {}",
        task.is_finished()
    );
}
// ANCHOR_END: main
