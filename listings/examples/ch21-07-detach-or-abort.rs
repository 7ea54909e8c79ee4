// ANCHOR: main
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::time::sleep;

/// Saves a backup after 50ms and records that it did.
async fn save_backup(saved: Arc<AtomicBool>) {
    sleep(Duration::from_millis(50)).await;
    saved.store(true, Ordering::SeqCst);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    // Dropping the handle detaches the task: it keeps running.
    let saved = Arc::new(AtomicBool::new(false));
    let handle = tokio::spawn(save_backup(Arc::clone(&saved)));
    drop(handle);
    sleep(Duration::from_millis(100)).await;
    println!(
        "handle dropped: backup saved = {}",
        saved.load(Ordering::SeqCst)
    );

    // `abort` cancels the task at the `.await` where it waits.
    let saved = Arc::new(AtomicBool::new(false));
    let handle = tokio::spawn(save_backup(Arc::clone(&saved)));
    sleep(Duration::from_millis(10)).await; // the task is now inside its sleep
    handle.abort();
    match handle.await {
        Ok(()) => println!("aborted: the task finished anyway"),
        Err(error) => println!("aborted: is_cancelled() = {}", error.is_cancelled()),
    }
    sleep(Duration::from_millis(100)).await;
    println!("aborted: backup saved = {}", saved.load(Ordering::SeqCst));
}
// ANCHOR_END: main
