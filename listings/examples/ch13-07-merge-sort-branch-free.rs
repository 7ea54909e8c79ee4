// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// Listing 13.6 with one change, in `merge`.

/// At or below this length, a slice is sorted on one thread by
/// `slice::sort_by_key`.
const CUTOFF: usize = 4096;
/// At or below this length, a merge runs on one thread.
const MERGE_CUTOFF: usize = 4096;

/// Sorts `items` in place by `key`, in parallel and stably: ping-pong
/// buffers as in listing 13.5, and merges that run in parallel too.
pub fn merge_sort_by_key<T, K, F>(items: &mut [T], key: &F)
where
    T: Copy + Send + Sync,
    K: Ord,
    F: Fn(&T) -> K + Sync,
{
    let mut scratch = items.to_vec();
    sort_into(items, &mut scratch, false, key);
}

fn sort_into<T, K, F>(items: &mut [T], scratch: &mut [T], to_scratch: bool, key: &F)
where
    T: Copy + Send + Sync,
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
    par_merge(left, right, out, key);
}

/// Merges the sorted slices `left` and `right` into `out`, taking from
/// `left` first on equal keys, in two independent parts run with `join`.
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
    // Split the longer slice at its middle element, and the other one where
    // that element belongs. Every element before the two split points goes
    // before every element after them. Equal keys stay left-first: a pivot
    // from `left` goes after the right-hand elements with smaller keys only;
    // a pivot from `right` goes after the left-hand elements with smaller or
    // equal keys.
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

// ANCHOR: main
/// A sequential merge that takes both next elements, then keeps one: which
/// one is a value, `from_right`, not a choice between two paths of code.
fn merge<T: Copy, K: Ord>(left: &[T], right: &[T], out: &mut [T], key: impl Fn(&T) -> K) {
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        let (next_left, next_right) = (left[i], right[j]);
        // Strictly smaller: on a tie, the element from the left goes first.
        let from_right = key(&next_right) < key(&next_left);
        out[i + j] = if from_right { next_right } else { next_left };
        i += usize::from(!from_right);
        j += usize::from(from_right);
    }
    // One of the halves is used up: the rest of the other follows in order.
    let rest = if i < left.len() {
        &left[i..]
    } else {
        &right[j..]
    };
    out[i + j..].copy_from_slice(rest);
}
// ANCHOR_END: main

// The same checks as listings 13.5 and 13.6.
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

/// A tiny pseudo-random generator (xorshift32), so the input is the same on
/// every run without a dependency.
pub fn xorshift(state: &mut u32) -> u32 {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    *state
}

/// How many pairs `main` sorts. Miri interprets every step, so the verify
/// tier sorts fewer, still more than `CUTOFF` and `MERGE_CUTOFF`, so that
/// the sort and the last merge split.
const PAIRS: usize = if cfg!(miri) { 5_000 } else { 20_000 };
