// ANCHOR: main
use std::sync::{Mutex, TryLockError};

struct Account {
    id: u32,
    balance: Mutex<i64>,
}

/// Locks `from`, then `to`. The second lock is a `try_lock` so that this
/// program can report what a `lock` would do instead of waiting forever.
fn transfer_unchecked(from: &Account, to: &Account, amount: i64) -> Result<(), String> {
    let mut from_balance = from.balance.lock().unwrap();
    let mut to_balance = match to.balance.try_lock() {
        Ok(guard) => guard,
        Err(TryLockError::WouldBlock) => {
            return Err(format!("locking account {} would block", to.id));
        }
        Err(TryLockError::Poisoned(e)) => return Err(e.to_string()),
    };
    *from_balance -= amount;
    *to_balance += amount;
    Ok(())
}

/// Refuses a transfer to the same account before it locks anything, and
/// locks two accounts in order of id, as in listing 3.11.
fn transfer(from: &Account, to: &Account, amount: i64) -> Result<(), String> {
    if from.id == to.id {
        return Err(format!("account {} cannot pay itself", from.id));
    }
    let (mut from_balance, mut to_balance);
    if from.id < to.id {
        from_balance = from.balance.lock().unwrap();
        to_balance = to.balance.lock().unwrap();
    } else {
        to_balance = to.balance.lock().unwrap();
        from_balance = from.balance.lock().unwrap();
    }
    *from_balance -= amount;
    *to_balance += amount;
    Ok(())
}

fn main() {
    let checking = Account {
        id: 1,
        balance: Mutex::new(500),
    };
    let savings = Account {
        id: 2,
        balance: Mutex::new(500),
    };

    println!(
        "unchecked, checking -> savings:  {:?}",
        transfer_unchecked(&checking, &savings, 20)
    );
    println!(
        "unchecked, checking -> checking: {:?}",
        transfer_unchecked(&checking, &checking, 20)
    );
    println!(
        "checked,   checking -> checking: {:?}",
        transfer(&checking, &checking, 20)
    );
    println!(
        "checked,   savings -> checking:  {:?}",
        transfer(&savings, &checking, 5)
    );
    println!(
        "balances: checking {}, savings {}",
        checking.balance.lock().unwrap(),
        savings.balance.lock().unwrap()
    );
}
// ANCHOR_END: main
