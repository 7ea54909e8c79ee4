//! Chapter 19: `DashMap` against a `HashMap` behind a `Mutex` or an
//! `RwLock`, timed by `cargo xtask bench ch19-maps`, which writes
//! `listings/records/ch19-maps.toml`. Run it alone with
//! `cargo bench -p listings --bench ch19-maps`.
//!
//! Each case makes 2,000,000 operations on a map of 1,024 keys, 9 reads for
//! every write (an increment), on keys spread over the map: on 1 thread, or
//! split over 2 threads. The three maps on the same threads differ only in
//! the map and its locking; one map on 1 and on 2 threads differs only in
//! the threads that share it, which contend for its locks when they run at
//! once.

use std::collections::HashMap;
use std::sync::{Mutex, RwLock};
use std::thread;

use bench_sampler::Bench;
use dashmap::DashMap;

const KEYS: u64 = 1_024;
/// Every case makes this many operations in all.
const OPS: u64 = 2_000_000;
const SAMPLES: usize = 30;

/// The key of operation `i` of thread `t`, spread over the map.
fn key(t: u64, i: u64) -> u64 {
    (i.wrapping_mul(2_654_435_761) + t * 7) % KEYS
}

fn with_dashmap(map: &DashMap<u64, u64>, threads: u64) -> u64 {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut seen = 0;
                    for i in 0..OPS / threads {
                        if i % 10 == 0 {
                            *map.get_mut(&key(t, i)).unwrap() += 1;
                        } else {
                            seen += *map.get(&key(t, i)).unwrap();
                        }
                    }
                    seen
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    })
}

fn with_mutex(map: &Mutex<HashMap<u64, u64>>, threads: u64) -> u64 {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut seen = 0;
                    for i in 0..OPS / threads {
                        let mut map = map.lock().unwrap();
                        if i % 10 == 0 {
                            *map.get_mut(&key(t, i)).unwrap() += 1;
                        } else {
                            seen += map[&key(t, i)];
                        }
                    }
                    seen
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    })
}

fn with_rwlock(map: &RwLock<HashMap<u64, u64>>, threads: u64) -> u64 {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    let mut seen = 0;
                    for i in 0..OPS / threads {
                        if i % 10 == 0 {
                            *map.write().unwrap().get_mut(&key(t, i)).unwrap() += 1;
                        } else {
                            seen += map.read().unwrap()[&key(t, i)];
                        }
                    }
                    seen
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).sum()
    })
}

fn main() {
    let dashmap: DashMap<u64, u64> = (0..KEYS).map(|k| (k, 0)).collect();
    let mutex = Mutex::new((0..KEYS).map(|k| (k, 0)).collect::<HashMap<_, _>>());
    let rwlock = RwLock::new((0..KEYS).map(|k| (k, 0)).collect::<HashMap<_, _>>());
    let mut bench = Bench::new(SAMPLES);
    for (id, threads, column) in [("1", 1, "1 thread"), ("2", 2, "2 threads")] {
        let (dashmap, mutex, rwlock) = (&dashmap, &mutex, &rwlock);
        bench.time(&format!("dashmap/{id}"), "`DashMap`", column, move || {
            with_dashmap(dashmap, threads)
        });
        bench.time(
            &format!("mutex/{id}"),
            "`Mutex<HashMap>`",
            column,
            move || with_mutex(mutex, threads),
        );
        bench.time(
            &format!("rwlock/{id}"),
            "`RwLock<HashMap>`",
            column,
            move || with_rwlock(rwlock, threads),
        );
    }
    bench.run();
}
