// ANCHOR: main
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

type PriceList = Vec<(String, u32)>;

static LOADS: AtomicUsize = AtomicUsize::new(0);

/// Builds the price list: expensive, so it should happen once.
fn load_price_list() -> PriceList {
    LOADS.fetch_add(1, Ordering::Relaxed);
    vec![("espresso".into(), 250), ("tea".into(), 180)]
}

fn main() {
    let price_list: OnceLock<PriceList> = OnceLock::new();

    let seen: Vec<&PriceList> = thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| s.spawn(|| price_list.get_or_init(load_price_list)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    println!("threads that asked for the price list: {}", seen.len());
    println!(
        "load_price_list ran: {} time(s)",
        LOADS.load(Ordering::Relaxed)
    );
    let first = seen[0];
    println!(
        "every thread got the same list: {}",
        seen.iter().all(|list| std::ptr::eq(*list, first))
    );
    println!("price of tea: {}", first[1].1);
}
// ANCHOR_END: main
