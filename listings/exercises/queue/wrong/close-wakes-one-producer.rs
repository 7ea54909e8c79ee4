//! A bounded blocking queue: first in, first out, with room for a fixed
//! number of items. `push` blocks while the queue is full and `pop` while
//! it is empty. Once the queue is closed, `push` hands its item back and
//! `pop` returns what is left, then `None`, so that consumers can end.
//!
//! A wrong solution that the grader must reject: `close` wakes every
//! consumer, but only one producer, with `notify_one` on `not_full`, as `pop`
//! does. With two producers waiting in `push` for room when the queue
//! closes, the one not woken waits for good if no consumer pops: loom
//! reports a deadlock.

// The standard library's `Mutex` and `Condvar`, or loom's for the grader (see sync.rs).
mod sync;

use std::collections::VecDeque;

use sync::{Condvar, Mutex};

/// What the lock protects: everything a thread checks before it waits.
struct State<T> {
    /// The items, the oldest at the front.
    items: VecDeque<T>,
    /// Set by `close`: no push succeeds from then on.
    closed: bool,
}

/// A first-in, first-out queue that holds at most `capacity` items, shared
/// by threads through a reference or an `Arc`.
pub struct BoundedQueue<T> {
    /// The items, and what else the threads check under the lock.
    state: Mutex<State<T>>,
    /// The most items the queue holds at once.
    capacity: usize,
    /// Notified when an item arrives, or when the queue is closed.
    not_empty: Condvar,
    /// Notified when an item leaves, or when the queue is closed.
    not_full: Condvar,
}

impl<T> BoundedQueue<T> {
    /// An empty, open queue with room for `capacity` items. `capacity` must
    /// be at least 1: a queue with room for no item could never pass one on.
    pub fn new(capacity: usize) -> Self {
        BoundedQueue {
            state: Mutex::new(State {
                items: VecDeque::new(),
                closed: false,
            }),
            capacity,
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    /// Adds `item` at the back, blocking while the queue is full. Returns
    /// `Err(item)`, the item handed back, if the queue is closed, or is
    /// closed while `push` waits for room.
    pub fn push(&self, item: T) -> Result<(), T> {
        let state = self.state.lock().unwrap();
        let mut state = self
            .not_full
            .wait_while(state, |s| s.items.len() >= self.capacity && !s.closed)
            .unwrap();
        if state.closed {
            return Err(item);
        }
        state.items.push_back(item);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    /// Takes the item at the front, blocking while the queue is empty and
    /// open. After `close`, it returns the items left, one per call, and
    /// then `None`.
    pub fn pop(&self) -> Option<T> {
        let state = self.state.lock().unwrap();
        let mut state = self
            .not_empty
            .wait_while(state, |s| s.items.is_empty() && !s.closed)
            .unwrap();
        let item = state.items.pop_front();
        drop(state);
        if item.is_some() {
            self.not_full.notify_one();
        }
        item
    }

    /// Closes the queue: from now on `push` hands its item back, and `pop`
    /// returns `None` once the queue is empty. Every thread blocked in
    /// `push` or `pop` wakes up and sees it. Closing twice does nothing more.
    pub fn close(&self) {
        self.state.lock().unwrap().closed = true;
        self.not_empty.notify_all();
        self.not_full.notify_one();
    }

    /// How many items the queue holds now.
    pub fn len(&self) -> usize {
        self.state.lock().unwrap().items.len()
    }

    /// Whether the queue holds no item now.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
