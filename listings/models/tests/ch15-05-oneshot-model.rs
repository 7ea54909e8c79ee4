#![allow(unsafe_code)]
// Under `--cfg loom` the model checker explores every interleaving, the
// values each atomic load may return, and checks every access to the
// `UnsafeCell` against the happens-before order of the threads.
#[cfg(loom)]
use loom::{
    cell::UnsafeCell,
    model,
    sync::Arc,
    sync::atomic::{AtomicU8, AtomicUsize, Ordering},
    thread::{self, Thread},
};
use std::marker::PhantomData;
use std::mem::MaybeUninit;
#[cfg(not(loom))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicU8, AtomicUsize, Ordering},
    thread::{self, Thread},
};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

/// loom's `UnsafeCell` API on std's cell, so that the model compiles
/// without loom.
#[cfg(not(loom))]
struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    fn new(value: T) -> Self {
        Self(std::cell::UnsafeCell::new(value))
    }
    fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }
    fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

/// loom's `with_mut` on std's atomic (its `get_mut`), for the same reason.
#[cfg(not(loom))]
trait WithMut {
    fn with_mut<R>(&mut self, f: impl FnOnce(&mut u8) -> R) -> R;
}

#[cfg(not(loom))]
impl WithMut for AtomicU8 {
    fn with_mut<R>(&mut self, f: impl FnOnce(&mut u8) -> R) -> R {
        f(self.get_mut())
    }
}

// ANCHOR: main
const EMPTY: u8 = 0;
const READY: u8 = 1;
const TAKEN: u8 = 2;
const CLOSED: u8 = 3;

/// Listing 15.1's channel on loom's types. `publish` is the ordering of the
/// store of READY.
struct Channel<T> {
    state: AtomicU8,
    message: UnsafeCell<MaybeUninit<T>>,
    receiver: Thread,
    publish: Ordering,
}

// SAFETY: as in listing 15.1, when `publish` is `Release`. With `Relaxed`,
// the argument fails, and the model below shows it.
unsafe impl<T: Send> Sync for Channel<T> {}

struct Sender<T> {
    channel: Arc<Channel<T>>,
}

struct Receiver<T> {
    channel: Arc<Channel<T>>,
    _stays_here: PhantomData<*const ()>,
}

fn channel<T>(publish: Ordering) -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        state: AtomicU8::new(EMPTY),
        message: UnsafeCell::new(MaybeUninit::uninit()),
        receiver: thread::current(),
        publish,
    });
    let sender = Sender {
        channel: Arc::clone(&channel),
    };
    let receiver = Receiver {
        channel,
        _stays_here: PhantomData,
    };
    (sender, receiver)
}

impl<T> Sender<T> {
    fn send(self, message: T) {
        // SAFETY: only the sender writes, once, before READY.
        self.channel
            .message
            .with_mut(|slot| unsafe { (*slot).write(message) });
        self.channel.state.store(READY, self.channel.publish);
        // loom switches threads only at some of its operations, and `unpark`
        // is not one of them: here the receiver may look between the store
        // and the `unpark`, as it can on a real machine.
        thread::yield_now();
        self.channel.receiver.unpark();
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let closed = self.channel.state.compare_exchange(
            EMPTY,
            CLOSED,
            Ordering::Release,
            Ordering::Relaxed,
        );
        if closed.is_ok() {
            self.channel.receiver.unpark();
        }
    }
}

impl<T> Receiver<T> {
    fn recv(self) -> Option<T> {
        loop {
            match self.channel.state.load(Ordering::Acquire) {
                READY => {
                    // SAFETY: READY was loaded with `Acquire`; with a
                    // `Release` store, the write happens before this read.
                    let message = self
                        .channel
                        .message
                        .with(|slot| unsafe { (*slot).assume_init_read() });
                    self.channel.state.store(TAKEN, Ordering::Relaxed);
                    return Some(message);
                }
                CLOSED => return None,
                _ => thread::park(),
            }
        }
    }
}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // When loom stops a failing model it panics, and this drop runs
        // during the unwinding: the cell must not be touched again then.
        if std::thread::panicking() {
            return;
        }
        // `with_mut` is loom's `get_mut`: loom checks that every other
        // access to the state happens before it.
        if self.state.with_mut(|state| *state) == READY {
            // SAFETY: READY means written and never read.
            self.message
                .with_mut(|slot| unsafe { (*slot).assume_init_drop() });
        }
    }
}

/// A message that counts how many times it is dropped.
struct Invoice {
    number: u32,
    drops: Arc<AtomicUsize>,
}

impl Drop for Invoice {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::Relaxed);
    }
}

/// A worker sends an invoice (or drops its sender without sending) while
/// the receiving thread receives it (or drops its receiver unused).
fn hand_over_an_invoice(publish: Ordering, send: bool, receive: bool) {
    model(move || {
        let drops = Arc::new(AtomicUsize::new(0));
        let invoice = Invoice {
            number: 7,
            drops: Arc::clone(&drops),
        };
        // The receiving thread makes the channel, so the worker unparks it,
        // and it waits only in `recv`: in loom 0.7.3, an `unpark` also wakes
        // a thread that waits in `join`, and that `join` then fails.
        let receiving = thread::spawn(move || {
            let (sender, receiver) = channel(publish);
            let worker = thread::spawn(move || {
                if send {
                    sender.send(invoice);
                } else {
                    drop(sender);
                    drop(invoice);
                }
            });
            if receive {
                match receiver.recv() {
                    Some(invoice) => assert!(send && invoice.number == 7, "an invoice nobody sent"),
                    None => assert!(!send, "recv returned None for a sent invoice"),
                }
            } else {
                drop(receiver);
            }
            worker
        });
        let worker = receiving.join().unwrap();
        worker.join().unwrap();
        // Received or not, sent or not, the invoice is dropped once by now.
        assert_eq!(drops.load(Ordering::Relaxed), 1, "dropped twice, or never");
    });
}

#[test]
fn relaxed_ready_publishes_too_early() {
    hand_over_an_invoice(Ordering::Relaxed, true, true);
}

#[test]
fn release_ready_hands_over_the_message() {
    hand_over_an_invoice(Ordering::Release, true, true);
}

#[test]
fn an_unread_message_is_dropped_by_the_channel() {
    hand_over_an_invoice(Ordering::Release, true, false);
}

#[test]
fn a_sender_dropped_unsent_closes_the_channel() {
    hand_over_an_invoice(Ordering::Release, false, true);
}
// ANCHOR_END: main
