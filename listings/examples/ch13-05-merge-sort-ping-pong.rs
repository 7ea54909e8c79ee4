// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
/// At or below this length, a slice is sorted on one thread by
/// `slice::sort_by_key`.
const CUTOFF: usize = 4096;

/// Sorts `items` in place by `key`, in parallel and stably. Each level of the
/// recursion merges from one buffer into the other: nothing is copied back.
pub fn merge_sort_by_key<T, K, F>(items: &mut [T], key: &F)
where
    T: Copy + Send,
    K: Ord,
    F: Fn(&T) -> K + Sync,
{
    let mut scratch = items.to_vec();
    sort_into(items, &mut scratch, false, key);
}

/// Sorts the elements of `items` and leaves them sorted in `scratch` if
/// `to_scratch` is true, in `items` if it is false.
fn sort_into<T, K, F>(items: &mut [T], scratch: &mut [T], to_scratch: bool, key: &F)
where
    T: Copy + Send,
    K: Ord,
    F: Fn(&T) -> K + Sync,
{
    if items.len() <= CUTOFF {
        items.sort_by_key(key);
        if to_scratch {
            scratch.copy_from_slice(items);
        }
        return;
    }
    let mid = items.len() / 2;
    let (left, right) = items.split_at_mut(mid);
    let (left_scratch, right_scratch) = scratch.split_at_mut(mid);
    // The halves are sorted into the other buffer, the one this level
    // reads from; the merge writes into the buffer this level must fill.
    rayon::join(
        || sort_into(left, left_scratch, !to_scratch, key),
        || sort_into(right, right_scratch, !to_scratch, key),
    );
    let (halves, out) = if to_scratch {
        (&*items, scratch)
    } else {
        (&*scratch, items)
    };
    let (left, right) = halves.split_at(mid);
    merge(left, right, out, key);
}

/// The sequential merge of listing 13.3.
fn merge<T: Copy, K: Ord>(left: &[T], right: &[T], out: &mut [T], key: impl Fn(&T) -> K) {
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        // Take from the left unless the right key is strictly smaller:
        // on a tie the element that came first stays first.
        if j == right.len() || (i < left.len() && key(&left[i]) <= key(&right[j])) {
            *slot = left[i];
            i += 1;
        } else {
            *slot = right[j];
            j += 1;
        }
    }
}

fn main() {
    // 20 000 (key, original position) pairs, with keys from 0 to 7.
    let mut state = 2_463_534_242_u32;
    let mut pairs: Vec<(u32, usize)> = (0..PAIRS)
        .map(|position| (xorshift(&mut state) % 8, position))
        .collect();
    let mut expected = pairs.clone();
    expected.sort_by_key(|&(key, _)| key);

    merge_sort_by_key(&mut pairs, &|&(key, _)| key);

    let sorted = pairs.windows(2).all(|w| w[0].0 <= w[1].0);
    // Within equal keys, the original positions must still increase.
    let stable = pairs.windows(2).all(|w| w[0].0 < w[1].0 || w[0].1 < w[1].1);
    println!("sorted: {sorted}");
    println!("stable: {stable}");
    println!("same as sort_by_key: {}", pairs == expected);
}
// ANCHOR_END: main

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
const PAIRS: usize = if cfg!(miri) { 5_000 } else { 20_000 };
