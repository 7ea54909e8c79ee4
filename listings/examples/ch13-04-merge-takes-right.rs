// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// Listing 13.3 with one change, in `merge`.

/// At or below this length, a slice is sorted on one thread by
/// `slice::sort_by_key`. Under Miri, which sorts a smaller input, the cutoff
/// is smaller too, so that the sort still splits and merges.
const CUTOFF: usize = if cfg!(miri) { 256 } else { 4096 };

/// Sorts `items` in place by `key`, in parallel, keeping equal keys in their
/// original order (a stable sort, like `slice::sort_by_key`).
pub fn merge_sort_by_key<T, K, F>(items: &mut [T], key: &F)
where
    T: Copy + Send,
    K: Ord,
    F: Fn(&T) -> K + Sync,
{
    // One scratch buffer for the whole sort, split along with `items`.
    let mut scratch = items.to_vec();
    sort_with_scratch(items, &mut scratch, key);
}

fn sort_with_scratch<T, K, F>(items: &mut [T], scratch: &mut [T], key: &F)
where
    T: Copy + Send,
    K: Ord,
    F: Fn(&T) -> K + Sync,
{
    if items.len() <= CUTOFF {
        items.sort_by_key(key);
        return;
    }
    let mid = items.len() / 2;
    {
        let (left, right) = items.split_at_mut(mid);
        let (left_scratch, right_scratch) = scratch.split_at_mut(mid);
        rayon::join(
            || sort_with_scratch(left, left_scratch, key),
            || sort_with_scratch(right, right_scratch, key),
        );
    }
    // Both halves are sorted: copy them aside, then merge back into `items`.
    scratch.copy_from_slice(items);
    let (left, right) = scratch.split_at(mid);
    merge(left, right, items, key);
}

// ANCHOR: main
/// The merge of listing 13.3 with `<` in place of `<=`.
fn merge<T: Copy, K: Ord>(left: &[T], right: &[T], out: &mut [T], key: impl Fn(&T) -> K) {
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        // Take from the left only if its key is strictly smaller: on a tie,
        // the element from the right half goes first.
        if j == right.len() || (i < left.len() && key(&left[i]) < key(&right[j])) {
            *slot = left[i];
            i += 1;
        } else {
            *slot = right[j];
            j += 1;
        }
    }
}
// ANCHOR_END: main

fn main() {
    // 20 000 (key, original position) pairs, with keys from 0 to 7.
    let mut state = 2_463_534_242_u32;
    let mut pairs: Vec<(u32, usize)> = (0..PAIRS)
        .map(|position| (xorshift(&mut state) % 8, position))
        .collect();
    let mut expected = pairs.clone();
    expected.sort_by_key(|&(key, _)| key);

    merge_sort_by_key(&mut pairs, &|&(key, _)| key);

    let first_zeros: Vec<usize> = pairs
        .iter()
        .take(6)
        .map(|&(_, position)| position)
        .collect();
    println!("first positions with key 0: {first_zeros:?}");
    // (key, position) pairs compare by key, then by position.
    let in_order = pairs.windows(2).all(|w| w[0] < w[1]);
    println!("sorted by key, equal keys in original order: {in_order}");
    println!("same result as slice::sort_by_key: {}", pairs == expected);
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
/// tier sorts fewer, still more than `CUTOFF`, so that the sort splits.
const PAIRS: usize = if cfg!(miri) { 1_000 } else { 20_000 };
