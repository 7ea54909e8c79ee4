//! Run with `cargo test -p lazy-config`.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use lazy_config::{ConfigCache, LazyConfig};

/// Runs `body` on a thread of its own and returns its result. Fails the
/// test, instead of hanging it, if `body` has not returned after ten
/// seconds: a deadlock.
fn within_10s<T: Send + 'static>(what: &str, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = mpsc::channel();
    let runner = thread::spawn(move || {
        // If the test has given up, nobody receives: ignore the error.
        let _ = done.send(body());
    });
    match finished.recv_timeout(Duration::from_secs(10)) {
        Ok(value) => value,
        // `body` panicked: fail with its panic.
        Err(RecvTimeoutError::Disconnected) => panic::resume_unwind(runner.join().unwrap_err()),
        Err(RecvTimeoutError::Timeout) => {
            panic!("{what} did not return within 10 s: does it deadlock?")
        }
    }
}

/// How many threads ask at once (fewer under Miri, which interprets every
/// step).
const THREADS: usize = if cfg!(miri) { 3 } else { 8 };

/// How long a slow load takes: long enough for the other threads, which
/// wait at a barrier with the loading one, to ask while it runs.
const SLOW: Duration = Duration::from_millis(50);

#[derive(Debug, Clone, PartialEq)]
struct Settings {
    workers: usize,
    region: &'static str,
}

fn settings() -> Settings {
    Settings {
        workers: 4,
        region: "eu-west",
    }
}

#[test]
fn a_config_is_loaded_on_first_use_and_kept() {
    within_10s("two loads on one thread", || {
        let config = LazyConfig::new();
        assert!(
            config.get().is_none(),
            "get loaded, or found a value before any load"
        );
        let loads = AtomicUsize::new(0);
        let load = || {
            loads.fetch_add(1, Ordering::Relaxed);
            Ok::<_, String>(settings())
        };
        let first = config.get_or_load(load).expect("the load succeeded");
        let second = config.get_or_load(load).expect("the value was there");
        assert_eq!(*first, settings());
        assert!(
            std::ptr::eq(first, second),
            "the two calls returned different values"
        );
        assert_eq!(
            loads.load(Ordering::Relaxed),
            1,
            "the value was loaded again"
        );
        assert_eq!(config.get(), Some(&settings()));
    });
}

#[test]
fn threads_that_ask_at_once_share_one_load() {
    let config = Arc::new(LazyConfig::new());
    let loads = Arc::new(AtomicUsize::new(0));
    let (shared, counted) = (Arc::clone(&config), Arc::clone(&loads));
    let addresses = within_10s("threads asking at once", move || {
        let start = Barrier::new(THREADS);
        thread::scope(|s| {
            let askers: Vec<_> = (0..THREADS)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        let value = shared.get_or_load(|| {
                            counted.fetch_add(1, Ordering::Relaxed);
                            thread::sleep(SLOW);
                            Ok::<_, String>(settings())
                        });
                        // The address, to compare: every thread must get
                        // the same value.
                        value.map(|v| v as *const Settings as usize)
                    })
                })
                .collect();
            askers
                .into_iter()
                .map(|t| t.join().unwrap())
                .collect::<Vec<_>>()
        })
    });
    assert_eq!(loads.load(Ordering::Relaxed), 1, "more than one load ran");
    let first = addresses[0].clone().expect("the load succeeded");
    for address in &addresses {
        assert_eq!(*address, Ok(first), "threads got different values");
    }
    assert_eq!(config.get(), Some(&settings()));
}

#[test]
fn a_failed_load_is_not_kept() {
    within_10s("a load after a failed one", || {
        let config = LazyConfig::new();
        let failed = config.get_or_load(|| Err("the file is missing"));
        assert_eq!(failed, Err("the file is missing"));
        assert!(config.get().is_none(), "the failed load left a value");
        assert_eq!(
            config.get_or_load(|| Ok::<_, &str>(settings())),
            Ok(&settings())
        );
        // Now the value is there, and a load that would fail is not called.
        let mut called = false;
        let kept = config.get_or_load(|| {
            called = true;
            Err("the file is missing")
        });
        assert_eq!(kept, Ok(&settings()));
        assert!(!called, "a load ran although the value was there");
    });
}

#[test]
fn a_panicking_load_is_not_kept() {
    let config = Arc::new(LazyConfig::new());
    let shared = Arc::clone(&config);
    // Run it on a thread of its own: a deadlock must fail the test too.
    let value = within_10s("a load after a panicking one", move || {
        let panicked = panic::catch_unwind(AssertUnwindSafe(|| {
            let _ = shared.get_or_load(|| -> Result<Settings, String> {
                panic!("this load panics on purpose; the test expects it")
            });
        }));
        assert!(
            panicked.is_err(),
            "the load's panic did not reach the caller"
        );
        assert!(shared.get().is_none(), "the panicking load left a value");
        shared.get_or_load(|| Ok::<_, String>(settings())).cloned()
    });
    assert_eq!(value, Ok(settings()));
    assert_eq!(config.get(), Some(&settings()));
}

#[test]
fn loads_run_one_at_a_time() {
    let config = Arc::new(LazyConfig::<Settings>::new());
    let running = Arc::new(AtomicUsize::new(0));
    let loads = Arc::new(AtomicUsize::new(0));
    let (shared, counted, started) = (
        Arc::clone(&config),
        Arc::clone(&running),
        Arc::clone(&loads),
    );
    let most = within_10s("failing loads", move || {
        let start = Barrier::new(THREADS);
        let most = AtomicUsize::new(0);
        thread::scope(|s| {
            for _ in 0..THREADS {
                s.spawn(|| {
                    start.wait();
                    // Every load fails, so every thread loads, in turn.
                    let failed = shared.get_or_load(|| {
                        started.fetch_add(1, Ordering::SeqCst);
                        let now = counted.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        thread::sleep(SLOW);
                        counted.fetch_sub(1, Ordering::SeqCst);
                        Err("the server is unreachable")
                    });
                    assert_eq!(failed, Err("the server is unreachable"));
                });
            }
        });
        most.into_inner()
    });
    assert_eq!(
        loads.load(Ordering::SeqCst),
        THREADS,
        "a failed load was kept"
    );
    assert_eq!(most, 1, "{most} loads ran at the same time");
    assert!(config.get().is_none());
}

#[test]
fn the_cache_loads_each_key_once() {
    within_10s("three calls on one thread", || {
        let cache = ConfigCache::new();
        let loads = AtomicUsize::new(0);
        let load = |region: &&str| {
            loads.fetch_add(1, Ordering::Relaxed);
            Ok::<_, String>(format!("settings for {region}"))
        };
        assert_eq!(
            cache.get_or_load(&"eu-west", load),
            Ok("settings for eu-west".to_string())
        );
        assert_eq!(
            cache.get_or_load(&"us-east", load),
            Ok("settings for us-east".to_string())
        );
        assert_eq!(
            cache.get_or_load(&"eu-west", load),
            Ok("settings for eu-west".to_string())
        );
        assert_eq!(loads.load(Ordering::Relaxed), 2, "a key was loaded twice");
    });
}

#[test]
fn threads_that_ask_for_one_key_share_one_load() {
    let cache = Arc::new(ConfigCache::new());
    let loads = Arc::new(AtomicUsize::new(0));
    let (shared, counted) = (Arc::clone(&cache), Arc::clone(&loads));
    let values = within_10s("threads asking for one key", move || {
        let start = Barrier::new(THREADS);
        thread::scope(|s| {
            let askers: Vec<_> = (0..THREADS)
                .map(|_| {
                    s.spawn(|| {
                        start.wait();
                        shared.get_or_load(&"eu-west", |_| {
                            counted.fetch_add(1, Ordering::Relaxed);
                            thread::sleep(SLOW);
                            Ok::<_, String>(Arc::new(settings()))
                        })
                    })
                })
                .collect();
            askers
                .into_iter()
                .map(|t| t.join().unwrap())
                .collect::<Vec<_>>()
        })
    });
    assert_eq!(
        loads.load(Ordering::Relaxed),
        1,
        "the key was loaded more than once"
    );
    let first = values[0].clone().expect("the load succeeded");
    for value in &values {
        let value = value.as_ref().expect("the load succeeded");
        assert!(Arc::ptr_eq(value, &first), "threads got different values");
    }
}

#[test]
fn different_keys_load_at_the_same_time() {
    let cache = Arc::new(ConfigCache::new());
    let (a_started, a_has_started) = mpsc::channel();
    let (b_started, b_has_started) = mpsc::channel();
    let overlapped = within_10s("the loads of two keys", move || {
        let first = Arc::clone(&cache);
        let a = thread::spawn(move || {
            first.get_or_load(&"a", |_| {
                a_started.send(()).unwrap();
                // Waits for the load of "b" to start, which it can only
                // do while this load runs if the cache is not locked.
                let b_ran_meanwhile = b_has_started.recv_timeout(Duration::from_secs(2)).is_ok();
                Ok::<_, ()>(b_ran_meanwhile)
            })
        });
        a_has_started.recv().expect("the load of \"a\" started");
        let b = cache.get_or_load(&"b", |_| {
            // Nobody receives if "a" has given up: ignore the error.
            let _ = b_started.send(());
            Ok::<_, ()>(true)
        });
        (a.join().unwrap(), b)
    });
    assert_eq!(
        overlapped,
        (Ok(true), Ok(true)),
        "the load of \"b\" did not start while \"a\" loaded: did the cache hold its lock during the load?"
    );
}

#[test]
fn a_load_may_ask_the_cache_for_another_key() {
    let shared = Arc::new(ConfigCache::new());
    let values = within_10s("a load that asks for another key", move || {
        let region = shared.get_or_load(&"eu-west", |_| {
            // The settings of one region build on the defaults, loaded on
            // first use too.
            let defaults = shared.get_or_load(&"defaults", |_| Ok::<_, ()>(4))?;
            Ok::<_, ()>(defaults * 2)
        });
        (region, shared.get_or_load(&"defaults", |_| Err(())))
    });
    assert_eq!(values, (Ok(8), Ok(4)));
}

#[test]
fn a_failed_load_of_a_key_is_not_kept() {
    within_10s("loads of two keys on one thread", || {
        let cache = ConfigCache::new();
        assert_eq!(
            cache.get_or_load(&"eu-west", |_| Err("the file is missing")),
            Err("the file is missing")
        );
        assert_eq!(cache.get_or_load(&"us-east", |_| Ok::<_, &str>(2)), Ok(2));
        assert_eq!(cache.get_or_load(&"eu-west", |_| Ok::<_, &str>(1)), Ok(1));
        let mut called = false;
        let kept = cache.get_or_load(&"eu-west", |_| {
            called = true;
            Err("the file is missing")
        });
        assert_eq!(kept, Ok(1));
        assert!(
            !called,
            "a load of eu-west ran although its value was there"
        );
    });
}
