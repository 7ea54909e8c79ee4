// copy-of: ch13-07-merge-sort-branch-free const MERGE_CUTOFF, fn par_merge, fn merge, fn xorshift
// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// Listing 13.7 with three changes: where the splitting stops, a scratch
// buffer filled in parallel, and leaves sorted where the merge reads them.

use rayon::prelude::*;

/// At or below this length, a merge runs on one thread.
const MERGE_CUTOFF: usize = 4096;

// ANCHOR: main
/// Sorts `items` in place by `key`, in parallel and stably: pieces as large
/// as the pool's thread count allows, each sorted by the standard library,
/// then the parallel branch-free merges of listing 13.7.
pub fn merge_sort_by_key<T, K, F>(items: &mut [T], key: &F)
where
    T: Copy + Send + Sync,
    K: Ord,
    F: Fn(&T) -> K + Sync,
{
    // Halving stops at this length: with 2 (or 4, 8, …) threads, that makes
    // one leaf per thread.
    let leaf_len = items.len().div_ceil(rayon::current_num_threads()).max(1);
    if items.len() <= leaf_len {
        items.sort_by_key(key);
        return;
    }
    // The scratch buffer starts as a copy of `items`, made in parallel: the
    // threads share the copy, and the first writes to the new memory.
    let mut scratch: Vec<T> = items.par_iter().copied().collect();
    sort_into(items, &mut scratch, false, leaf_len, key);
}

fn sort_into<T, K, F>(
    items: &mut [T],
    scratch: &mut [T],
    to_scratch: bool,
    leaf_len: usize,
    key: &F,
) where
    T: Copy + Send + Sync,
    K: Ord,
    F: Fn(&T) -> K + Sync,
{
    if items.len() <= leaf_len {
        // Both buffers hold this leaf's input, so the leaf is sorted where
        // the next merge will read it, with no copy.
        if to_scratch {
            scratch.sort_by_key(key);
        } else {
            items.sort_by_key(key);
        }
        return;
    }
    // From here on, as in listing 13.7.
    let mid = items.len() / 2;
    let (left, right) = items.split_at_mut(mid);
    let (left_scratch, right_scratch) = scratch.split_at_mut(mid);
    rayon::join(
        || sort_into(left, left_scratch, !to_scratch, leaf_len, key),
        || sort_into(right, right_scratch, !to_scratch, leaf_len, key),
    );
    let (halves, out) = if to_scratch {
        (&*items, scratch)
    } else {
        (&*scratch, items)
    };
    let (left, right) = halves.split_at(mid);
    par_merge(left, right, out, key);
}
// ANCHOR_END: main

/// Merges the sorted slices `left` and `right` into `out`, taking from
/// `left` first on equal keys, in two independent parts run with `join`,
/// as in listing 13.7.
fn par_merge<T, K, F>(left: &[T], right: &[T], out: &mut [T], key: &F)
where
    T: Copy + Send + Sync,
    K: Ord,
    F: Fn(&T) -> K + Sync,
{
    if out.len() <= MERGE_CUTOFF {
        merge(left, right, out, key);
        return;
    }
    let (left_split, right_split) = if left.len() >= right.len() {
        let pivot = key(&left[left.len() / 2]);
        let below = right.partition_point(|item| key(item) < pivot);
        (left.len() / 2, below)
    } else {
        let pivot = key(&right[right.len() / 2]);
        let below = left.partition_point(|item| key(item) <= pivot);
        (below, right.len() / 2)
    };
    let (left_low, left_high) = left.split_at(left_split);
    let (right_low, right_high) = right.split_at(right_split);
    let (out_low, out_high) = out.split_at_mut(left_split + right_split);
    rayon::join(
        || par_merge(left_low, right_low, out_low, key),
        || par_merge(left_high, right_high, out_high, key),
    );
}

/// The branch-free sequential merge of listing 13.7.
fn merge<T: Copy, K: Ord>(left: &[T], right: &[T], out: &mut [T], key: impl Fn(&T) -> K) {
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        let (next_left, next_right) = (left[i], right[j]);
        let from_right = key(&next_right) < key(&next_left);
        out[i + j] = if from_right { next_right } else { next_left };
        i += usize::from(!from_right);
        j += usize::from(from_right);
    }
    let rest = if i < left.len() {
        &left[i..]
    } else {
        &right[j..]
    };
    out[i + j..].copy_from_slice(rest);
}

// The same checks as listings 13.5 to 13.7, in a pool of two threads (so
// that the input is split into two leaves and merged once, whatever the
// machine) and in a pool of one (one leaf: the standard library's sort).
fn main() {
    for threads in [2, 1] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("the OS should start two threads");
        // 20 000 (key, original position) pairs, with keys from 0 to 7.
        let mut state = 2_463_534_242_u32;
        let mut pairs: Vec<(u32, usize)> = (0..PAIRS)
            .map(|position| (xorshift(&mut state) % 8, position))
            .collect();
        let mut expected = pairs.clone();
        expected.sort_by_key(|&(key, _)| key);

        pool.install(|| merge_sort_by_key(&mut pairs, &|&(key, _)| key));

        let sorted = pairs.windows(2).all(|w| w[0].0 <= w[1].0);
        let stable = pairs.windows(2).all(|w| w[0].0 < w[1].0 || w[0].1 < w[1].1);
        println!("{threads} thread(s): sorted: {sorted}");
        println!("{threads} thread(s): stable: {stable}");
        println!(
            "{threads} thread(s): same as sort_by_key: {}",
            pairs == expected
        );
    }
}

/// A tiny pseudo-random generator (xorshift32), so the input is the same on
/// every run without a dependency.
pub fn xorshift(state: &mut u32) -> u32 {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    *state
}

/// How many pairs `main` sorts. Miri interprets every step, so the verify
/// tier sorts fewer, still more than `MERGE_CUTOFF`, so that the last merge
/// splits.
const PAIRS: usize = if cfg!(miri) { 5_000 } else { 20_000 };
