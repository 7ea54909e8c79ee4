//! A bank whose accounts each sit behind a `Mutex` of their own, so that
//! transfers between different accounts can run at the same time. Threads
//! share one `Bank`, by reference (`thread::scope`) or in an `Arc`.
//!
//! A wrong solution that the grader must reject: `transfer` locks the
//! account it takes money from first, then the one it pays into. When two
//! threads transfer between the same two accounts in opposite directions,
//! in some order of the threads each holds its first lock and waits for
//! the other's, and loom reports a deadlock.

// The standard library's `Mutex`, or loom's for the grader (see sync.rs).
mod sync;

use sync::Mutex;

/// Why [`Bank::transfer`] refused to move money. A refused transfer
/// changes no balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferError {
    /// The bank has no account with this number.
    NoSuchAccount(usize),
    /// The money would leave and enter this same account.
    SameAccount(usize),
    /// The account to take the money from holds `balance`, less than the
    /// `amount` asked for.
    InsufficientFunds { balance: u64, amount: u64 },
}

/// Accounts numbered from 0, each balance behind a lock of its own.
pub struct Bank {
    accounts: Vec<Mutex<u64>>,
}

impl Bank {
    /// A bank with one account per balance, numbered in order from 0.
    ///
    /// # Panics
    ///
    /// If the balances add up to more than `u64::MAX`. Money only moves
    /// between accounts, so no balance, and no total, can then overflow.
    pub fn new(balances: &[u64]) -> Bank {
        let sum = balances.iter().try_fold(0u64, |sum, &b| sum.checked_add(b));
        assert!(sum.is_some(), "the balances add up to more than u64::MAX");
        Bank {
            accounts: balances.iter().map(|&b| Mutex::new(b)).collect(),
        }
    }

    /// The balance of `account`, or `None` if the bank has no such
    /// account.
    pub fn balance(&self, account: usize) -> Option<u64> {
        let account = self.accounts.get(account)?;
        Some(*account.lock().unwrap())
    }

    /// Moves `amount` from account `from` to account `to`, with both
    /// accounts locked, so that no other thread sees the money gone from
    /// one and not yet in the other. Threads may call it at the same time,
    /// in any direction: it never deadlocks.
    ///
    /// It refuses, and changes nothing, in this order of checks:
    ///
    /// - `NoSuchAccount(n)` if account `n` (`from`, else `to`) does not
    ///   exist;
    /// - `SameAccount(from)` if `from == to`;
    /// - `InsufficientFunds` if `from` holds less than `amount`: no
    ///   account is ever overdrawn. A transfer of the whole balance is
    ///   allowed.
    pub fn transfer(&self, from: usize, to: usize, amount: u64) -> Result<(), TransferError> {
        for account in [from, to] {
            if account >= self.accounts.len() {
                return Err(TransferError::NoSuchAccount(account));
            }
        }
        if from == to {
            // One account: locking its mutex a second time would not
            // return.
            return Err(TransferError::SameAccount(from));
        }
        // The mistake: the order of the locks follows the money, so two
        // transfers in opposite directions take them in opposite orders.
        let mut source = self.accounts[from].lock().unwrap();
        let mut target = self.accounts[to].lock().unwrap();
        // The check and the change under the same two guards: no other
        // transfer can spend the balance in between.
        if *source < amount {
            return Err(TransferError::InsufficientFunds {
                balance: *source,
                amount,
            });
        }
        *source -= amount;
        *target += amount;
        Ok(())
    }

    /// The sum of every balance, as it stands at one instant: no transfer
    /// is halfway done in it. While transfers run, it returns the total the
    /// bank started with, every time.
    pub fn total(&self) -> u64 {
        // Every guard stays alive until the sum is done, and they are
        // taken in the order of the account numbers, the order `transfer`
        // keeps too.
        let balances: Vec<_> = self.accounts.iter().map(|a| a.lock().unwrap()).collect();
        balances.iter().map(|balance| **balance).sum()
    }
}
