//! The grader: loom runs each case below as often as it needs to explore
//! the orders of its threads that can change the outcome (of orders that
//! differ only in ways that cannot change the outcome, it runs one), on
//! the configurations built with loom's `Arc` and `Mutex`, and a
//! `OnceLock` built on loom's `Mutex` and `Condvar` (`src/sync.rs`). Run it
//! with
//!
//! ```text
//! RUSTFLAGS="--cfg loom" cargo test -p lazy-config --release --test loom
//! ```
//!
//! loom varies the order in which threads run; it cannot model every
//! reordering that relaxed atomics allow (its documentation lists what it
//! does not model).
//!
//! Without `--cfg loom`, this file is empty.
#![cfg(loom)]

use std::cell::RefCell;
use std::io::{self, Write};
use std::panic;
use std::process;
use std::sync::Once;

use lazy_config::{ConfigCache, LazyConfig};
use loom::sync::Arc;
use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;

/// What the grader checks, as its first line names it.
const SUBJECT: &str = "the configuration";

/// The sections of the book that a failure sends the reader back to.
const RACE: &str = "https://rust-concurrency-patterns.github.io/book/ch09-one-time-initialisation.html#two-threads-race-to-initialise";
const FAILED: &str = "https://rust-concurrency-patterns.github.io/book/ch09-one-time-initialisation.html#when-the-initialiser-panics";
const ONE_GUARD: &str = "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#keeping-the-check-and-the-act-under-one-guard";
const RELEASED: &str =
    "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#when-the-lock-is-released";
const OWN_LOCK: &str = "https://rust-concurrency-patterns.github.io/book/ch03-mutexes.html#pitfall-a-thread-that-waits-for-its-own-lock";

/// The messages of the grader's own assertions.
const LOADED_TWICE: &str = "two threads asked for the configuration, and it was loaded twice";
const SAME_VALUE: &str = "the two threads did not both get the loaded value";
const TRIED_AGAIN: &str =
    "a load that fails, then one that succeeds, did not give one error and one value";
const KEY_LOADED_TWICE: &str = "two threads asked for key 1, and it was loaded twice";
const KEY_VALUES: &str = "a thread did not get the value of its key";
const KEY_TRIED_AGAIN: &str =
    "a failed load of key 1, then one that succeeds, did not give one error and one value";
const KEY_LOADED_AGAIN: &str = "key 1 was loaded, and a later call loaded it again";

/// What a failing case says, kept for the panic hook (see [`explore`]).
struct Lesson {
    /// What the case checks.
    checks: &'static str,
    /// What to revisit when loom finds threads blocked for good.
    if_stuck: String,
    /// What to revisit when a thread panics with a message that contains
    /// the first text: the grader's own assertions.
    if_panics: Vec<(&'static str, String)>,
}

thread_local! {
    /// The lesson of the case this thread is exploring, if any.
    static LESSON: RefCell<Option<Lesson>> = const { RefCell::new(None) };
}

/// Explores `model` under loom. If it fails in some order, the grader
/// prints what the case checks, what to revisit, and loom's report, and
/// exits. What to revisit: `if_stuck` when loom found threads blocked for
/// good; for a panic, the text of `if_panics` whose message it contains;
/// for a `todo!`, or any other panic, a line that says only what loom
/// knows. A deadlock or a panic can have other causes than the ones a
/// lesson names: the lessons say "for example" where a case cannot tell
/// them apart.
///
/// It exits from the panic hook, before anything unwinds: after a failed
/// order, loom drops the threads it was running, and a `Mutex` guard or an
/// `Arc` that one of them held panics again as it drops, which would abort
/// the program with a backtrace instead of this message.
fn explore(lesson: Lesson, model: impl Fn() + Send + Sync + 'static) {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let Some(lesson) = LESSON.with(|l| l.borrow_mut().take()) else {
                return default(info);
            };
            let report = info.payload_as_str().unwrap_or("(not text)");
            let revisit = if report.starts_with("deadlock") {
                lesson.if_stuck.as_str()
            } else if report.starts_with("not yet implemented") {
                "the starter's todo!() still runs: write that part first."
            } else if let Some((_, text)) =
                lesson.if_panics.iter().find(|(m, _)| report.contains(m))
            {
                text.as_str()
            } else {
                "a thread panicked, with the message of loom's report below."
            };
            // Straight to the terminal: the test harness would keep what
            // `eprintln!` prints, and lose it when the program exits.
            let _ = write!(
                io::stderr(),
                "\ngrader: {SUBJECT} fails in some order of the threads.\n\
                 The test: {}.\n\
                 Revisit: {revisit}\n\
                 loom's report: {report}\n\n",
                lesson.checks
            );
            process::exit(101);
        }));
    });
    LESSON.with(|l| *l.borrow_mut() = Some(lesson));
    loom::model(model);
    LESSON.with(|l| l.borrow_mut().take());
}

/// The cases, one after another in this order, in one test. The first
/// case that fails ends the program (see [`explore`]), so the grader
/// prints the message of the first failing case. As several tests, which
/// `cargo test` runs on several threads at once, a solution that fails
/// more than one would print one message or another, whichever failed
/// first.
#[test]
fn lazy_config_under_loom() {
    two_threads_ask_for_one_config();
    a_failed_load_is_tried_again();
    two_threads_ask_for_one_key();
    a_failed_load_of_a_key_is_tried_again();
    a_load_asks_for_another_key();
}

fn two_threads_ask_for_one_config() {
    let lesson = Lesson {
        checks: "two threads ask an empty LazyConfig for its value at once",
        if_stuck: format!(
            "the threads deadlocked. For example, a thread kept the\nloading lock \
             after its load, or locked it twice:\n{RELEASED}"
        ),
        if_panics: vec![
            (
                LOADED_TWICE,
                format!(
                    "the second load must not run. For example, each thread found\nno \
                     value, one loaded while the other waited for the lock,\nand then \
                     the other loaded too, without looking again. Look\nfor the value \
                     again once you hold the lock, so that the check\nand the load are \
                     under one guard:\n{ONE_GUARD}\n{RACE}"
                ),
            ),
            (
                SAME_VALUE,
                "both threads must get Ok, with a reference to the one value\n\
                 that the load made."
                    .to_string(),
            ),
        ],
    };
    explore(lesson, || {
        let config = Arc::new(LazyConfig::new());
        let loads = Arc::new(AtomicUsize::new(0));
        let askers: Vec<_> = (0..2)
            .map(|_| {
                let (config, loads) = (Arc::clone(&config), Arc::clone(&loads));
                thread::spawn(move || {
                    let value = config.get_or_load(|| {
                        loads.fetch_add(1, Ordering::SeqCst);
                        Ok::<u32, ()>(7)
                    });
                    // The address, to compare with the other thread's.
                    value.map(|v| (*v, v as *const u32 as usize))
                })
            })
            .collect();
        let got: Vec<_> = askers.into_iter().map(|t| t.join().unwrap()).collect();
        assert_eq!(loads.load(Ordering::SeqCst), 1, "{LOADED_TWICE}");
        let stored = config.get().map(|v| (*v, v as *const u32 as usize));
        assert!(stored.is_some(), "{SAME_VALUE}");
        assert_eq!(got, [Ok(stored.unwrap()); 2], "{SAME_VALUE}");
    });
}

fn a_failed_load_is_tried_again() {
    let lesson = Lesson {
        checks: "two threads ask an empty LazyConfig for its value at once;\n\
                 the first load fails, and a second load would succeed",
        if_stuck: format!(
            "the threads deadlocked. For example, the thread whose load\nfailed \
             kept the loading lock:\n{RELEASED}"
        ),
        if_panics: vec![(
            TRIED_AGAIN,
            format!(
                "the thread whose load failed must get its error, and the\nother \
                 thread must load again and get the value. For example, the\nfailed \
                 load was kept (a OnceLock<Result<T, E>> keeps an error as\nit keeps \
                 a value), or the waiting thread returned without\nloading. Keep a \
                 value only when the load succeeds:\n{FAILED}"
            ),
        )],
    };
    explore(lesson, || {
        let config = Arc::new(LazyConfig::new());
        let loads = Arc::new(AtomicUsize::new(0));
        let askers: Vec<_> = (0..2)
            .map(|_| {
                let (config, loads) = (Arc::clone(&config), Arc::clone(&loads));
                thread::spawn(move || {
                    let value = config.get_or_load(|| {
                        if loads.fetch_add(1, Ordering::SeqCst) == 0 {
                            Err("the server is unreachable")
                        } else {
                            Ok(7)
                        }
                    });
                    value.copied()
                })
            })
            .collect();
        let mut got: Vec<_> = askers.into_iter().map(|t| t.join().unwrap()).collect();
        got.sort();
        assert_eq!(
            got,
            [Ok(7), Err("the server is unreachable")],
            "{TRIED_AGAIN}"
        );
        assert_eq!(loads.load(Ordering::SeqCst), 2, "{TRIED_AGAIN}");
    });
}

/// A thread that asks `cache` for `key`, loaded as `load` says.
fn asking(
    cache: &Arc<ConfigCache<u8, u32>>,
    key: u8,
    load: impl FnOnce(&ConfigCache<u8, u32>) -> Result<u32, ()> + Send + 'static,
) -> thread::JoinHandle<Result<u32, ()>> {
    let cache = Arc::clone(cache);
    thread::spawn(move || cache.get_or_load(&key, |_| load(&cache)))
}

fn two_threads_ask_for_one_key() {
    let lesson = Lesson {
        checks: "two threads ask an empty ConfigCache for key 1 at once",
        if_stuck: format!(
            "the threads deadlocked. For example, a thread kept the\ncache's lock, \
             or a key's loading lock, after it was done:\n{RELEASED}"
        ),
        if_panics: vec![
            (
                KEY_LOADED_TWICE,
                format!(
                    "the second load must not run. For example, each thread\nlooked \
                     for key 1 under the cache's lock, found nothing, and\nreleased \
                     the lock; then each inserted a LazyConfig of its own\nand loaded \
                     it. Look for the key and insert it under one guard\n(the map's \
                     entry API does both):\n{ONE_GUARD}"
                ),
            ),
            (
                KEY_VALUES,
                "both threads must get Ok(10), the value of key 1.".to_string(),
            ),
        ],
    };
    explore(lesson, || {
        let cache = Arc::new(ConfigCache::new());
        let loads = Arc::new(AtomicUsize::new(0));
        let askers: Vec<_> = (0..2)
            .map(|_| {
                let loads = Arc::clone(&loads);
                asking(&cache, 1, move |_| {
                    loads.fetch_add(1, Ordering::SeqCst);
                    Ok(10)
                })
            })
            .collect();
        let got: Vec<_> = askers.into_iter().map(|t| t.join().unwrap()).collect();
        assert_eq!(loads.load(Ordering::SeqCst), 1, "{KEY_LOADED_TWICE}");
        assert_eq!(got, [Ok(10); 2], "{KEY_VALUES}");
    });
}

fn a_failed_load_of_a_key_is_tried_again() {
    let lesson = Lesson {
        checks: "two threads ask an empty ConfigCache for key 1 at once; the\n\
                 first load fails, and a second load would succeed; then one\n\
                 more call asks for key 1",
        if_stuck: format!(
            "the threads deadlocked. For example, the thread whose load\nfailed \
             kept the cache's lock, or the key's loading lock:\n{RELEASED}"
        ),
        if_panics: vec![
            (
                KEY_TRIED_AGAIN,
                format!(
                    "the thread whose load failed must get its error, and the\nother \
                     thread must load again and get the value. For example, the\nfailed \
                     load was kept. Keep a value only when the load succeeds:\n{FAILED}"
                ),
            ),
            (
                KEY_LOADED_AGAIN,
                format!(
                    "once a load of key 1 has succeeded, no call may load it again.\n\
                     For example, the thread whose load failed removed key 1 from\nthe \
                     map, while the other thread, which held the same LazyConfig,\nwaited \
                     to load it: that thread then loaded into a configuration\nthe map \
                     no longer held, and the next call inserted a new one and\nloaded \
                     again. Leave each key's LazyConfig in the map: after a failed\nload \
                     it is empty, and the next call loads it:\n{FAILED}"
                ),
            ),
            (
                KEY_VALUES,
                "the last call must get Ok(10), the value of the load that\nsucceeded.".to_string(),
            ),
        ],
    };
    explore(lesson, || {
        let cache = Arc::new(ConfigCache::new());
        let loads = Arc::new(AtomicUsize::new(0));
        let askers: Vec<_> = (0..2)
            .map(|_| {
                let loads = Arc::clone(&loads);
                asking(&cache, 1, move |_| {
                    if loads.fetch_add(1, Ordering::SeqCst) == 0 {
                        Err(())
                    } else {
                        Ok(10)
                    }
                })
            })
            .collect();
        let mut got: Vec<_> = askers.into_iter().map(|t| t.join().unwrap()).collect();
        got.sort();
        assert_eq!(got, [Ok(10), Err(())], "{KEY_TRIED_AGAIN}");
        assert_eq!(loads.load(Ordering::SeqCst), 2, "{KEY_TRIED_AGAIN}");
        let again = cache.get_or_load(&1, |_| {
            loads.fetch_add(1, Ordering::SeqCst);
            Ok::<u32, ()>(20)
        });
        assert_eq!(loads.load(Ordering::SeqCst), 2, "{KEY_LOADED_AGAIN}");
        assert_eq!(again, Ok(10), "{KEY_VALUES}");
    });
}

fn a_load_asks_for_another_key() {
    let lesson = Lesson {
        checks: "one thread asks a ConfigCache for key 1 while another asks\n\
                 for key 2, whose load asks the cache for key 1",
        if_stuck: format!(
            "the threads deadlocked. For example, the cache's lock was\nheld \
             while a load ran, and the load of key 2 asked for that\nlock again, \
             to look for key 1: a thread that waits for a lock it\nholds itself \
             waits forever. Release the cache's lock before the\nload: take the \
             key's LazyConfig out of the map (an Arc clone),\nand let the guard \
             go first:\n{OWN_LOCK}\n{RELEASED}"
        ),
        if_panics: vec![(
            KEY_VALUES,
            "the thread that asks for key 1 must get Ok(10), and the one\n\
             that asks for key 2 Ok(11), built on it."
                .to_string(),
        )],
    };
    explore(lesson, || {
        let cache = Arc::new(ConfigCache::new());
        let first = asking(&cache, 1, |_| Ok(10));
        let second = asking(&cache, 2, |cache| {
            let defaults = cache.get_or_load(&1, |_| Ok(10))?;
            Ok(defaults + 1)
        });
        assert_eq!(first.join().unwrap(), Ok(10), "{KEY_VALUES}");
        assert_eq!(second.join().unwrap(), Ok(11), "{KEY_VALUES}");
    });
}
