//! Chapter 22's spin lock against `std::sync::Mutex`, timed by
//! `cargo xtask bench`, which writes `listings/records/ch22-spin-vs-mutex.toml`;
//! the chapter's table is generated from that record. Run it alone with
//! `cargo bench -p listings --bench ch22-spin-vs-mutex`.
//!
//! Each case starts `threads` scoped threads that together take the lock
//! 1,000,000 times, each time updating all 64 counters of a shared array (a
//! short critical section, as a real one is): the same work for
//! 1, 2 and 4 threads, so that a case against its 1-thread row measures
//! contention, and `spin` against `mutex` with the same threads measures
//! how the lock waits. On a machine with 2 logical CPUs, 4 threads are more
//! than can run at once.

use std::sync::Mutex;
use std::thread;

use bench_sampler::Bench;

// The benchmark uses the lock exactly as the chapter shows it; the example's
// own `main` is not used here.
#[path = "../examples/ch22-04-spin-lock.rs"]
#[expect(dead_code, reason = "only the lock is benchmarked, not main")]
mod spin_lock;

use spin_lock::SpinLock;

const UPDATES: usize = 1_000_000;

/// The critical section: one pass over the shared counters.
fn update(counters: &mut [u64; 64]) {
    for (i, counter) in counters.iter_mut().enumerate() {
        *counter = counter.wrapping_mul(31).wrapping_add(i as u64);
    }
}
const SAMPLES: usize = 30;

fn with_spin_lock(threads: usize) -> u64 {
    let total = SpinLock::new([0_u64; 64]);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..UPDATES / threads {
                    update(&mut total.lock());
                }
            });
        }
    });
    total.lock()[63]
}

fn with_mutex(threads: usize) -> u64 {
    let total = Mutex::new([0_u64; 64]);
    thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                for _ in 0..UPDATES / threads {
                    update(&mut total.lock().unwrap());
                }
            });
        }
    });
    total.into_inner().unwrap()[63]
}

fn main() {
    let mut bench = Bench::new(SAMPLES);
    for threads in [1, 2, 4] {
        let column = if threads == 1 {
            "1 thread".to_string()
        } else {
            format!("{threads} threads")
        };
        bench.time(
            &format!("spin/{threads}"),
            "`SpinLock` (listing 22.4)",
            &column,
            move || with_spin_lock(threads),
        );
        bench.time(
            &format!("mutex/{threads}"),
            "`std::sync::Mutex`",
            &column,
            move || with_mutex(threads),
        );
    }
    bench.run();
}
