// ANCHOR: main
use std::thread;

use dashmap::DashMap;
use dashmap::try_result::TryResult;

fn main() {
    // Two threads count words into one map, each through `&DashMap`: no
    // outer lock, and `entry` locks only the shard that holds the key.
    let counts: DashMap<&str, u32> = DashMap::new();
    let pages = ["lamp desk lamp", "chair lamp desk"];
    thread::scope(|scope| {
        for page in pages {
            let counts = &counts;
            scope.spawn(move || {
                for word in page.split(' ') {
                    *counts.entry(word).or_insert(0) += 1;
                }
            });
        }
    });
    let mut sorted: Vec<_> = counts.iter().map(|e| (*e.key(), *e.value())).collect();
    sorted.sort();
    println!("{sorted:?}");

    // A `Ref` holds its shard's read lock for as long as it lives.
    let lamp = counts.get("lamp").expect("counted above");
    // On this thread, a write to the same key cannot succeed: `get_mut` or
    // `insert` here would wait for `lamp` to go, forever. `try_get_mut` says so.
    match counts.try_get_mut("lamp") {
        TryResult::Locked => println!("try_get_mut(\"lamp\") while holding a Ref: Locked"),
        TryResult::Present(_) | TryResult::Absent => println!("try_get_mut succeeded"),
    }

    drop(lamp);
    match counts.try_get_mut("lamp") {
        TryResult::Present(mut lamp) => *lamp += 10,
        TryResult::Locked | TryResult::Absent => println!("try_get_mut failed"),
    }
    println!(
        "after dropping the Ref, try_get_mut added 10: lamp is {}",
        *counts.get("lamp").expect("inserted")
    );
}
// ANCHOR_END: main
