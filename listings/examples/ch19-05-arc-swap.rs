/// Each thread's `rcu` calls (fewer under Miri, which interprets every step).
const BUMPS: u32 = if cfg!(miri) { 5 } else { 100 };

// ANCHOR: main
use std::sync::{Arc, RwLock};
use std::thread;

use arc_swap::ArcSwap;

#[derive(Debug)]
struct Config {
    version: u32,
    timeout_ms: u64,
}

fn main() {
    let config = ArcSwap::from_pointee(Config {
        version: 1,
        timeout_ms: 500,
    });

    // `load` takes no lock: it returns a guard that keeps this version alive.
    let during_request = config.load();
    config.store(Arc::new(Config {
        version: 2,
        timeout_ms: 250,
    }));
    println!(
        "a request that loaded before the store: {:?}",
        **during_request
    );
    println!("a load after the store: {:?}", **config.load());
    drop(during_request);

    // `rcu` builds a new value from the current one and retries if another
    // thread stored in between: two threads, BUMPS bumps each, none lost.
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                for _ in 0..BUMPS {
                    config.rcu(|old| Config {
                        version: old.version + 1,
                        ..**old
                    });
                }
            });
        }
    });
    let latest = config.load();
    println!(
        "after {} rcu updates: version {}, timeout {} ms",
        2 * BUMPS,
        latest.version,
        latest.timeout_ms
    );

    // The same snapshot with std: a read lock, held just long enough to
    // clone the `Arc`.
    let with_std = RwLock::new(Arc::new(Config {
        version: 1,
        timeout_ms: 500,
    }));
    let snapshot = Arc::clone(&with_std.read().expect("no writer panicked"));
    *with_std.write().expect("no writer panicked") = Arc::new(Config {
        version: 2,
        timeout_ms: 250,
    });
    println!("RwLock<Arc<_>> snapshot taken before the write: {snapshot:?}");
}
// ANCHOR_END: main
