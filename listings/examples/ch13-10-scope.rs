// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
use std::sync::atomic::{AtomicUsize, Ordering};

fn main() {
    let lines = [
        "the quick brown fox",
        "jumps over",
        "the lazy dog",
        "and runs off into the woods",
    ];
    let mut word_counts = vec![0; lines.len()];
    let finished = AtomicUsize::new(0);

    rayon::scope(|scope| {
        // One task per line. Each borrows its line, a `&mut` to its own
        // slot of `word_counts`, and `finished`: all locals of `main`.
        for (line, count) in lines.iter().zip(word_counts.iter_mut()) {
            let finished = &finished;
            scope.spawn(move |_| {
                *count = line.split_whitespace().count();
                finished.fetch_add(1, Ordering::Relaxed);
            });
        }
    });

    // `scope` has returned, so every task has finished and the borrows
    // have ended: `main` can read `word_counts` again.
    let finished = finished.into_inner();
    println!(
        "tasks finished when scope returned: {finished} of {}",
        lines.len()
    );
    println!("words per line: {word_counts:?}");
}
// ANCHOR_END: main
