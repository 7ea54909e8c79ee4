// ANCHOR: main
use std::sync::Arc;
use std::thread;

fn main() {
    let words = Arc::new(vec!["lock", "channel", "thread", "atomic"]);

    let mut handles = Vec::new();
    for index in 0..words.len() {
        // Each thread gets its own `Arc`: a new pointer to the same vector.
        let words = Arc::clone(&words);
        handles.push(thread::spawn(move || words[index].len()));
    }

    let lengths: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    println!("lengths: {lengths:?}");
    println!(
        "owners after every thread finished: {}",
        Arc::strong_count(&words)
    );
}
// ANCHOR_END: main
