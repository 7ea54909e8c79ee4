//! Chapter 14's spin lock against `std::sync::Mutex`, timed by
//! `cargo xtask bench`, which writes `listings/records/ch14-spin-vs-mutex.toml`;
//! the chapter's table is generated from that record. Run it alone with
//! `cargo bench -p listings --bench ch14-spin-vs-mutex`.
//!
//! Each case starts `threads` scoped threads that together take the lock
//! 1,000,000 times, each time updating all 64 counters of a shared array (a
//! short critical section, as a real one is). The threads are 1, one per
//! logical CPU of the machine, and two per logical CPU, so the cases mean
//! the same on any machine. A lock's case with two threads per CPU against
//! its case with one per CPU changes one thing: the threads outnumber the
//! CPUs (with one per CPU, they already all take turns on the lock). The
//! two locks on the same threads differ in everything the locks do: how a
//! waiter waits, and what a turn costs when nobody waits (the 1-thread
//! cases show that part).

use std::sync::Mutex;
use std::thread;

use bench_sampler::Bench;

// The benchmark uses the lock exactly as the chapter shows it; the example's
// own `main` is not used here.
#[path = "../examples/ch14-04-spin-lock.rs"]
#[expect(dead_code, reason = "only the lock is benchmarked, not main")]
mod spin_lock;

use spin_lock::SpinLock;

/// Every case takes the lock this many times in all (rounded down to a
/// multiple of its threads).
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
    let cpus = thread::available_parallelism().map_or(2, |n| n.get());
    let cases = [
        ("1", 1, "1 thread".to_string()),
        ("per-cpu", cpus, format!("{cpus} threads, 1 per CPU")),
        (
            "2-per-cpu",
            2 * cpus,
            format!("{} threads, 2 per CPU", 2 * cpus),
        ),
    ];
    let mut bench = Bench::new(SAMPLES);
    for (id, threads, column) in cases {
        bench.time(
            &format!("spin/{id}"),
            "`SpinLock` (listing 14.4)",
            &column,
            move || with_spin_lock(threads),
        );
        bench.time(
            &format!("mutex/{id}"),
            "`std::sync::Mutex`",
            &column,
            move || with_mutex(threads),
        );
    }
    bench.run();
}
