//! Run with `cargo test -p parallel-sum`.

use parallel_sum::{chunk_sums, parallel_sum};

/// The sums of the chunks the rules ask for, the plain way: the lengths
/// first, then one chunk after the other on this thread.
fn chunk_sums_sequentially(numbers: &[u64], threads: usize) -> Vec<u64> {
    let chunks = threads.min(numbers.len());
    let mut lengths = vec![0; chunks];
    for position in 0..numbers.len() {
        // Deal the numbers out like cards, then cut in that order: chunk
        // `i` gets one number per round that reaches it.
        lengths[position % chunks] += 1;
    }
    let mut sums = Vec::new();
    let mut start = 0;
    for length in lengths {
        sums.push(numbers[start..start + length].iter().sum());
        start += length;
    }
    sums
}

/// `count` pseudo-random numbers below one million, the same on every
/// run (a xorshift generator).
fn generate(count: usize) -> Vec<u64> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % 1_000_000
        })
        .collect()
}

#[test]
fn uneven_chunks_put_the_longer_ones_first() {
    let numbers: Vec<u64> = (1..=10).collect();
    // 1+2+3+4, 5+6+7, 8+9+10
    assert_eq!(chunk_sums(&numbers, 3), [10, 18, 27]);
}

#[test]
fn nine_numbers_on_four_threads_make_four_chunks() {
    let numbers: Vec<u64> = (1..=9).collect();
    // 1+2+3, 4+5, 6+7, 8+9
    assert_eq!(chunk_sums(&numbers, 4), [6, 9, 13, 17]);
    assert_eq!(parallel_sum(&numbers, 4), 45);
}

#[test]
fn even_chunks_and_a_single_chunk() {
    let numbers: Vec<u64> = (1..=8).collect();
    assert_eq!(chunk_sums(&numbers, 4), [3, 7, 11, 15]);
    assert_eq!(chunk_sums(&numbers, 1), [36]);
    assert_eq!(parallel_sum(&numbers, 1), 36);
}

#[test]
fn more_threads_than_numbers_make_one_chunk_per_number() {
    assert_eq!(chunk_sums(&[7, 8, 9], 5), [7, 8, 9]);
    assert_eq!(parallel_sum(&[7, 8, 9], 5), 24);
}

#[test]
fn an_empty_slice_has_no_chunks_and_sums_to_zero() {
    assert_eq!(chunk_sums(&[], 4), Vec::<u64>::new());
    assert_eq!(parallel_sum(&[], 4), 0);
}

#[test]
#[should_panic(expected = "at least one thread")]
fn chunk_sums_refuses_zero_threads() {
    chunk_sums(&[1, 2, 3], 0);
}

#[test]
#[should_panic(expected = "at least one thread")]
fn parallel_sum_refuses_zero_threads() {
    parallel_sum(&[1, 2, 3], 0);
}

#[test]
#[should_panic(expected = "at least one thread")]
fn zero_threads_are_refused_for_an_empty_slice_too() {
    chunk_sums(&[], 0);
}

#[test]
fn matches_a_sequential_sum_for_every_count_of_threads() {
    // Miri interprets every step: it gets a smaller input.
    let numbers = generate(if cfg!(miri) { 50 } else { 100_000 });
    let total: u64 = numbers.iter().sum();
    for threads in [1, 2, 3, 4, 7, 8, 16] {
        let sums = chunk_sums(&numbers, threads);
        assert_eq!(
            sums,
            chunk_sums_sequentially(&numbers, threads),
            "the chunks' sums with {threads} threads"
        );
        assert_eq!(
            parallel_sum(&numbers, threads),
            total,
            "with {threads} threads"
        );
    }
    // The generator does produce varied numbers: the sums compare real work.
    assert!(numbers.windows(2).any(|pair| pair[0] != pair[1]));
}
