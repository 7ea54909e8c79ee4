//! The merge sorts of chapter 13 against the standard library and Rayon, on
//! 10^7 pseudo-random `u32`, with Rayon pools of 2 threads and of 1. Timed by
//! `cargo xtask bench`, which writes `listings/records/ch13-sort.toml`; the
//! chapter's table is generated from that record. Run it alone with
//! `cargo bench -p listings --bench ch13-sort`.

use bench_sampler::Bench;
use rayon::ThreadPool;
use rayon::prelude::*;

// The benchmark runs the sort functions exactly as the chapter shows them;
// the examples' own `main` functions are not used here.
#[path = "../examples/ch13-02-naive-merge-sort.rs"]
#[expect(
    dead_code,
    reason = "only the sort function is benchmarked, not the example's main"
)]
mod naive;

#[path = "../examples/ch13-03-merge-sort-cutoff.rs"]
#[expect(
    dead_code,
    reason = "only the sort function is benchmarked, not the example's main"
)]
mod cutoff;

#[path = "../examples/ch13-05-merge-sort-ping-pong.rs"]
#[expect(
    dead_code,
    reason = "only the sort function is benchmarked, not the example's main"
)]
mod ping_pong;

#[path = "../examples/ch13-06-merge-sort-parallel-merge.rs"]
#[expect(
    dead_code,
    reason = "only the sort function is benchmarked, not the example's main"
)]
mod parallel_merge;

#[path = "../examples/ch13-07-merge-sort-branch-free.rs"]
#[expect(
    dead_code,
    reason = "only the sort function is benchmarked, not the example's main"
)]
mod branch_free;

#[path = "../examples/ch13-15-merge-sort-large-leaves.rs"]
#[expect(
    dead_code,
    reason = "only the sort function is benchmarked, not the example's main"
)]
mod large_leaves;

const LEN: usize = 10_000_000;
const SAMPLES: usize = 10;

fn random_numbers() -> Vec<u32> {
    let mut state = 2_463_534_242_u32;
    (0..LEN).map(|_| cutoff::xorshift(&mut state)).collect()
}

fn pool(threads: usize) -> ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

fn main() {
    let pools = [(2, pool(2)), (1, pool(1))];
    let mut bench = Bench::new(SAMPLES);
    // The standard library's sorts run on the calling thread, whatever the
    // pool: they are timed once.
    bench.time_with_input(
        "std-sort",
        "`slice::sort`",
        "1 thread",
        random_numbers,
        |mut numbers| {
            numbers.sort();
            numbers
        },
    );
    bench.time_with_input(
        "std-sort-unstable",
        "`slice::sort_unstable`",
        "1 thread",
        random_numbers,
        |mut numbers| {
            numbers.sort_unstable();
            numbers
        },
    );
    for (threads, pool) in &pools {
        let threads = *threads;
        let column = if threads == 1 {
            "1 thread".to_string()
        } else {
            format!("{threads} threads")
        };
        bench.time_with_input(
            &format!("naive/{threads}"),
            "naive merge sort (listing 13.2)",
            &column,
            random_numbers,
            move |numbers| pool.install(|| naive::merge_sort(&numbers)),
        );
        bench.time_with_input(
            &format!("cutoff/{threads}"),
            "merge sort with cutoff and scratch buffer (listing 13.3)",
            &column,
            random_numbers,
            move |mut numbers| {
                pool.install(|| cutoff::merge_sort_by_key(&mut numbers, &|&n| n));
                numbers
            },
        );
        bench.time_with_input(
            &format!("ping-pong/{threads}"),
            "merge sort with ping-pong buffers (listing 13.5)",
            &column,
            random_numbers,
            move |mut numbers| {
                pool.install(|| ping_pong::merge_sort_by_key(&mut numbers, &|&n| n));
                numbers
            },
        );
        bench.time_with_input(
            &format!("parallel-merge/{threads}"),
            "ping-pong buffers, parallel merge (listing 13.6)",
            &column,
            random_numbers,
            move |mut numbers| {
                pool.install(|| parallel_merge::merge_sort_by_key(&mut numbers, &|&n| n));
                numbers
            },
        );
        bench.time_with_input(
            &format!("branch-free/{threads}"),
            "ping-pong buffers, parallel branch-free merge (listing 13.7)",
            &column,
            random_numbers,
            move |mut numbers| {
                pool.install(|| branch_free::merge_sort_by_key(&mut numbers, &|&n| n));
                numbers
            },
        );
        bench.time_with_input(
            &format!("large-leaves/{threads}"),
            "one leaf per thread, parallel branch-free merge (listing 13.15)",
            &column,
            random_numbers,
            move |mut numbers| {
                pool.install(|| large_leaves::merge_sort_by_key(&mut numbers, &|&n| n));
                numbers
            },
        );
        bench.time_with_input(
            &format!("par-sort/{threads}"),
            "Rayon `par_sort`",
            &column,
            random_numbers,
            move |mut numbers| {
                pool.install(|| numbers.par_sort());
                numbers
            },
        );
        bench.time_with_input(
            &format!("par-sort-unstable/{threads}"),
            "Rayon `par_sort_unstable`",
            &column,
            random_numbers,
            move |mut numbers| {
                pool.install(|| numbers.par_sort_unstable());
                numbers
            },
        );
    }
    bench.run();
}
