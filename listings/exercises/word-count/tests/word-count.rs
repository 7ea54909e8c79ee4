//! Run with `cargo test -p word-count`.

use std::collections::HashMap;

use rayon::ThreadPoolBuilder;
use word_count::count_words;

/// The rules of `count_words`, the plain way: one thread, one document
/// after the other.
fn count_sequentially(docs: &[&str]) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for doc in docs {
        for word in doc.split(|c: char| !c.is_alphanumeric()) {
            if !word.is_empty() {
                *counts.entry(word.to_lowercase()).or_insert(0) += 1;
            }
        }
    }
    counts
}

fn expected(counts: &[(&str, usize)]) -> HashMap<String, usize> {
    counts
        .iter()
        .map(|&(word, count)| (word.to_string(), count))
        .collect()
}

/// `documents` pseudo-random documents of up to `words` words each, with
/// mixed case, punctuation and several scripts. The generator is a
/// xorshift: the same documents on every run.
fn generate(documents: usize, words: usize) -> Vec<String> {
    const WORDS: [&str; 12] = [
        "apple",
        "Apple",
        "APPLE",
        "pear",
        "don't",
        "well-known",
        "café",
        "CAFÉ",
        "Ωmega",
        "3rd",
        "42",
        "x",
    ];
    const GAPS: [&str; 7] = [" ", ", ", ". ", "!\n", " -- ", "\t", "' "];
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |below: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % below as u64) as usize
    };
    (0..documents)
        .map(|_| {
            let mut doc = String::new();
            for _ in 0..next(words + 1) {
                doc.push_str(WORDS[next(WORDS.len())]);
                doc.push_str(GAPS[next(GAPS.len())]);
            }
            doc
        })
        .collect()
}

/// Miri interprets every step: it gets a smaller input.
fn generated() -> Vec<String> {
    if cfg!(miri) {
        generate(12, 8)
    } else {
        generate(400, 60)
    }
}

#[test]
fn words_follow_the_rules() {
    let docs = [
        "The cat sat. THE CAT!",
        "the cat's 3rd well-known café; Café, 42",
    ];
    let counts = count_words(&docs);
    assert_eq!(
        counts,
        expected(&[
            ("the", 3),
            ("cat", 3),
            ("sat", 1),
            ("s", 1),
            ("3rd", 1),
            ("well", 1),
            ("known", 1),
            ("café", 2),
            ("42", 1),
        ])
    );
}

#[test]
fn a_word_does_not_span_two_documents() {
    let counts = count_words(&["black", "bird black", "bird"]);
    assert_eq!(counts, expected(&[("black", 2), ("bird", 2)]));
}

#[test]
fn no_words_give_an_empty_count() {
    assert_eq!(count_words(&[]), HashMap::new());
    assert_eq!(count_words(&["", "  \n\t", "-- ... !?"]), HashMap::new());
}

#[test]
fn the_same_word_in_many_documents() {
    let docs = vec!["again"; if cfg!(miri) { 50 } else { 5_000 }];
    assert_eq!(count_words(&docs), expected(&[("again", docs.len())]));
}

#[test]
fn matches_a_sequential_count() {
    let docs = generated();
    let docs: Vec<&str> = docs.iter().map(String::as_str).collect();
    let counts = count_words(&docs);
    assert_eq!(counts, count_sequentially(&docs));
    // The generator does produce every word: the test compares real counts.
    assert!(counts.len() >= 8, "the generated input has too few words");
}

#[test]
fn one_thread_or_four_give_the_same_count() {
    let docs = generated();
    let docs: Vec<&str> = docs.iter().map(String::as_str).collect();
    let reference = count_sequentially(&docs);
    for threads in [1, 4] {
        let pool = ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool of 1 or 4 threads");
        let (in_pool, counts) = pool.install(|| (rayon::current_num_threads(), count_words(&docs)));
        assert_eq!(in_pool, threads);
        assert_eq!(counts, reference, "with {threads} threads");
    }
}
