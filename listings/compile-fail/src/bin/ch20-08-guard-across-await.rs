// ANCHOR: main
use std::sync::{Arc, Mutex};

async fn save(_visits: u32) {}

#[tokio::main]
async fn main() {
    let visits = Arc::new(Mutex::new(0u32));
    tokio::spawn(async move {
        let mut count = visits.lock().unwrap();
        *count += 1;
        save(*count).await; // the guard, `count`, is still alive here
    });
}
// ANCHOR_END: main
