// ANCHOR: main
use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

/// The code under test: a page-view counter that many threads update.
#[derive(Default)]
struct PageViews {
    count: AtomicU64,
}

impl PageViews {
    fn record(&self) {
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    fn total(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }
}

#[test]
fn no_view_is_lost_when_threads_start_together() {
    const THREADS: usize = 4;
    const VIEWS_PER_THREAD: u64 = 10_000;
    let views = PageViews::default();
    let start = Barrier::new(THREADS);

    thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                // Nobody starts counting until all four threads are here.
                start.wait();
                for _ in 0..VIEWS_PER_THREAD {
                    views.record();
                }
            });
        }
    });

    // No sleep needed: the scope has joined every thread.
    assert_eq!(views.total(), THREADS as u64 * VIEWS_PER_THREAD);
}
// ANCHOR_END: main
