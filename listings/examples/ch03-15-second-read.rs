// ANCHOR: main
use std::sync::{RwLock, TryLockError};
use std::thread;
use std::time::{Duration, Instant};

/// Whether `read` would have to wait right now. `try_read` answers at once
/// instead of waiting.
fn read_would_block(config: &RwLock<String>) -> bool {
    matches!(config.try_read(), Err(TryLockError::WouldBlock))
}

fn main() {
    let config = RwLock::new(String::from("retries=3"));

    thread::scope(|s| {
        let first = config.read().unwrap();
        println!(
            "no writer: second read would block? {}",
            read_would_block(&config)
        );

        let writer = s.spawn(|| *config.write().unwrap() = String::from("retries=5"));

        // Give the writer up to a second to start waiting; on a working
        // machine it takes far less.
        let deadline = Instant::now() + Duration::from_secs(1);
        let mut blocked = read_would_block(&config);
        while !blocked && Instant::now() < deadline {
            thread::sleep(Duration::from_millis(1));
            blocked = read_would_block(&config);
        }
        println!("writer waiting: second read would block? {blocked}");
        println!(
            "writer done while we hold a read guard? {}",
            writer.is_finished()
        );

        drop(first); // now the writer can go ahead
    });
    println!("after the writer: {}", config.read().unwrap());
}
// ANCHOR_END: main
