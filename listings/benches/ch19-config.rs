//! Chapter 19: `ArcSwap` against `RwLock<Arc<T>>` for a shared
//! configuration, timed by `cargo xtask bench ch19-config`, which writes
//! `listings/records/ch19-config.toml`. Run it alone with
//! `cargo bench -p listings --bench ch19-config`.
//!
//! Each case starts 2 reader threads that each load the configuration
//! 2,000,000 times and read a field of it, while a writer thread replaces the
//! configuration with a new one, then sleeps 100 microseconds, over and over
//! until the readers are done. The two cases differ only in how the
//! configuration is shared.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};
use std::thread;
use std::time::Duration;

use arc_swap::ArcSwap;
use bench_sampler::Bench;

const LOADS_PER_READER: u64 = 2_000_000;
const READERS: usize = 2;
const SAMPLES: usize = 30;

struct Config {
    version: u64,
    timeout_ms: u64,
}

fn with_arc_swap(config: &ArcSwap<Config>) -> u64 {
    let readers_done = AtomicBool::new(false);
    thread::scope(|scope| {
        scope.spawn(|| {
            let mut version = 0;
            while !readers_done.load(Ordering::Relaxed) {
                version += 1;
                config.store(Arc::new(Config {
                    version,
                    timeout_ms: 500,
                }));
                thread::sleep(Duration::from_micros(100));
            }
        });
        let readers: Vec<_> = (0..READERS)
            .map(|_| {
                scope.spawn(|| {
                    let mut sum = 0;
                    for _ in 0..LOADS_PER_READER {
                        sum += config.load().timeout_ms;
                    }
                    sum
                })
            })
            .collect();
        let sum = readers.into_iter().map(|r| r.join().unwrap()).sum::<u64>();
        readers_done.store(true, Ordering::Relaxed);
        sum + config.load().version
    })
}

fn with_rwlock(config: &RwLock<Arc<Config>>) -> u64 {
    let readers_done = AtomicBool::new(false);
    thread::scope(|scope| {
        scope.spawn(|| {
            let mut version = 0;
            while !readers_done.load(Ordering::Relaxed) {
                version += 1;
                *config.write().unwrap() = Arc::new(Config {
                    version,
                    timeout_ms: 500,
                });
                thread::sleep(Duration::from_micros(100));
            }
        });
        let readers: Vec<_> = (0..READERS)
            .map(|_| {
                scope.spawn(|| {
                    let mut sum = 0;
                    for _ in 0..LOADS_PER_READER {
                        let snapshot = Arc::clone(&config.read().unwrap());
                        sum += snapshot.timeout_ms;
                    }
                    sum
                })
            })
            .collect();
        let sum = readers.into_iter().map(|r| r.join().unwrap()).sum::<u64>();
        readers_done.store(true, Ordering::Relaxed);
        sum + config.read().unwrap().version
    })
}

fn main() {
    let first = || Config {
        version: 0,
        timeout_ms: 500,
    };
    let arc_swap = ArcSwap::from_pointee(first());
    let rwlock = RwLock::new(Arc::new(first()));
    let column = "2 readers, 1 writer";
    let mut bench = Bench::new(SAMPLES);
    bench.time("arc-swap", "`ArcSwap<Config>`", column, || {
        with_arc_swap(&arc_swap)
    });
    bench.time("rwlock", "`RwLock<Arc<Config>>`", column, || {
        with_rwlock(&rwlock)
    });
    bench.run();
}
