//! A sum of many numbers, split over scoped threads.

// starter: #![allow(unused_imports, unused_variables)] // delete once your code uses them
// end starter

use std::thread;

/// Splits `numbers` into contiguous chunks, sums each chunk on a scoped
/// thread of its own, and returns the chunks' sums in the order of the
/// chunks.
///
/// The rules:
///
/// - There are `threads` chunks, or one chunk per number when `numbers`
///   holds fewer than `threads` numbers: no chunk is empty, so no thread
///   is started for nothing. An empty slice gives no chunks, and the
///   result is empty.
/// - The chunks' lengths differ by one at most, and the longer chunks come
///   first: 10 numbers on 3 threads make chunks of 4, 3 and 3 numbers, and
///   9 numbers on 4 threads make chunks of 3, 2, 2 and 2.
/// - Every chunk is summed on a thread of its own, and the threads run
///   side by side: start them all before you wait for the first.
///
/// # Panics
///
/// If `threads` is 0, with a message that says it needs at least one
/// thread.
pub fn chunk_sums(numbers: &[u64], threads: usize) -> Vec<u64> {
    // starter: todo!("split `numbers` into chunks, sum each on a scoped thread, return the sums in order")
    assert!(threads > 0, "chunk_sums needs at least one thread");
    let chunks = threads.min(numbers.len());
    thread::scope(|scope| {
        let mut rest = numbers;
        let mut handles = Vec::with_capacity(chunks);
        for index in 0..chunks {
            // Every chunk gets `numbers.len() / chunks` numbers, and the
            // first `numbers.len() % chunks` chunks one more. (The loop
            // does not run when `chunks` is 0, so it never divides by 0.)
            let len = numbers.len() / chunks + usize::from(index < numbers.len() % chunks);
            let (chunk, tail) = rest.split_at(len);
            rest = tail;
            handles.push(scope.spawn(move || chunk.iter().sum::<u64>()));
        }
        // In a debug build, a thread panics if its sum overflows a `u64`;
        // `unwrap` then panics in the calling thread too.
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .collect()
    })
    // end starter
}

/// The sum of `numbers`, computed on at most `threads` scoped threads as
/// [`chunk_sums`] splits the work. An empty slice sums to 0.
///
/// # Panics
///
/// If `threads` is 0, as `chunk_sums` does.
pub fn parallel_sum(numbers: &[u64], threads: usize) -> u64 {
    // starter: todo!("add up the sums of the chunks")
    chunk_sums(numbers, threads).iter().sum()
    // end starter
}
