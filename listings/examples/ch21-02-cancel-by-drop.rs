// ANCHOR: main
use std::future::{Future, poll_fn};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Poll;
use std::time::Duration;

/// Prints when it is dropped, whether its owner finished or not.
struct UploadSlot {
    name: &'static str,
}

impl Drop for UploadSlot {
    fn drop(&mut self) {
        println!("  {}: slot released", self.name);
    }
}

/// Uploads a report in two steps, with a wait in between; counts each step
/// in `steps_sent`.
async fn upload_report(name: &'static str, steps_sent: &AtomicUsize) {
    let _slot = UploadSlot { name };
    steps_sent.fetch_add(1, Ordering::SeqCst);
    println!("  {name}: step 1 sent");
    tokio::time::sleep(Duration::from_millis(50)).await;
    steps_sent.fetch_add(1, Ordering::SeqCst);
    println!("  {name}: step 2 sent");
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    println!("awaited to the end:");
    let monday = AtomicUsize::new(0);
    upload_report("monday.csv", &monday).await;
    println!("  steps sent: {}", monday.load(Ordering::SeqCst));

    println!("polled once, then dropped:");
    let tuesday = AtomicUsize::new(0);
    let mut upload = Box::pin(upload_report("tuesday.csv", &tuesday));
    // Poll the future once, as a runtime would, and keep only the answer.
    let finished = poll_fn(|cx| Poll::Ready(upload.as_mut().poll(cx).is_ready())).await;
    println!("  finished after one poll: {finished}");
    drop(upload); // cancels it where it waits: at the sleep
    tokio::time::sleep(Duration::from_millis(100)).await;
    println!(
        "  steps sent, 100ms later: {}",
        tuesday.load(Ordering::SeqCst)
    );
}
// ANCHOR_END: main
