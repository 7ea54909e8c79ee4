// ANCHOR: main
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;

/// Written once by one thread, read by another after `ready` is set.
struct Summary {
    total: AtomicU64,
    count: AtomicU64,
    ready: AtomicBool,
}

fn main() {
    let readings: Vec<u64> = (1..=100).collect();
    let summary = Summary {
        total: AtomicU64::new(0),
        count: AtomicU64::new(0),
        ready: AtomicBool::new(false),
    };

    thread::scope(|s| {
        s.spawn(|| {
            let (total, count) = (readings.iter().sum(), readings.len() as u64);
            summary.total.store(total, Ordering::Relaxed);
            summary.count.store(count, Ordering::Relaxed);
            // Release: the two stores above happen before this one.
            summary.ready.store(true, Ordering::Release);
        });

        // Acquire: once this load sees `true`, the reader sees both values.
        while !summary.ready.load(Ordering::Acquire) {
            thread::yield_now();
        }
        let total = summary.total.load(Ordering::Relaxed);
        let count = summary.count.load(Ordering::Relaxed);
        println!("total {total} over {count} readings");
        println!("average {}", total as f64 / count as f64);
    });
}
// ANCHOR_END: main
