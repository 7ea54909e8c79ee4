//! Run with `cargo test -p philosophers`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use philosophers::dine;

/// Runs `dine` on a thread of its own and fails, instead of hanging, if it
/// has not returned after ten seconds: a deadlock.
fn dine_or_fail(
    philosophers: usize,
    meals: usize,
    eat: impl Fn(usize) + Sync + Send + 'static,
) -> Vec<usize> {
    let (done, finished) = mpsc::channel();
    thread::spawn(move || done.send(dine(philosophers, meals, eat)));
    match finished.recv_timeout(Duration::from_secs(10)) {
        Ok(meals) => meals,
        Err(RecvTimeoutError::Timeout) => {
            panic!("dine did not return within 10 s: do the philosophers deadlock?")
        }
        Err(RecvTimeoutError::Disconnected) => panic!("dine panicked (see above)"),
    }
}

#[test]
fn every_philosopher_eats_every_meal() {
    let meals = dine_or_fail(5, 100, |_| {});
    assert_eq!(meals, vec![100; 5]);
}

#[test]
fn eat_is_called_once_per_meal() {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&calls);
    dine_or_fail(4, 50, move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    assert_eq!(calls.load(Ordering::Relaxed), 4 * 50);
}

#[test]
fn neighbours_never_eat_at_the_same_time() {
    const SEATS: usize = 5;
    let eating: [AtomicBool; SEATS] = [const { AtomicBool::new(false) }; SEATS];
    let clashes = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&clashes);
    dine_or_fail(SEATS, 200, move |seat| {
        eating[seat].store(true, Ordering::SeqCst);
        for neighbour in [(seat + SEATS - 1) % SEATS, (seat + 1) % SEATS] {
            if eating[neighbour].load(Ordering::SeqCst) {
                counter.fetch_add(1, Ordering::SeqCst);
            }
        }
        thread::yield_now();
        eating[seat].store(false, Ordering::SeqCst);
    });
    assert_eq!(
        clashes.load(Ordering::SeqCst),
        0,
        "two neighbours ate at once"
    );
}

#[test]
fn two_philosophers_share_two_forks() {
    assert_eq!(dine_or_fail(2, 1000, |_| {}), vec![1000, 1000]);
}

#[test]
fn one_philosopher_has_one_fork() {
    assert_eq!(dine_or_fail(1, 10, |_| {}), vec![10]);
}
