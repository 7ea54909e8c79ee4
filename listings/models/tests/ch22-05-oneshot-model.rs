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
    thread,
};
use std::mem::MaybeUninit;
#[cfg(not(loom))]
use std::{
    sync::Arc,
    sync::atomic::{AtomicU8, AtomicUsize, Ordering},
    thread,
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

// ANCHOR: main
const EMPTY: u8 = 0;
const READY: u8 = 1;
const TAKEN: u8 = 2;

/// Listing 22.1's channel on loom's types, without the parking: `recv`
/// looks once. `publish` is the ordering of the store of READY.
struct Channel<T> {
    state: AtomicU8,
    message: UnsafeCell<MaybeUninit<T>>,
    publish: Ordering,
}

// SAFETY: as in listing 22.1, when `publish` is `Release`. With `Relaxed`,
// the argument fails, and the model below shows it.
unsafe impl<T: Send> Sync for Channel<T> {}

struct Sender<T>(Arc<Channel<T>>);
struct Receiver<T>(Arc<Channel<T>>);

fn channel<T>(publish: Ordering) -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        state: AtomicU8::new(EMPTY),
        message: UnsafeCell::new(MaybeUninit::uninit()),
        publish,
    });
    (Sender(Arc::clone(&channel)), Receiver(channel))
}

impl<T> Sender<T> {
    fn send(self, message: T) {
        // SAFETY: only the sender writes, once, before READY.
        self.0
            .message
            .with_mut(|slot| unsafe { (*slot).write(message) });
        self.0.state.store(READY, self.0.publish);
    }
}

impl<T> Receiver<T> {
    /// Takes the message if it is there; else gives up the channel.
    fn recv(self) -> Option<T> {
        if self.0.state.load(Ordering::Acquire) != READY {
            return None;
        }
        // SAFETY: READY was loaded with `Acquire`; with a `Release` store,
        // the write happens before this read.
        let message = self
            .0
            .message
            .with(|slot| unsafe { (*slot).assume_init_read() });
        self.0.state.store(TAKEN, Ordering::Relaxed);
        Some(message)
    }
}

impl<T> Drop for Channel<T> {
    fn drop(&mut self) {
        // When loom stops a model it panics, and this drop runs during the
        // unwinding: the cell must not be touched again then.
        if std::thread::panicking() {
            return;
        }
        // The last `Arc` is gone: this load reads the last state stored.
        if self.state.load(Ordering::Relaxed) == READY {
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

/// A thread sends an invoice while the model's thread tries to receive it.
fn hand_over_an_invoice(publish: Ordering) {
    model(move || {
        let drops = Arc::new(AtomicUsize::new(0));
        let (sender, receiver) = channel(publish);
        let invoice = Invoice {
            number: 7,
            drops: Arc::clone(&drops),
        };
        let worker = thread::spawn(move || sender.send(invoice));
        if let Some(invoice) = receiver.recv() {
            assert_eq!(invoice.number, 7);
        }
        worker.join().unwrap();
        // Received or not, the invoice is dropped exactly once by now.
        assert_eq!(drops.load(Ordering::Relaxed), 1, "dropped twice, or never");
    });
}

#[test]
fn relaxed_ready_publishes_too_early() {
    hand_over_an_invoice(Ordering::Relaxed);
}

#[test]
fn release_ready_hands_over_the_message() {
    hand_over_an_invoice(Ordering::Release);
}
// ANCHOR_END: main
