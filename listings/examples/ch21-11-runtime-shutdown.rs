// ANCHOR: main
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use tokio::runtime::Builder;

/// Prints when the task that owns it is dropped.
struct TaskGuard(&'static str);

impl Drop for TaskGuard {
    fn drop(&mut self) {
        println!("  {}: dropped", self.0);
    }
}

fn main() -> std::io::Result<()> {
    let runtime = Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()?;
    let flushed = Arc::new(AtomicBool::new(false));
    let exported = Arc::new(AtomicBool::new(false));
    let (started, started_events) = mpsc::channel();

    let (flag, started_flusher) = (Arc::clone(&flushed), started.clone());
    runtime.spawn(async move {
        let _guard = TaskGuard("log flusher");
        started_flusher
            .send("log flusher")
            .expect("main is waiting");
        tokio::time::sleep(Duration::from_secs(60)).await;
        flag.store(true, Ordering::SeqCst);
    });
    let flag = Arc::clone(&exported);
    runtime.spawn_blocking(move || {
        started.send("exporter").expect("main is waiting");
        std::thread::sleep(Duration::from_millis(20));
        flag.store(true, Ordering::SeqCst);
    });
    // Wait until both have started (in either order).
    for _ in 0..2 {
        started_events.recv().expect("both send before they finish");
    }

    println!("dropping the runtime:");
    drop(runtime);
    println!("runtime dropped");
    println!(
        "log flusher ran past its .await: {}",
        flushed.load(Ordering::SeqCst)
    );
    println!(
        "blocking exporter ran to the end: {}",
        exported.load(Ordering::SeqCst)
    );
    Ok(())
}
// ANCHOR_END: main
