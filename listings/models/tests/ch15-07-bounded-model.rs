// Under `--cfg loom` the model checker explores every interleaving (and
// reports a deadlock when no thread can go on).
#[cfg(loom)]
use loom::{
    model,
    sync::{Condvar, Mutex},
    thread,
};
use std::collections::VecDeque;
#[cfg(not(loom))]
use std::{
    sync::{Condvar, Mutex},
    thread,
};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

// ANCHOR: main
/// Listing 15.6's channel on loom's types, shared through a leaked
/// reference (when loom finds a deadlock it stops the model while threads
/// still hold their handles, and loom's types cannot be dropped then). The
/// receiver takes as many messages as are sent, so the count of senders
/// and `receiver_alive` are left out.
struct Shared {
    queue: Mutex<VecDeque<u32>>,
    capacity: usize,
    not_full: Condvar,
    not_empty: Condvar,
    version: Version,
}

/// Listing 15.6's code, or one of two twins, each with one mistake.
#[derive(Clone, Copy, PartialEq)]
enum Version {
    Correct,
    /// `recv` wakes `not_empty` once it has made room, not `not_full`.
    WakesNotEmpty,
    /// `send` checks for room once, as an `if` would: after one wait, it
    /// pushes without looking again.
    WaitsOnce,
}

struct Sender(&'static Shared);
struct Receiver(&'static Shared);

impl Sender {
    fn send(&self, message: u32) {
        let shared = self.0;
        let mut queue = shared.queue.lock().unwrap();
        while queue.len() == shared.capacity {
            queue = shared.not_full.wait(queue).unwrap();
            if shared.version == Version::WaitsOnce {
                break;
            }
        }
        queue.push_back(message);
        drop(queue);
        shared.not_empty.notify_one();
    }
}

impl Receiver {
    fn recv(&self) -> u32 {
        let shared = self.0;
        let mut queue = shared.queue.lock().unwrap();
        while queue.is_empty() {
            queue = shared.not_empty.wait(queue).unwrap();
        }
        // The bound: only `recv` takes messages out, so a queue that ever
        // held more than `capacity` still does when `recv` next looks.
        let queued = queue.len();
        assert!(
            queued <= shared.capacity,
            "{queued} messages queued, room for {}",
            shared.capacity
        );
        let message = queue.pop_front().unwrap();
        drop(queue);
        let room_made = match shared.version {
            Version::WakesNotEmpty => &shared.not_empty,
            Version::Correct | Version::WaitsOnce => &shared.not_full,
        };
        room_made.notify_one();
        message
    }
}

/// With room for one message, and message 1 already queued, two producers
/// send 2 and 3, and the receiver takes all three.
fn two_producers_one_slot(version: Version) {
    model(move || {
        let shared: &'static Shared = Box::leak(Box::new(Shared {
            queue: Mutex::new(VecDeque::from([1])),
            capacity: 1,
            not_full: Condvar::new(),
            not_empty: Condvar::new(),
            version,
        }));
        let receiver = Receiver(shared);
        let producers = [2, 3].map(|message| {
            let sender = Sender(shared);
            thread::spawn(move || sender.send(message))
        });
        let mut received: Vec<u32> = (0..3).map(|_| receiver.recv()).collect();
        for producer in producers {
            producer.join().unwrap();
        }
        received.sort();
        assert_eq!(received, [1, 2, 3]);
    });
}

#[test]
fn waking_not_empty_after_a_receive_loses_the_wake_up() {
    two_producers_one_slot(Version::WakesNotEmpty);
}

#[test]
fn waiting_once_lets_a_second_message_in() {
    two_producers_one_slot(Version::WaitsOnce);
}

#[test]
fn waking_not_full_and_waiting_in_a_loop_keep_the_bound() {
    two_producers_one_slot(Version::Correct);
}
// ANCHOR_END: main
