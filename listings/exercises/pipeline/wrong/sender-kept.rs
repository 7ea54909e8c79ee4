//! A pipeline of three stages, each on threads of its own, joined by
//! bounded channels: a reader takes the inputs one by one, workers
//! transform them, and the calling thread collects the results.
//!
//! A wrong solution that the grader must reject: `pipeline` clones the
//! result sender for each worker and keeps the original alive. When the
//! workers are done and drop their clones, the result channel stays open,
//! and the loop that receives the results waits forever: loom reports a
//! deadlock.

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
    let (input_sender, input_receiver) = sync_channel::<(usize, T)>(bound);
    let (result_sender, result_receiver) = sync_channel::<(usize, U)>(bound);

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
            let result_sender = result_sender.clone();
            let transform = Arc::clone(&transform);
            thread::spawn(move || {
                loop {
                    // The guard is dropped at the end of this statement,
                    // before the work starts.
                    let next = input_receiver.lock().unwrap().recv();
                    let Ok((position, input)) = next else { break };
                    // `send` fails only if the calling thread stopped
                    // receiving, which it does only by panicking.
                    if result_sender.send((position, transform(input))).is_err() {
                        break;
                    }
                }
            })
        })
        .collect();
    // Only the workers may keep the input receiver: if they all panic, the
    // reader's `send` then fails instead of waiting forever.
    drop(input_receiver);
    // The mistake: `result_sender` itself is never dropped.

    // Receive while the other stages run: a worker waits in `send` until
    // there is room in the result channel, so joining it first could wait
    // forever.
    let mut results: Vec<Option<U>> = Vec::new();
    for (position, result) in &result_receiver {
        if results.len() <= position {
            results.resize_with(position + 1, || None);
        }
        results[position] = Some(result);
    }

    // The channel is closed: every worker has returned or panicked.
    reader.join().expect("the inputs panicked");
    for worker in workers {
        worker.join().expect("transform panicked");
    }
    results
        .into_iter()
        .map(|result| result.expect("every worker returned, so every input has its result"))
        .collect()
}
