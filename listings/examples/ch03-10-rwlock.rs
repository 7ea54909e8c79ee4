// ANCHOR: main
use std::sync::{Barrier, RwLock};
use std::thread;

fn count_prices(prices: &RwLock<Vec<(&str, u32)>>, both_reading: &Barrier) -> usize {
    let list = prices.read().unwrap();
    // Wait here, holding the read guard, until the other reader holds one
    // too. If readers took turns, this would wait forever.
    both_reading.wait();
    list.len()
}

fn main() {
    let prices = RwLock::new(vec![("tea", 3), ("coffee", 4)]);
    let both_reading = Barrier::new(2);

    thread::scope(|s| {
        let first = s.spawn(|| count_prices(&prices, &both_reading));
        let second = s.spawn(|| count_prices(&prices, &both_reading));
        println!("first reader saw {} prices", first.join().unwrap());
        println!("second reader saw {} prices", second.join().unwrap());
    });

    // `write` waits until no other guard, read or write, is alive.
    prices.write().unwrap().push(("cocoa", 5));
    println!("after the write: {:?}", prices.read().unwrap());
}
// ANCHOR_END: main
