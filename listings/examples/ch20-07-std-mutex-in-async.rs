// ANCHOR: main
use std::sync::{Arc, Mutex};

/// Stands in for writing the count to a database.
async fn save(_visits: u32) {
    tokio::task::yield_now().await;
}

#[tokio::main]
async fn main() {
    let visits = Arc::new(Mutex::new(0u32));

    let mut handles = Vec::new();
    for _ in 0..10 {
        let visits = Arc::clone(&visits);
        handles.push(tokio::spawn(async move {
            // The guard lives only inside this block: it is dropped, and
            // the lock released, before the `.await` below.
            let count = {
                let mut count = visits.lock().unwrap();
                *count += 1;
                *count
            };
            save(count).await;
        }));
    }
    for handle in handles {
        handle.await.unwrap();
    }
    println!("visits: {}", visits.lock().unwrap());
}
// ANCHOR_END: main
