//! A word count over many documents, in parallel with Rayon.

// starter: #![allow(unused_imports, unused_variables)] // delete once your code uses them
// end starter

// Miri runs the tests with `-Zmiri-ignore-leaks`, because Rayon's threads
// are never joined, and with Tree Borrows, which crossbeam's memory
// reclamation inside Rayon needs (see chapter 12).
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance

use std::collections::HashMap;

use rayon::prelude::*;

/// Counts how often each word occurs in `docs`, splitting the work over
/// the threads of the Rayon pool it is called in (the global pool, unless
/// it runs inside `ThreadPool::install`).
///
/// The rules:
///
/// - A word is a longest run of alphanumeric characters, as
///   `char::is_alphanumeric` defines them: letters and digits of any
///   script, so `café`, `3rd` and `42` are words.
/// - Every other character separates words: white space, punctuation,
///   apostrophes and hyphens. `don't` is the two words `don` and `t`, and
///   `well-known` is `well` and `known`.
/// - Case does not matter: each word is counted in lower case, as
///   `str::to_lowercase` writes it, so `The`, `THE` and `the` are one word,
///   `the`.
/// - A word never continues from one document into the next.
///
/// The result maps each word to its number of occurrences, and holds no
/// other entries.
pub fn count_words(docs: &[&str]) -> HashMap<String, usize> {
    // starter: todo!("count the words of each document in parallel, then merge the counts")
    docs.par_iter()
        .fold(HashMap::new, |mut counts, doc| {
            for word in doc.split(|c: char| !c.is_alphanumeric()) {
                if !word.is_empty() {
                    *counts.entry(word.to_lowercase()).or_insert(0) += 1;
                }
            }
            counts
        })
        .reduce(HashMap::new, |mut total, part| {
            for (word, count) in part {
                *total.entry(word).or_insert(0) += count;
            }
            total
        })
    // end starter
}
