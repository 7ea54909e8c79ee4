//! A pipeline of three stages, each on threads of its own, joined by
//! bounded channels: a reader takes the inputs one by one, workers
//! transform them, and the calling thread collects the results.

#![allow(unused_imports)] // delete once your code uses them

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
    let _ = (inputs, bound, transform); // delete this line with the `todo!`
    todo!("reader and workers joined by two sync_channel(bound); collect the results, then join")
}
