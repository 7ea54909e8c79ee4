// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
/// Sorts `items` into a new vector: splits down to single elements, sorts
/// both halves with `rayon::join`, and merges them into a fresh `Vec`.
pub fn merge_sort<T: Ord + Copy + Send + Sync>(items: &[T]) -> Vec<T> {
    if items.len() <= 1 {
        return items.to_vec();
    }
    let (left, right) = items.split_at(items.len() / 2);
    let (left, right) = rayon::join(|| merge_sort(left), || merge_sort(right));

    let mut merged = Vec::with_capacity(items.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        // `<=` takes from the left half on ties, which keeps the sort stable.
        if left[i] <= right[j] {
            merged.push(left[i]);
            i += 1;
        } else {
            merged.push(right[j]);
            j += 1;
        }
    }
    merged.extend_from_slice(&left[i..]);
    merged.extend_from_slice(&right[j..]);
    merged
}

fn main() {
    let latencies_ms = [38, 27, 43, 3, 9, 82, 10, 27];
    println!("sorted: {:?}", merge_sort(&latencies_ms));
}
// ANCHOR_END: main
