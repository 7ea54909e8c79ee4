//! Chapter 27: `DashMap` against a `HashMap` behind a `Mutex` or an
//! `RwLock`, timed by `cargo xtask bench ch27-maps`, which writes
//! `listings/records/ch27-maps.toml`. Run it alone with
//! `cargo bench -p listings --bench ch27-maps`.
//!
//! Each case starts 2 threads on a map of 1,024 keys; each thread makes
//! 100,000 operations on keys spread over the map, 9 reads for every write
//! (an increment). The cases differ only in the map and its locking.

use std::collections::HashMap;
use std::sync::{Mutex, RwLock};
use std::thread;

use bench_sampler::Bench;
use dashmap::DashMap;

const KEYS: u64 = 1_024;
const OPS_PER_THREAD: u64 = 100_000;
const THREADS: u64 = 2;
const SAMPLES: usize = 30;

/// The key of operation `i` of thread `t`, spread over the map.
fn key(t: u64, i: u64) -> u64 {
    (i.wrapping_mul(2_654_435_761) + t * 7) % KEYS
}

fn with_dashmap(map: &DashMap<u64, u64>) -> u64 {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                scope.spawn(move || {
                    let mut seen = 0;
                    for i in 0..OPS_PER_THREAD {
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

fn with_mutex(map: &Mutex<HashMap<u64, u64>>) -> u64 {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                scope.spawn(move || {
                    let mut seen = 0;
                    for i in 0..OPS_PER_THREAD {
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

fn with_rwlock(map: &RwLock<HashMap<u64, u64>>) -> u64 {
    thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                scope.spawn(move || {
                    let mut seen = 0;
                    for i in 0..OPS_PER_THREAD {
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
    let column = "2 threads, 9 reads per write";
    let mut bench = Bench::new(SAMPLES);
    bench.time("dashmap", "`DashMap`", column, || with_dashmap(&dashmap));
    bench.time("mutex", "`Mutex<HashMap>`", column, || with_mutex(&mutex));
    bench.time("rwlock", "`RwLock<HashMap>`", column, || {
        with_rwlock(&rwlock)
    });
    bench.run();
}
