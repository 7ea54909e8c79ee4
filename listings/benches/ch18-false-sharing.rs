//! Chapter 18's false sharing, timed by `cargo xtask bench`, which writes
//! `listings/records/ch18-false-sharing.toml`; the chapter's table is
//! generated from that record. Run it alone with
//! `cargo bench -p listings --bench ch18-false-sharing`.
//!
//! Each case increments counters with `fetch_add`: each thread its own
//! counter, `INCREMENTS` times. The counters are laid out as listing 18.4's
//! `Adjacent` (both in one 64-byte line) or `Padded` (each in a
//! `CachePadded`). With 1 thread, one counter is incremented and the other
//! is left alone; with 2 threads, each thread increments one. So the two
//! cases of a column differ in the layout only, and no counter is ever
//! written by two threads: whatever the layout costs with 2 threads comes
//! from the line the two counters share.

use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;

use bench_sampler::Bench;
use crossbeam_utils::CachePadded;

// The benchmark uses the layouts exactly as the chapter shows them; the
// example's own `main` is not used here.
#[path = "../examples/ch18-04-counter-layouts.rs"]
#[expect(dead_code, reason = "only the layouts are benchmarked, not main")]
mod layouts;

use layouts::{Adjacent, Padded};

/// Increments per thread.
const INCREMENTS: u64 = 10_000_000;
const SAMPLES: usize = 20;

/// One thread's work: its own counter, incremented `INCREMENTS` times.
fn count(counter: &AtomicU64) {
    for _ in 0..INCREMENTS {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// Starts one scoped thread per counter given, and returns the total.
fn run(counters: [&AtomicU64; 2], threads: usize) -> u64 {
    thread::scope(|scope| {
        for &counter in &counters[..threads] {
            scope.spawn(move || count(counter));
        }
    });
    counters.iter().map(|c| c.load(Ordering::Relaxed)).sum()
}

fn adjacent(threads: usize) -> u64 {
    let counters = Adjacent {
        first: AtomicU64::new(0),
        second: AtomicU64::new(0),
    };
    run([&counters.first, &counters.second], threads)
}

fn padded(threads: usize) -> u64 {
    let counters = Padded {
        first: CachePadded::new(AtomicU64::new(0)),
        second: CachePadded::new(AtomicU64::new(0)),
    };
    run([&counters.first, &counters.second], threads)
}

fn main() {
    let mut bench = Bench::new(SAMPLES);
    for (threads, column) in [(1, "1 thread"), (2, "2 threads")] {
        bench.time(
            &format!("adjacent/{threads}"),
            "side by side in one line (`Adjacent`)",
            column,
            move || adjacent(threads),
        );
        bench.time(
            &format!("padded/{threads}"),
            "each in a `CachePadded` (`Padded`)",
            column,
            move || padded(threads),
        );
    }
    bench.run();
}
