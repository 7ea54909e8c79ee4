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
            .map(|_| {
                s.spawn(|| {
                    (0..IDS_PER_THREAD)
                        .map(|_| new_order_id())
                        .collect::<Vec<_>>()
                })
            })
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

/// How many ids each thread asks for. Miri interprets every step, so the
/// verify tier asks for fewer.
const IDS_PER_THREAD: u64 = if cfg!(miri) { 100 } else { 1000 };
