// ANCHOR: main
use std::sync::{LazyLock, OnceLock};
use std::thread;

static RATES: LazyLock<Vec<u32>> = LazyLock::new(|| panic!("rates file is missing"));

fn main() {
    // OnceLock: a panicking initialiser leaves the cell empty.
    let price_list: OnceLock<Vec<u32>> = OnceLock::new();
    let first = thread::scope(|s| {
        s.spawn(|| price_list.get_or_init(|| panic!("price server is unreachable")))
            .join()
    });
    println!("first initialiser panicked: {}", first.is_err());
    println!("cell still empty: {}", price_list.get().is_none());
    let prices = price_list.get_or_init(|| vec![250, 180]);
    println!("second initialiser stored: {prices:?}");

    // LazyLock: a panicking initialiser poisons it, for good.
    for attempt in 1..=2 {
        let outcome = thread::spawn(|| RATES.len()).join();
        println!("LazyLock access {attempt} panicked: {}", outcome.is_err());
    }
}
// ANCHOR_END: main
