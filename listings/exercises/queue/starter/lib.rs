//! A bounded blocking queue: first in, first out, with room for a fixed
//! number of items. `push` blocks while the queue is full and `pop` while
//! it is empty. Once the queue is closed, `push` hands its item back and
//! `pop` returns what is left, then `None`, so that consumers can end.

#![allow(unused_imports, unused_variables, dead_code)] // delete once your code uses them

// The standard library's `Mutex` and `Condvar`, or loom's for the grader (see sync.rs).
mod sync;

use std::collections::VecDeque;

use sync::{Condvar, Mutex};

/// What the lock protects: everything a thread checks before it waits.
struct State<T> {
    /// The items, the oldest at the front.
    items: VecDeque<T>,
    // more fields, if you need them
}

/// A first-in, first-out queue that holds at most `capacity` items, shared
/// by threads through a reference or an `Arc`.
pub struct BoundedQueue<T> {
    /// The items, and what else the threads check under the lock.
    state: Mutex<State<T>>,
    // your fields: the capacity, and what the threads wait on
}

impl<T> BoundedQueue<T> {
    /// An empty, open queue with room for `capacity` items. `capacity` must
    /// be at least 1: a queue with room for no item could never pass one on.
    pub fn new(capacity: usize) -> Self {
        todo!("an empty queue with room for `capacity` items")
    }

    /// Adds `item` at the back, blocking while the queue is full. Returns
    /// `Err(item)`, the item handed back, if the queue is closed, or is
    /// closed while `push` waits for room.
    pub fn push(&self, item: T) -> Result<(), T> {
        todo!("add `item` at the back, waiting for room, or hand it back")
    }

    /// Takes the item at the front, blocking while the queue is empty and
    /// open. After `close`, it returns the items left, one per call, and
    /// then `None`.
    pub fn pop(&self) -> Option<T> {
        todo!("take the item at the front, waiting for one")
    }

    /// Closes the queue: from now on `push` hands its item back, and `pop`
    /// returns `None` once the queue is empty. Every thread blocked in
    /// `push` or `pop` wakes up and sees it. Closing twice does nothing more.
    pub fn close(&self) {
        todo!("mark the queue closed, and wake every waiting thread")
    }

    /// How many items the queue holds now.
    pub fn len(&self) -> usize {
        todo!("count the items")
    }

    /// Whether the queue holds no item now.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
