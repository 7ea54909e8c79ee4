// ANCHOR: main
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

const WORK: Duration = Duration::from_millis(100);

/// Runs `job` on four threads at once and returns how long they took.
fn time_four_threads(job: impl Fn() + Sync) -> Duration {
    let start = Instant::now();
    thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(&job);
        }
    });
    start.elapsed()
}

fn main() {
    let log = Mutex::new(Vec::new());

    let holding = time_four_threads(|| {
        let mut entries = log.lock().unwrap();
        thread::sleep(WORK); // 100 ms of waiting, done while holding the guard
        entries.push("report");
    });
    println!("work inside the lock:  {}ms", holding.as_millis());
    println!("at least 4 x 100ms: {}", holding >= 4 * WORK);

    let not_holding = time_four_threads(|| {
        thread::sleep(WORK); // the same wait, before taking the lock
        log.lock().unwrap().push("report");
    });
    println!("work outside the lock: {}ms", not_holding.as_millis());
    println!("less than 4 x 100ms: {}", not_holding < 4 * WORK);
    println!("entries in the log: {}", log.lock().unwrap().len());
}
// ANCHOR_END: main
