// ANCHOR: main
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::{Instant, sleep};
use tokio_util::sync::CancellationToken;

/// A worker that runs until its token is cancelled, or gives up after one
/// second. Returns when and why it stopped.
fn worker(token: CancellationToken, start: Instant) -> JoinHandle<String> {
    tokio::spawn(async move {
        tokio::select! {
            () = token.cancelled() => format!("cancelled at {:?}", start.elapsed()),
            () = sleep(Duration::from_secs(1)) => "ran for 1s, never cancelled".to_string(),
        }
    })
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let start = Instant::now();
    let root = CancellationToken::new();
    let orders = root.child_token();
    let reports = root.child_token();
    let export = reports.child_token(); // a child of `reports`
    let workers = [
        ("root", worker(root.clone(), start)),
        ("orders", worker(orders.clone(), start)),
        ("reports", worker(reports.clone(), start)),
        ("export", worker(export.clone(), start)),
    ];

    sleep(Duration::from_millis(10)).await;
    reports.cancel();
    println!("at 10ms, reports.cancel():");
    println!("  export cancelled: {}", export.is_cancelled());
    println!("  root cancelled: {}", root.is_cancelled());
    println!("  orders cancelled: {}", orders.is_cancelled());

    sleep(Duration::from_millis(20)).await;
    root.cancel();
    println!("at 30ms, root.cancel():");
    println!("  orders cancelled: {}", orders.is_cancelled());

    for (name, worker) in workers {
        let stopped = worker.await.expect("the workers do not panic");
        println!("{name} worker: {stopped}");
    }

    let late = root.child_token();
    println!(
        "a child made after the cancel starts cancelled: {}",
        late.is_cancelled()
    );
    let original = CancellationToken::new();
    original.clone().cancel();
    println!(
        "cancelling a clone cancels the original: {}",
        original.is_cancelled()
    );
}
// ANCHOR_END: main
