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
/// Listing 22.6's channel on loom's types, shared through a leaked
/// reference (when loom finds a deadlock it stops the model while threads
/// still hold their handles, and loom's types cannot be dropped then). The
/// receiver is never dropped here, so `receiver_alive` is left out.
struct State {
    queue: VecDeque<u32>,
    senders: usize,
}

struct Shared {
    state: Mutex<State>,
    capacity: usize,
    not_full: Condvar,
    not_empty: Condvar,
    /// Which condition variable `recv` wakes once it has made room: the
    /// right one, or (the twin) the wrong one.
    room_made: fn(&Shared) -> &Condvar,
}

struct Sender(&'static Shared);
struct Receiver(&'static Shared);

impl Sender {
    fn send(&self, message: u32) {
        let mut state = self.0.state.lock().unwrap();
        while state.queue.len() == self.0.capacity {
            state = self.0.not_full.wait(state).unwrap();
        }
        state.queue.push_back(message);
        drop(state);
        self.0.not_empty.notify_one();
    }
}

impl Drop for Sender {
    fn drop(&mut self) {
        let mut state = self.0.state.lock().unwrap();
        state.senders -= 1;
        if state.senders == 0 {
            drop(state);
            self.0.not_empty.notify_one();
        }
    }
}

impl Receiver {
    fn recv(&self) -> Option<u32> {
        let mut state = self.0.state.lock().unwrap();
        while state.queue.is_empty() && state.senders > 0 {
            state = self.0.not_empty.wait(state).unwrap();
        }
        let message = state.queue.pop_front()?;
        drop(state);
        (self.0.room_made)(self.0).notify_one();
        Some(message)
    }
}

/// With room for one message, a producer sends two: the second waits until
/// the receiver has taken the first. The receiver reads to disconnection.
fn send_two_through_one_slot(room_made: fn(&Shared) -> &Condvar) {
    model(move || {
        let shared: &'static Shared = Box::leak(Box::new(Shared {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                senders: 1,
            }),
            capacity: 1,
            not_full: Condvar::new(),
            not_empty: Condvar::new(),
            room_made,
        }));
        let (sender, receiver) = (Sender(shared), Receiver(shared));
        let producer = thread::spawn(move || {
            sender.send(1);
            sender.send(2);
        });
        let mut received = Vec::new();
        while let Some(message) = receiver.recv() {
            received.push(message);
        }
        producer.join().unwrap();
        assert_eq!(received, [1, 2]);
    });
}

#[test]
fn waking_not_empty_after_a_receive_loses_the_wake_up() {
    send_two_through_one_slot(|shared| &shared.not_empty);
}

#[test]
fn waking_not_full_after_a_receive_lets_the_sender_go_on() {
    send_two_through_one_slot(|shared| &shared.not_full);
}
// ANCHOR_END: main
