// ANCHOR: main
use std::sync::Mutex;
use std::thread;

struct Account {
    id: u32,
    balance: Mutex<i64>,
}

fn transfer(from: &Account, to: &Account, amount: i64) {
    if from.id == to.id {
        return; // one account: locking its mutex twice would never return
    }
    // Lock the account with the lower id first, whichever way money moves.
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
}

fn main() {
    let checking = Account {
        id: 1,
        balance: Mutex::new(5000),
    };
    let savings = Account {
        id: 2,
        balance: Mutex::new(5000),
    };

    // Two threads transfer in opposite directions at the same time.
    thread::scope(|s| {
        s.spawn(|| {
            for _ in 0..1000 {
                transfer(&checking, &savings, 3);
            }
        });
        s.spawn(|| {
            for _ in 0..1000 {
                transfer(&savings, &checking, 2);
            }
        });
    });

    let checking = *checking.balance.lock().unwrap();
    let savings = *savings.balance.lock().unwrap();
    println!("checking: {checking}, savings: {savings}");
    println!("total: {}", checking + savings);
}
// ANCHOR_END: main
