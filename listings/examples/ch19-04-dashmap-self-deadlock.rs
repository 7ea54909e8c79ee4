// miri: -Zmiri-ignore-leaks
// ANCHOR: main
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use dashmap::DashMap;

/// Resets a counter if it passed a limit, while still holding the `Ref`
/// that read it.
fn reset_holding_ref(stock: &DashMap<String, u32>) {
    let lamps = stock.get("lamp").expect("stocked");
    if *lamps > 2 {
        stock.insert("lamp".to_string(), 0); // waits for `lamps`' read lock
    }
}

/// The same, with the value copied out and the `Ref` dropped first.
fn reset_after_copy(stock: &DashMap<String, u32>) {
    let lamps = *stock.get("lamp").expect("stocked");
    if lamps > 2 {
        stock.insert("lamp".to_string(), 0);
    }
}

/// Runs `reset` on a thread of its own and waits at most 500 ms for it.
fn within_500ms(stock: &Arc<DashMap<String, u32>>, reset: fn(&DashMap<String, u32>)) -> bool {
    let (done_tx, done) = mpsc::channel();
    let stock = Arc::clone(stock);
    thread::spawn(move || {
        reset(&stock);
        let _ = done_tx.send(());
    });
    done.recv_timeout(Duration::from_millis(500)).is_ok()
}

fn main() {
    let stock = Arc::new(DashMap::new());
    stock.insert("lamp".to_string(), 3);
    let finished = within_500ms(&stock, reset_after_copy);
    println!("reset_after_copy finished: {finished}");
    stock.insert("lamp".to_string(), 3);
    let finished = within_500ms(&stock, reset_holding_ref);
    println!("reset_holding_ref finished: {finished}");
    if !finished {
        let locked = stock.try_get_mut("lamp").is_locked();
        println!("its shard is still locked: {locked}");
    }
    // `main` returns: the process ends, and the stuck thread with it.
}
// ANCHOR_END: main
