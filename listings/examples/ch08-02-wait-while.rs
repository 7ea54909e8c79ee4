use std::collections::{HashSet, VecDeque};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

/// What the lock protects: the orders, whether more can come, and a few
/// statistics that the program prints at the end.
struct State<T> {
    items: VecDeque<T>,
    closed: bool,
    most_held: usize,
    full_waits: usize,
}

/// A first-in, first-out queue that holds at most `capacity` items.
struct BoundedQueue<T> {
    state: Mutex<State<T>>,
    capacity: usize,
    not_empty: Condvar,
    not_full: Condvar,
}

impl<T> BoundedQueue<T> {
    fn new(capacity: usize) -> Self {
        BoundedQueue {
            state: Mutex::new(State {
                items: VecDeque::new(),
                closed: false,
                most_held: 0,
                full_waits: 0,
            }),
            capacity,
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }
}

// ANCHOR: main
impl<T> BoundedQueue<T> {
    /// Adds `item` at the back, blocking while the queue is full.
    fn push(&self, item: T) {
        let state = self.state.lock().unwrap();
        let found_full = state.items.len() == self.capacity;
        // Sleeps until the closure returns false, checking it again after
        // every wakeup.
        let mut state = self
            .not_full
            .wait_while(state, |state| state.items.len() == self.capacity)
            .unwrap();
        state.full_waits += usize::from(found_full);
        state.items.push_back(item);
        state.most_held = state.most_held.max(state.items.len());
        drop(state);
        self.not_empty.notify_one();
    }

    /// Takes the item at the front, blocking while the queue is empty.
    /// Returns `None` once the queue is closed and empty.
    fn pop(&self) -> Option<T> {
        let state = self.state.lock().unwrap();
        let mut state = self
            .not_empty
            .wait_while(state, |state| state.items.is_empty() && !state.closed)
            .unwrap();
        let item = state.items.pop_front();
        drop(state);
        self.not_full.notify_one();
        item
    }
}
// ANCHOR_END: main

impl<T> BoundedQueue<T> {
    /// No more pushes: wakes every consumer so that each can see it.
    fn close(&self) {
        self.state.lock().unwrap().closed = true;
        self.not_empty.notify_all();
    }
}

/// Order numbers: producer 0 makes 0..20, producer 1 makes 100..120, ...
const PRODUCERS: u32 = 3;
const ORDERS_EACH: u32 = 20;
const CONSUMERS: usize = 2;

fn main() {
    let queue = BoundedQueue::new(4);
    let received: Vec<Vec<u32>> = thread::scope(|s| {
        let consumers: Vec<_> = (0..CONSUMERS)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(order) = queue.pop() {
                        // Handling an order takes longer than making one,
                        // so the producers get ahead and fill the queue.
                        thread::sleep(Duration::from_millis(1));
                        mine.push(order);
                    }
                    mine
                })
            })
            .collect();
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|p| {
                let queue = &queue;
                s.spawn(move || {
                    for n in 0..ORDERS_EACH {
                        queue.push(p * 100 + n);
                    }
                })
            })
            .collect();
        for producer in producers {
            producer.join().unwrap();
        }
        queue.close();
        consumers.into_iter().map(|c| c.join().unwrap()).collect()
    });

    let all: Vec<u32> = received.into_iter().flatten().collect();
    let distinct: HashSet<u32> = all.iter().copied().collect();
    let state = queue.state.into_inner().unwrap();
    println!(
        "produced {} orders, consumed {}",
        PRODUCERS * ORDERS_EACH,
        all.len()
    );
    println!(
        "every order received exactly once: {}",
        all.len() == distinct.len() && distinct.len() == (PRODUCERS * ORDERS_EACH) as usize
    );
    println!(
        "most orders in the queue at once: {} (capacity {})",
        state.most_held, queue.capacity
    );
    println!(
        "a producer waited while the queue was full: {}",
        state.full_waits > 0
    );
}
