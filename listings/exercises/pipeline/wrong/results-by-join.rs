//! A pipeline of three stages, each on threads of its own, joined by
//! bounded channels: a reader takes the inputs one by one, workers
//! transform them, and the calling thread collects the results.
//!
//! A wrong solution that the grader must reject: the workers return their
//! results through their `JoinHandle`s, as in listing 4.2, and `pipeline`
//! joins them and sorts the results by position. There is no result
//! channel, so nothing is ever received before a join, and the bound holds
//! only the reader back. It returns the right results, and no case
//! deadlocks: the grader sees that `pipeline` made one channel instead of
//! two.

// The standard library's threads, locks and channels, or loom's for the
// grader (see sync.rs).
mod sync;

use sync::{Arc, Mutex, sync_channel, thread};

// For the grader, under loom: the bounds of the channels made by
// `sync_channel`. Leave this line as it is.
#[cfg(loom)]
#[doc(hidden)]
pub use sync::bounds_made;

/// Runs every input through `transform` and returns the results, in the
/// order of the inputs.
///
/// Three stages run at the same time:
///
/// 1. a reader thread takes the inputs from `inputs`, one at a time, and
///    sends them on a channel made by `sync_channel(bound)`;
/// 2. `workers` worker threads share that channel's receiver; each takes
///    the next input, calls `transform` on it, and sends the result on a
///    second channel made by `sync_channel(bound)`;
/// 3. the calling thread receives the results until the second channel
///    is closed, then joins every thread it started and returns.
///
/// No stage sends a "stop" message: each one ends when the channel it
/// receives from is empty and every sender of it is dropped. A channel
/// never holds more than `bound` messages, so the reader never gets more
/// than `bound` inputs ahead of the workers (plus the one it holds while it
/// waits to send it, and the one each worker is busy with). A `bound` of 0
/// is allowed: each `send` then waits until a receiver takes the message.
///
/// # Panics
///
/// If `workers` is 0, and if `transform` or `inputs` panics.
pub fn pipeline<I, T, U, F>(inputs: I, workers: usize, bound: usize, transform: F) -> Vec<U>
where
    I: IntoIterator<Item = T> + Send + 'static,
    T: Send + 'static,
    U: Send + 'static,
    F: Fn(T) -> U + Send + Sync + 'static,
{
    assert!(workers > 0, "a pipeline needs at least one worker");
    // Each input travels with its position, so that the results can be
    // put back in the order of the inputs whichever worker finishes first.
    // The mistake: only the inputs go through a channel; the results come
    // back through `join`.
    let (input_sender, input_receiver) = sync_channel::<(usize, T)>(bound);

    // The reader owns the only input sender, and drops it when the
    // inputs end: that is how the workers learn there is no more work.
    let reader = thread::spawn(move || {
        for input in inputs.into_iter().enumerate() {
            // `send` fails only if every worker is gone, which happens
            // only if they all panicked: stop reading then.
            if input_sender.send(input).is_err() {
                break;
            }
        }
    });

    let input_receiver = Arc::new(Mutex::new(input_receiver));
    let transform = Arc::new(transform);
    let workers: Vec<_> = (0..workers)
        .map(|_| {
            let input_receiver = Arc::clone(&input_receiver);
            let transform = Arc::clone(&transform);
            thread::spawn(move || {
                // Each worker keeps its results, and returns them.
                let mut done = Vec::new();
                loop {
                    // The guard is dropped at the end of this statement,
                    // before the work starts.
                    let next = input_receiver.lock().unwrap().recv();
                    let Ok((position, input)) = next else { break };
                    done.push((position, transform(input)));
                }
                done
            })
        })
        .collect();
    // Only the workers may keep the input receiver: if they all panic, the
    // reader's `send` then fails instead of waiting forever.
    drop(input_receiver);

    reader.join().expect("the inputs panicked");
    let mut results: Vec<(usize, U)> = workers
        .into_iter()
        .flat_map(|worker| worker.join().expect("transform panicked"))
        .collect();
    results.sort_by_key(|(position, _)| *position);
    results.into_iter().map(|(_, result)| result).collect()
}
