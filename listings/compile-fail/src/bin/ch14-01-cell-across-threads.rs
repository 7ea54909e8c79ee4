// ANCHOR: main
use std::cell::Cell;
use std::thread;

/// Page views, counted through a shared reference: `Cell::set` takes `&self`.
struct PageStats {
    views: Cell<u64>,
}

fn main() {
    let stats = PageStats {
        views: Cell::new(0),
    };
    thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| stats.views.set(stats.views.get() + 1));
        }
    });
    println!("views: {}", stats.views.get());
}
// ANCHOR_END: main
