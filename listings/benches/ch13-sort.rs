//! The merge sorts of chapter 13 against the standard library and rayon, on
//! 10^6 random `u32`. Run with `cargo bench -p listings --bench ch13-sort`.

use divan::Bencher;
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

const LEN: usize = 1_000_000;

fn random_numbers() -> Vec<u32> {
    let mut state = 2_463_534_242_u32;
    (0..LEN).map(|_| cutoff::xorshift(&mut state)).collect()
}

fn main() {
    divan::main();
}

/// `rayon::join` down to single elements, a new `Vec` for every merge.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn naive_join_to_one(bencher: Bencher) {
    bencher
        .with_inputs(random_numbers)
        .bench_local_refs(|numbers| naive::merge_sort(numbers));
}

/// Cutoff at 4096 elements (`slice::sort_by_key` below it), one scratch buffer.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn cutoff_and_scratch(bencher: Bencher) {
    bencher
        .with_inputs(random_numbers)
        .bench_local_refs(|numbers| cutoff::merge_sort_by_key(numbers, &|&n| n));
}

/// The standard library's stable sort, on one thread.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn std_slice_sort(bencher: Bencher) {
    bencher
        .with_inputs(random_numbers)
        .bench_local_refs(|numbers| numbers.sort());
}

/// Rayon's own stable parallel sort.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn rayon_par_sort(bencher: Bencher) {
    bencher
        .with_inputs(random_numbers)
        .bench_local_refs(|numbers| numbers.par_sort());
}

/// The standard library's unstable sort, on one thread.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn std_slice_sort_unstable(bencher: Bencher) {
    bencher
        .with_inputs(random_numbers)
        .bench_local_refs(|numbers| numbers.sort_unstable());
}

/// Rayon's unstable parallel sort.
#[divan::bench(sample_count = 30, sample_size = 1)]
fn rayon_par_sort_unstable(bencher: Bencher) {
    bencher
        .with_inputs(random_numbers)
        .bench_local_refs(|numbers| numbers.par_sort_unstable());
}
