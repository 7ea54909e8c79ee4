// ANCHOR: main
use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

static NEXT_ORDER_ID: AtomicU64 = AtomicU64::new(1);

/// Hands out a new order id. `fetch_add` returns the value before the
/// addition, so no two calls get the same id.
fn new_order_id() -> u64 {
    NEXT_ORDER_ID.fetch_add(1, Ordering::Relaxed)
}

fn main() {
    let ids: Vec<u64> = thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| (0..1000).map(|_| new_order_id()).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap())
            .collect()
    });

    let distinct: HashSet<u64> = ids.iter().copied().collect();
    println!("ids handed out: {}", ids.len());
    println!("distinct ids: {}", distinct.len());
    println!(
        "smallest {}, largest {}",
        distinct.iter().min().unwrap(),
        distinct.iter().max().unwrap()
    );
}
// ANCHOR_END: main
