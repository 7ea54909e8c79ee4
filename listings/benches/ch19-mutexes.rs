//! Chapter 19: `parking_lot::Mutex` against `std::sync::Mutex`, timed by
//! `cargo xtask bench ch19-mutexes`, which writes
//! `listings/records/ch19-mutexes.toml`. Run it alone with
//! `cargo bench -p listings --bench ch19-mutexes`.
//!
//! Each case takes the lock 4,000,000 times in all, each time adding to a
//! counter (a critical section of a few instructions), on 1 thread or
//! split over 2 threads, which contend for the lock when they run at once.
//! The two mutexes on the same threads differ only in the lock; one mutex on
//! 1 and on 2 threads differs only in the second thread, and so in
//! contention when the two run at once.

use std::thread;

use bench_sampler::Bench;

/// Every case takes the lock this many times in all.
const TURNS: u64 = 4_000_000;
const SAMPLES: usize = 30;

fn with_parking_lot(threads: u64) -> u64 {
    let total = parking_lot::Mutex::new(0_u64);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for i in 0..TURNS / threads {
                    *total.lock() += i;
                }
            });
        }
    });
    total.into_inner()
}

fn with_std(threads: u64) -> u64 {
    let total = std::sync::Mutex::new(0_u64);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for i in 0..TURNS / threads {
                    *total.lock().unwrap() += i;
                }
            });
        }
    });
    total.into_inner().unwrap()
}

fn main() {
    let mut bench = Bench::new(SAMPLES);
    for (id, threads, column) in [("1", 1, "1 thread"), ("2", 2, "2 threads")] {
        bench.time(
            &format!("parking_lot/{id}"),
            "`parking_lot::Mutex`",
            column,
            move || with_parking_lot(threads),
        );
        bench.time(
            &format!("std/{id}"),
            "`std::sync::Mutex`",
            column,
            move || with_std(threads),
        );
    }
    bench.run();
}
