// Under `--cfg loom` the model checker explores every interleaving (and
// reports a deadlock when no thread can go on).
#[cfg(loom)]
use loom::{
    model,
    sync::{Condvar, Mutex},
    thread,
};
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
/// A queue with room for one order. `not_full` and `not_empty` are either
/// two condition variables or the same one.
struct Queue {
    slot: Mutex<Option<u32>>,
    not_full: &'static Condvar,
    not_empty: &'static Condvar,
}

impl Queue {
    fn push(&self, order: u32) {
        let mut slot = self.slot.lock().unwrap();
        while slot.is_some() {
            slot = self.not_full.wait(slot).unwrap();
        }
        *slot = Some(order);
        drop(slot);
        self.not_empty.notify_one();
    }

    fn pop(&self) -> u32 {
        let mut slot = self.slot.lock().unwrap();
        loop {
            if let Some(order) = slot.take() {
                drop(slot);
                self.not_full.notify_one();
                return order;
            }
            slot = self.not_empty.wait(slot).unwrap();
        }
    }
}

/// The model's thread pushes two orders; two consumers pop one each.
fn hand_over_two_orders(separate_condvars: bool) {
    model(move || {
        // Leaked, not shared through an `Arc`: when loom finds a deadlock it
        // stops the model while threads still hold their clones, and loom's
        // types cannot be dropped once the model has stopped.
        let not_full: &'static Condvar = Box::leak(Box::new(Condvar::new()));
        let not_empty: &'static Condvar = if separate_condvars {
            Box::leak(Box::new(Condvar::new()))
        } else {
            not_full
        };
        let queue: &'static Queue = Box::leak(Box::new(Queue {
            slot: Mutex::new(None),
            not_full,
            not_empty,
        }));
        let consumers: Vec<_> = (0..2).map(|_| thread::spawn(|| queue.pop())).collect();
        queue.push(1);
        queue.push(2);
        let mut received: Vec<u32> = consumers.into_iter().map(|c| c.join().unwrap()).collect();
        received.sort();
        assert_eq!(received, [1, 2]);
    });
}

#[test]
fn one_condvar_for_both_conditions_can_deadlock() {
    hand_over_two_orders(false);
}

#[test]
fn one_condvar_per_condition_hands_over_every_order() {
    hand_over_two_orders(true);
}
// ANCHOR_END: main
