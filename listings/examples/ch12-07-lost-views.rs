// ANCHOR: main
use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

const THREADS: usize = 2;
const VIEWS_PER_THREAD: usize = 2;

/// Records a page view in two steps, as in listing 12.4: load the count,
/// then store it plus one.
fn record(views: &AtomicUsize, both_loaded: &Barrier) {
    let seen = views.load(Ordering::SeqCst);
    // Wait until the other thread has loaded too. This forces the unlucky
    // order on every run; without it, it happens only sometimes.
    both_loaded.wait();
    views.store(seen + 1, Ordering::SeqCst);
}

fn main() {
    let views = AtomicUsize::new(0);
    let both_loaded = Barrier::new(THREADS);

    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                for _ in 0..VIEWS_PER_THREAD {
                    record(&views, &both_loaded);
                }
            });
        }
    });
    println!(
        "views recorded: {}, views counted: {}",
        THREADS * VIEWS_PER_THREAD,
        views.load(Ordering::SeqCst)
    );
}
// ANCHOR_END: main
