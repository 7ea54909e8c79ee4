//! Run with `cargo test -p queue`.

use std::collections::HashSet;
use std::panic;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use queue::BoundedQueue;

/// How long a test waits for something that must happen: far longer than
/// it takes, so that a slow machine does not fail the test.
const MUST_HAPPEN: Duration = Duration::from_secs(5);
/// How long a test watches for something that must not happen yet.
const MUST_NOT_HAPPEN: Duration = Duration::from_millis(50);

/// Runs `body` on a thread of its own and returns its result. Fails the
/// test, instead of hanging it, if `body` has not returned in time.
fn within<T: Send + 'static>(what: &str, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, finished) = mpsc::channel();
    let runner = thread::spawn(move || {
        // If the test has given up, nobody receives: ignore the error.
        let _ = done.send(body());
    });
    match finished.recv_timeout(MUST_HAPPEN) {
        Ok(value) => {
            runner.join().unwrap();
            value
        }
        Err(RecvTimeoutError::Disconnected) => panic::resume_unwind(runner.join().unwrap_err()),
        Err(RecvTimeoutError::Timeout) => panic!("{what} did not return within {MUST_HAPPEN:?}"),
    }
}

/// A thread that makes one call on the queue, and the channel on which it
/// sends what the call returned.
struct Call<R> {
    returned: Receiver<R>,
    /// The thread, until it is joined.
    thread: Option<JoinHandle<()>>,
}

impl<R> Call<R> {
    /// Starts a thread that runs `call` on `queue` and sends its result.
    fn start<T: Send + Sync + 'static>(
        queue: &Arc<BoundedQueue<T>>,
        call: impl FnOnce(&BoundedQueue<T>) -> R + Send + 'static,
    ) -> Self
    where
        R: Send + 'static,
    {
        let (returned, receiver) = mpsc::channel();
        let queue = Arc::clone(queue);
        let thread = thread::spawn(move || {
            let _ = returned.send(call(&queue));
        });
        Call {
            returned: receiver,
            thread: Some(thread),
        }
    }

    /// Fails the test if the call returns within [`MUST_NOT_HAPPEN`], and
    /// with the call's own panic if it panicked.
    fn assert_still_blocked(&mut self, what: &str) {
        match self.returned.recv_timeout(MUST_NOT_HAPPEN) {
            Err(RecvTimeoutError::Timeout) => {}
            Ok(_) => panic!("{what}"),
            Err(RecvTimeoutError::Disconnected) => self.panicked(),
        }
    }

    /// The call's thread ended without sending: it panicked. Fails the
    /// test with that panic.
    fn panicked(&mut self) -> ! {
        let thread = self.thread.take().expect("the thread is joined once");
        panic::resume_unwind(thread.join().unwrap_err())
    }

    /// What the call returned, once it returns; fails the test if it has
    /// not returned within [`MUST_HAPPEN`].
    fn returned(mut self, what: &str) -> R {
        match self.returned.recv_timeout(MUST_HAPPEN) {
            Ok(value) => {
                self.thread.take().unwrap().join().unwrap();
                value
            }
            Err(RecvTimeoutError::Disconnected) => self.panicked(),
            Err(RecvTimeoutError::Timeout) => {
                panic!("{what}: still blocked after {MUST_HAPPEN:?}")
            }
        }
    }
}

#[test]
fn items_come_out_in_the_order_they_went_in() {
    let popped = within("push and pop on one thread", || {
        let queue = BoundedQueue::new(3);
        let mut popped = Vec::new();
        for item in ["a", "b", "c"] {
            queue.push(item).unwrap();
        }
        assert_eq!(queue.len(), 3);
        popped.push(queue.pop());
        queue.push("d").unwrap();
        while !queue.is_empty() {
            popped.push(queue.pop());
        }
        popped
    });
    assert_eq!(popped, [Some("a"), Some("b"), Some("c"), Some("d")]);
}

#[test]
fn a_full_queue_holds_the_producer_back() {
    let queue = Arc::new(BoundedQueue::new(2));
    let filling = Arc::clone(&queue);
    within("two pushes into a queue of capacity 2", move || {
        filling.push(1).unwrap();
        filling.push(2).unwrap();
    });
    let mut producer = Call::start(&queue, |queue| queue.push(3));
    producer.assert_still_blocked("push returned while the queue held its capacity of 2");
    let counting = Arc::clone(&queue);
    let len = within("len while a push waits", move || counting.len());
    assert_eq!(len, 2, "the queue holds more than its capacity");
    let taking = Arc::clone(&queue);
    assert_eq!(within("pop on a full queue", move || taking.pop()), Some(1));
    assert_eq!(
        producer.returned("push, after a pop made room"),
        Ok(()),
        "push on an open queue must return Ok(())"
    );
    let draining = Arc::clone(&queue);
    let rest = within("two pops", move || [draining.pop(), draining.pop()]);
    assert_eq!(rest, [Some(2), Some(3)]);
}

#[test]
fn pop_waits_for_an_item() {
    let queue = Arc::new(BoundedQueue::new(2));
    let mut consumer = Call::start(&queue, |queue| queue.pop());
    consumer.assert_still_blocked("pop returned while the queue was empty and open");
    let pushing = Arc::clone(&queue);
    within("push into an empty queue", move || {
        pushing.push("order").unwrap()
    });
    assert_eq!(consumer.returned("pop, after a push"), Some("order"));
}

#[test]
fn pop_returns_what_is_left_after_close_then_none() {
    let popped = within("close, then pops", || {
        let queue = BoundedQueue::new(4);
        queue.push(1).unwrap();
        queue.push(2).unwrap();
        queue.close();
        [queue.pop(), queue.pop(), queue.pop(), queue.pop()]
    });
    assert_eq!(popped, [Some(1), Some(2), None, None]);
}

#[test]
fn push_after_close_hands_the_item_back() {
    let (pushed, len) = within("push on a closed queue", || {
        let queue = BoundedQueue::new(4);
        queue.close();
        let pushed = queue.push(String::from("late order"));
        (pushed, queue.len())
    });
    assert_eq!(pushed, Err(String::from("late order")));
    assert_eq!(len, 0, "the closed queue kept the item it handed back");
}

#[test]
fn close_wakes_every_waiting_consumer() {
    let queue: Arc<BoundedQueue<u32>> = Arc::new(BoundedQueue::new(2));
    let mut consumers: Vec<Call<Option<u32>>> = (0..3)
        .map(|_| Call::start(&queue, |queue| queue.pop()))
        .collect();
    for consumer in &mut consumers {
        consumer.assert_still_blocked("pop returned while the queue was empty and open");
    }
    let closing = Arc::clone(&queue);
    within("close", move || closing.close());
    for (n, consumer) in consumers.into_iter().enumerate() {
        assert_eq!(
            consumer.returned(&format!("consumer {n}'s pop, after close")),
            None,
            "pop on a closed, empty queue must return None"
        );
    }
}

#[test]
fn close_wakes_every_waiting_producer() {
    let queue = Arc::new(BoundedQueue::new(1));
    let filling = Arc::clone(&queue);
    within("a push into an empty queue", move || {
        filling.push(1).unwrap()
    });
    let mut producers: Vec<Call<Result<(), u32>>> = [2, 3]
        .map(|item| Call::start(&queue, move |queue| queue.push(item)))
        .into();
    for producer in &mut producers {
        producer.assert_still_blocked("push returned while the queue held its capacity of 1");
    }
    let closing = Arc::clone(&queue);
    within("close", move || closing.close());
    for (producer, item) in producers.into_iter().zip([2, 3]) {
        assert_eq!(
            producer.returned(&format!(
                "the push of {item} into a full queue, after close"
            )),
            Err(item),
            "a push that was waiting when the queue closed must hand its item back"
        );
    }
    let draining = Arc::clone(&queue);
    let rest = within("pops after close", move || [draining.pop(), draining.pop()]);
    assert_eq!(rest, [Some(1), None]);
}

#[test]
fn no_item_is_lost_with_several_producers_and_consumers() {
    const PRODUCERS: u32 = 3;
    const CONSUMERS: usize = 3;
    let each: u32 = if cfg!(miri) { 10 } else { 500 };
    let received = within(
        "3 producers and 3 consumers on a queue of capacity 4",
        move || {
            let queue = Arc::new(BoundedQueue::new(4));
            let consumers: Vec<JoinHandle<Vec<u32>>> = (0..CONSUMERS)
                .map(|_| {
                    let queue = Arc::clone(&queue);
                    thread::spawn(move || {
                        let mut mine = Vec::new();
                        while let Some(item) = queue.pop() {
                            mine.push(item);
                        }
                        mine
                    })
                })
                .collect();
            // Producer p pushes p * 1000, p * 1000 + 1, ... in that order.
            let producers: Vec<JoinHandle<()>> = (0..PRODUCERS)
                .map(|p| {
                    let queue = Arc::clone(&queue);
                    thread::spawn(move || {
                        for n in 0..each {
                            assert_eq!(queue.push(p * 1000 + n), Ok(()), "push on an open queue");
                        }
                    })
                })
                .collect();
            for producer in producers {
                producer.join().unwrap();
            }
            queue.close();
            let received: Vec<Vec<u32>> =
                consumers.into_iter().map(|c| c.join().unwrap()).collect();
            received
        },
    );
    // One queue, first in, first out: each consumer gets each producer's
    // items in the order in which that producer pushed them.
    for mine in &received {
        for p in 0..PRODUCERS {
            let from_p: Vec<u32> = mine.iter().copied().filter(|i| i / 1000 == p).collect();
            assert!(
                from_p.is_sorted(),
                "a consumer got producer {p}'s items out of order: {from_p:?}"
            );
        }
    }
    let all: Vec<u32> = received.into_iter().flatten().collect();
    let distinct: HashSet<u32> = all.iter().copied().collect();
    assert_eq!(
        distinct.len(),
        all.len(),
        "an item came out of the queue twice"
    );
    let expected: HashSet<u32> = (0..PRODUCERS)
        .flat_map(|p| (0..each).map(move |n| p * 1000 + n))
        .collect();
    assert_eq!(distinct, expected, "items were lost");
}
