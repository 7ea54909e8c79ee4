//! Chapter 11's four ways to add up readings on several threads, timed by
//! `cargo xtask bench`, which writes `listings/records/ch11-counters.toml`;
//! the chapter's table is generated from that record. Run it alone with
//! `cargo bench -p listings --bench ch11-counters`.
//!
//! The functions are the ones listings ch11-01 to ch11-04 show; only the input
//! is bigger: 10^6 readings, so 10^6 additions to the shared total in the
//! `mutex` and `atomic` cases. Each case runs with 2 and with 10 threads. The
//! `mutex`, `atomic` and `local-sums` cases also run with 1 thread: the
//! same 10^6 updates with no other thread updating the total at the same
//! time, which separates what each update costs (`atomic/1` against
//! `local-sums/1`, the same one thread with plain additions) from what two
//! threads contending for the total add (`atomic/2` against `atomic/1`).

use bench_sampler::Bench;
use rayon::prelude::*;

// The benchmark runs the functions exactly as the chapter shows them; the
// examples' own `main` functions are not used here.
#[path = "../examples/ch11-01-mutex-total.rs"]
#[expect(
    dead_code,
    reason = "only the summing function is benchmarked, not main"
)]
mod mutex_total;

#[path = "../examples/ch11-02-atomic-total.rs"]
#[expect(
    dead_code,
    reason = "only the summing function is benchmarked, not main"
)]
mod atomic_total;

#[path = "../examples/ch11-03-local-sums.rs"]
#[expect(
    dead_code,
    reason = "only the summing function is benchmarked, not main"
)]
mod local_sums_total;

use atomic_total::total_with_atomic;
use local_sums_total::total_with_local_sums;
use mutex_total::total_with_mutex;

const READINGS: u64 = 1_000_000;
const SAMPLES: usize = 100;

fn main() {
    let readings: Vec<u64> = (1..=READINGS).collect();
    let readings = &readings;
    let mut bench = Bench::new(SAMPLES);
    // The baseline: one thread, nothing shared.
    bench.time(
        "one-thread",
        "one thread, nothing shared",
        "1 thread",
        || readings.iter().sum::<u64>(),
    );
    // The three versions that start scoped threads, on one such thread:
    // every update, no contention.
    bench.time(
        "mutex/1",
        "shared total behind a `Mutex`",
        "1 thread",
        move || total_with_mutex(readings, 1),
    );
    bench.time(
        "atomic/1",
        "shared total in an `AtomicU64`",
        "1 thread",
        move || total_with_atomic(readings, 1),
    );
    bench.time(
        "local-sums/1",
        "per-thread totals, combined at `join`",
        "1 thread",
        move || total_with_local_sums(readings, 1),
    );
    for threads in [2, 10] {
        let column = format!("{threads} threads");
        bench.time(
            &format!("mutex/{threads}"),
            "shared total behind a `Mutex`",
            &column,
            move || total_with_mutex(readings, threads),
        );
        bench.time(
            &format!("atomic/{threads}"),
            "shared total in an `AtomicU64`",
            &column,
            move || total_with_atomic(readings, threads),
        );
        bench.time(
            &format!("local-sums/{threads}"),
            "per-thread totals, combined at `join`",
            &column,
            move || total_with_local_sums(readings, threads),
        );
        // `par_iter().sum()` on a pool of `threads` threads, built once,
        // outside the timed part (listing 11.4 uses Rayon's global pool, one
        // thread per logical CPU that `available_parallelism` reports).
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        bench.time(
            &format!("rayon/{threads}"),
            "Rayon `par_iter().sum()`",
            &column,
            move || pool.install(|| readings.par_iter().sum::<u64>()),
        );
    }
    bench.run();
}
