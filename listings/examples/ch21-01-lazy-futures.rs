// ANCHOR: main
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Records one visit in `visits`. The body runs only when the future is polled.
async fn record_visit(visits: Arc<AtomicUsize>) {
    visits.fetch_add(1, Ordering::SeqCst);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let visits = Arc::new(AtomicUsize::new(0));

    // Calling an async fn builds a future and runs none of its body.
    let visit = record_visit(Arc::clone(&visits));
    tokio::time::sleep(Duration::from_millis(10)).await;
    println!(
        "visits after creating the future: {}",
        visits.load(Ordering::SeqCst)
    );
    drop(visit); // never polled: its body never runs
    println!(
        "visits after dropping it unpolled: {}",
        visits.load(Ordering::SeqCst)
    );

    // `tokio::spawn` hands the future to the runtime, which runs it as soon
    // as this task gives the thread back, whether or not anyone awaits the handle.
    let handle = tokio::spawn(record_visit(Arc::clone(&visits)));
    tokio::time::sleep(Duration::from_millis(10)).await;
    let before_await = visits.load(Ordering::SeqCst);
    println!("visits after spawning, before awaiting the handle: {before_await}");
    println!(
        "the spawned task ran without being awaited: {}",
        before_await == 1
    );

    // `.await` polls the future in place, to completion.
    handle.await.expect("record_visit cannot panic");
    record_visit(Arc::clone(&visits)).await;
    println!(
        "visits after awaiting one more call: {}",
        visits.load(Ordering::SeqCst)
    );
}
// ANCHOR_END: main
