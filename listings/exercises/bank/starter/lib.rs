//! A bank whose accounts each sit behind a `Mutex` of their own, so that
//! transfers between different accounts can run at the same time. Threads
//! share one `Bank`, by reference (`thread::scope`) or in an `Arc`.

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
        let _ = (from, to, amount); // delete this line with the `todo!`
        todo!("lock both accounts in an order that cannot deadlock, then check and move the money")
    }

    /// The sum of every balance, as it stands at one instant: no transfer
    /// is halfway done in it. While transfers run, it returns the total the
    /// bank started with, every time.
    pub fn total(&self) -> u64 {
        todo!("lock every account, in the same order as transfer does, and add up the balances")
    }
}
