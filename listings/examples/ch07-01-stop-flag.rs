// ANCHOR: main
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Checks log lines until `stop` is set; returns how many it checked.
fn scan_logs(stop: &AtomicBool, checked: &AtomicU64) -> u64 {
    let mut line_number = 0u64;
    while !stop.load(Ordering::Relaxed) {
        line_number += 1;
        std::hint::black_box(line_number); // stands in for checking a line
        checked.store(line_number, Ordering::Relaxed);
    }
    line_number
}

fn main() {
    let stop = Arc::new(AtomicBool::new(false));
    let checked = Arc::new(AtomicU64::new(0));
    let (done, finished) = mpsc::channel();

    let worker = {
        let (stop, checked) = (Arc::clone(&stop), Arc::clone(&checked));
        thread::spawn(move || {
            let lines = scan_logs(&stop, &checked);
            // The receiver may have given up waiting: ignore a failed send.
            let _ = done.send(lines);
        })
    };

    // Let the worker get going, then ask it to stop.
    while checked.load(Ordering::Relaxed) < 100 {
        thread::yield_now();
    }
    stop.store(true, Ordering::Relaxed);

    match finished.recv_timeout(Duration::from_secs(1)) {
        Ok(lines) => {
            worker.join().unwrap(); // it has sent, so it has not panicked
            println!("worker stopped within 1 s of the flag: true");
            println!("worker checked 100 lines or more: {}", lines >= 100);
        }
        Err(_) => println!("worker stopped within 1 s of the flag: false"),
    }
}
// ANCHOR_END: main
