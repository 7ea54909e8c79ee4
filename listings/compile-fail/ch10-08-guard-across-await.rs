// ANCHOR: main
use std::future::Future;
use std::sync::{Arc, Mutex};

/// Has the same bound as `tokio::spawn`: the task may move between threads.
fn spawn_task<F: Future + Send + 'static>(_task: F) {}

async fn save(_visits: u32) {}

fn main() {
    let visits = Arc::new(Mutex::new(0u32));
    spawn_task(async move {
        let mut count = visits.lock().unwrap();
        *count += 1;
        save(*count).await; // the guard, `count`, is still alive here
    });
}
// ANCHOR_END: main
