// miri: report
// ANCHOR: main
use std::panic;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Barrier, Mutex};
use std::thread;
use std::time::Duration;

/// Runs `body` on a thread of its own and waits at most `limit` for it.
/// Returns what `body` returns, re-raises its panic, or panics if it takes
/// longer than `limit`, which turns a hang into a failure with a message.
fn within<T: Send + 'static>(limit: Duration, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = mpsc::channel();
    let runner = thread::spawn(move || {
        // If the test has given up, the receiver is gone: ignore the error.
        let _ = sender.send(body());
    });
    match receiver.recv_timeout(limit) {
        Ok(value) => value,
        // The sender was dropped without sending: `body` panicked.
        Err(RecvTimeoutError::Disconnected) => panic::resume_unwind(runner.join().unwrap_err()),
        Err(RecvTimeoutError::Timeout) => panic!("did not finish within {limit:?}; deadlocked?"),
    }
}

#[test]
fn transfers_that_lock_in_the_same_order_finish() {
    let balances = within(Duration::from_secs(5), || {
        let (checking, savings) = (Mutex::new(100), Mutex::new(100));
        thread::scope(|s| {
            // A positive amount moves money to savings, a negative one back.
            for amount in [30, -20] {
                let (checking, savings) = (&checking, &savings);
                s.spawn(move || {
                    // Both threads lock `checking` first, then `savings`.
                    let mut checking_balance = checking.lock().unwrap();
                    let mut savings_balance = savings.lock().unwrap();
                    *checking_balance -= amount;
                    *savings_balance += amount;
                });
            }
        });
        let checking = checking.into_inner().unwrap();
        let savings = savings.into_inner().unwrap();
        (checking, savings)
    });
    assert_eq!(balances, (90, 110));
}

#[test]
#[should_panic(expected = "did not finish within 200ms")]
fn opposite_lock_orders_deadlock_and_fail_fast() {
    within(Duration::from_millis(200), || {
        let (checking, savings) = (Mutex::new(100), Mutex::new(100));
        let both_hold_one_lock = Barrier::new(2);
        thread::scope(|s| {
            s.spawn(|| {
                let _checking = checking.lock().unwrap();
                both_hold_one_lock.wait();
                let _savings = savings.lock().unwrap(); // waits for ever
            });
            s.spawn(|| {
                let _savings = savings.lock().unwrap();
                both_hold_one_lock.wait();
                let _checking = checking.lock().unwrap(); // waits for ever
            });
        });
    });
}
// ANCHOR_END: main
