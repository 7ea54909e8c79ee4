//! An allocator of ids that threads share without a lock: each id of a
//! range goes to exactly one caller, and once the range is used up, every
//! call gets `None`.
//!
//! A wrong solution that the grader must reject: `next` takes an id with
//! `fetch_add` and checks it against the end afterwards, so every call that
//! gets `None` still adds one. The counter passes the end of the range, and
//! `fetch_add` wraps around on overflow: past `u64::MAX`, the counter starts
//! again at 0, and `next` hands out 0, 1, … after it has returned `None`.
//! With a range that ends at `u64::MAX`, that takes one call.

// The standard library's atomics, or loom's for the grader (see sync.rs).
mod sync;

use std::ops::Range;

use sync::atomic::{AtomicU64, Ordering};

/// Hands out the ids of a range, each once, from the lowest up. Threads
/// share one allocator, by reference (`thread::scope`) or in an `Arc`, and
/// call its methods at the same time; no lock is taken.
pub struct IdAllocator {
    /// The id that the next call to `next` hands out. It starts at `start`,
    /// grows by one per id handed out, and stops at `end`: it never passes
    /// it.
    next: AtomicU64,
    /// The first id of the range.
    start: u64,
    /// One past the last id of the range: never handed out.
    end: u64,
}

impl IdAllocator {
    /// An allocator of the ids in `ids`: `ids.start` up to `ids.end - 1`.
    /// An empty range (`start >= end`, as in `5..5`) gives no id at all.
    pub fn new(ids: Range<u64>) -> IdAllocator {
        IdAllocator {
            next: AtomicU64::new(ids.start),
            start: ids.start,
            end: ids.end,
        }
    }

    /// A fresh id: one that no call to `next` on this allocator has
    /// returned before, the lowest one left. Once every id of the range has
    /// been handed out, `None`, on this call and on every later one. It
    /// works for every range, up to `u64::MAX` (which, as the range's end,
    /// is never handed out).
    pub fn next(&self) -> Option<u64> {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        if id < self.end { Some(id) } else { None }
    }

    /// How many ids `next` has handed out so far: at most the length of
    /// the range. While other threads call `next`, the answer may be out of
    /// date as soon as it returns; once they are joined, it is exact.
    pub fn issued(&self) -> u64 {
        // The counter passes `end` once every id is taken: count no more
        // than the range holds.
        (self.next.load(Ordering::Relaxed) - self.start).min(self.end.saturating_sub(self.start))
    }
}
