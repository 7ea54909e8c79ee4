// The outputs this model prints are every output listing 12.7 can give
// without its barrier; the verify tier checks each run of listing 12.7
// against them.
// outcomes-of: ch12-07-lost-views
#[cfg(loom)]
use loom::{
    model,
    sync::Arc,
    sync::atomic::{AtomicUsize, Ordering},
    thread,
};
#[cfg(not(loom))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicUsize, Ordering},
    thread,
};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

// ANCHOR: main
use std::collections::BTreeSet;
use std::io::Write;

const THREADS: usize = 2;
const VIEWS_PER_THREAD: usize = 2;

/// Listing 12.7's `record`, without the barrier between the load and the
/// store.
fn record(views: &AtomicUsize) {
    let seen = views.load(Ordering::SeqCst);
    views.store(seen + 1, Ordering::SeqCst);
}

#[test]
fn every_output_of_the_lost_views() {
    let outputs = std::sync::Arc::new(std::sync::Mutex::new(BTreeSet::new()));
    let seen = std::sync::Arc::clone(&outputs);
    model(move || {
        let views = Arc::new(AtomicUsize::new(0));
        let threads: Vec<_> = (0..THREADS)
            .map(|_| {
                let views = Arc::clone(&views);
                thread::spawn(move || {
                    for _ in 0..VIEWS_PER_THREAD {
                        record(&views);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        seen.lock().unwrap().insert(format!(
            "views recorded: {}, views counted: {}\n",
            THREADS * VIEWS_PER_THREAD,
            views.load(Ordering::SeqCst)
        ));
    });
    let outputs = outputs.lock().unwrap();
    // `cargo test` keeps what a passing test prints with `println!`; this
    // writes to the terminal directly.
    let mut out = std::io::stdout();
    writeln!(out, "{} possible outputs:", outputs.len()).unwrap();
    for output in outputs.iter() {
        write!(out, "\n{output}").unwrap();
    }
}
// ANCHOR_END: main
