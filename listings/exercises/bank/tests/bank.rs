//! Run with `cargo test -p bank`.

use std::panic;
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use bank::{Bank, TransferError};

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

fn balances(bank: &Bank, accounts: usize) -> Vec<Option<u64>> {
    (0..accounts).map(|account| bank.balance(account)).collect()
}

#[test]
fn a_transfer_moves_money() {
    let bank = Bank::new(&[100, 50]);
    assert_eq!(bank.transfer(0, 1, 30), Ok(()));
    assert_eq!(balances(&bank, 2), [Some(70), Some(80)]);
    // The whole balance may go, the other way round.
    assert_eq!(bank.transfer(1, 0, 80), Ok(()));
    assert_eq!(balances(&bank, 2), [Some(150), Some(0)]);
}

#[test]
fn an_overdraft_is_refused_and_changes_nothing() {
    let bank = Bank::new(&[20, 5]);
    assert_eq!(
        bank.transfer(0, 1, 21),
        Err(TransferError::InsufficientFunds {
            balance: 20,
            amount: 21
        })
    );
    assert_eq!(
        bank.transfer(1, 0, 6),
        Err(TransferError::InsufficientFunds {
            balance: 5,
            amount: 6
        })
    );
    assert_eq!(balances(&bank, 2), [Some(20), Some(5)]);
}

#[test]
fn an_unknown_account_is_refused() {
    let bank = Bank::new(&[10, 10]);
    assert_eq!(bank.transfer(0, 2, 1), Err(TransferError::NoSuchAccount(2)));
    assert_eq!(bank.transfer(7, 0, 1), Err(TransferError::NoSuchAccount(7)));
    assert_eq!(balances(&bank, 2), [Some(10), Some(10)]);
}

#[test]
fn a_transfer_to_the_same_account_is_refused_without_waiting_for_itself() {
    let bank = Arc::new(Bank::new(&[10, 10]));
    let shared = Arc::clone(&bank);
    let refused = within_10s("transfer(1, 1, 5)", move || shared.transfer(1, 1, 5));
    assert_eq!(refused, Err(TransferError::SameAccount(1)));
    assert_eq!(balances(&bank, 2), [Some(10), Some(10)]);
}

#[test]
fn total_adds_up_every_account() {
    assert_eq!(Bank::new(&[1, 20, 300, 4000]).total(), 4321);
    assert_eq!(Bank::new(&[]).total(), 0);
}

#[test]
fn opposite_transfers_never_deadlock_and_keep_the_total() {
    // Small under Miri, which interprets every step.
    let rounds: u64 = if cfg!(miri) { 20 } else { 2_000 };
    let bank = Arc::new(Bank::new(&[10_000, 10_000]));
    let shared = Arc::clone(&bank);
    within_10s("opposite transfers", move || {
        thread::scope(|s| {
            let forth = s.spawn(|| {
                for _ in 0..rounds {
                    assert_eq!(shared.transfer(0, 1, 3), Ok(()));
                }
            });
            let back = s.spawn(|| {
                for _ in 0..rounds {
                    assert_eq!(shared.transfer(1, 0, 2), Ok(()));
                }
            });
            // While they run, and once more after, the total never
            // changes.
            loop {
                let done = forth.is_finished() && back.is_finished();
                assert_eq!(shared.total(), 20_000, "the total changed during transfers");
                if done {
                    break;
                }
                thread::yield_now();
            }
        });
    });
    assert_eq!(
        balances(&bank, 2),
        [Some(10_000 - rounds), Some(10_000 + rounds)]
    );
    assert_eq!(bank.total(), 20_000);
}
