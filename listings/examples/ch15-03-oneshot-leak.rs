// miri: report
#![allow(unsafe_code)]

use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::thread::{self, Thread};

/// No message yet, and the sender still exists.
const EMPTY: u8 = 0;
/// The sender wrote the message; nobody has taken it.
const READY: u8 = 1;
/// The receiver took the message out.
const TAKEN: u8 = 2;
/// The sender was dropped without sending.
const CLOSED: u8 = 3;

/// What both halves share: the state, the message, and the thread to wake.
struct Channel<T> {
    state: AtomicU8,
    message: UnsafeCell<MaybeUninit<T>>,
    receiver: Thread,
}

// SAFETY: the two halves reach `message` from two threads, but never
// unordered. Only the sender writes it, once, before it stores READY with
// `Release`; only the receiver reads it, once, after it loads READY with
// `Acquire`, so the write happens before the read. The message is moved from
// the sending thread to the receiving one, hence `T: Send`; no `&T` is ever
// shared between them, so `T: Sync` is not needed.
unsafe impl<T: Send> Sync for Channel<T> {}

pub struct Sender<T> {
    channel: Arc<Channel<T>>,
}

pub struct Receiver<T> {
    channel: Arc<Channel<T>>,
    // A raw pointer is neither `Send` nor `Sync`: the receiver stays on the
    // thread that `channel()` recorded, the one the sender wakes.
    _stays_here: PhantomData<*const ()>,
}

/// Creates a channel whose receiver is the calling thread: `recv` parks it,
/// and the sender wakes that thread.
pub fn channel<T>() -> (Sender<T>, Receiver<T>) {
    let channel = Arc::new(Channel {
        state: AtomicU8::new(EMPTY),
        message: UnsafeCell::new(MaybeUninit::uninit()),
        receiver: thread::current(),
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
    pub fn send(self, message: T) {
        // SAFETY: only the sender writes the message, and `send` takes `self`,
        // so it runs at most once. The state is EMPTY: the receiver does not
        // read the message until it sees READY, which is stored below.
        unsafe { (*self.channel.message.get()).write(message) };
        self.channel.state.store(READY, Ordering::Release);
        self.channel.receiver.unpark();
        // `self` is dropped here: its `drop` sees READY (or TAKEN) and does
        // nothing more.
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        // EMPTY becomes CLOSED only if nothing was sent.
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
    /// Blocks until the message arrives (`Some`) or the sender is dropped
    /// without sending (`None`).
    pub fn recv(self) -> Option<T> {
        loop {
            match self.channel.state.load(Ordering::Acquire) {
                READY => {
                    // SAFETY: READY was stored with `Release` after the
                    // write, and loaded here with `Acquire`, so the message
                    // is written and visible. `recv` takes `self`: this is
                    // the only read, and TAKEN tells `drop` it is gone.
                    let message = unsafe { (*self.channel.message.get()).assume_init_read() };
                    self.channel.state.store(TAKEN, Ordering::Relaxed);
                    return Some(message);
                }
                CLOSED => return None,
                // EMPTY: wait. `park` may also return for no reason, so
                // the loop looks again.
                _ => thread::park(),
            }
        }
    }
}

/// An order that says when it is dropped. Its customer is shared, so the
/// number of handles to it counts the orders still alive.
struct Order {
    id: u32,
    customer: Arc<str>,
}

impl Drop for Order {
    fn drop(&mut self) {
        println!("  order {} for {} dropped", self.id, self.customer);
    }
}

fn main() {
    let customer: Arc<str> = Arc::from("Ada");
    let order = |id| Order {
        id,
        customer: Arc::clone(&customer),
    };

    println!("sent and received:");
    let (sender, receiver) = channel();
    let first = order(1);
    thread::spawn(move || sender.send(first)).join().unwrap();
    let received = receiver.recv().unwrap();
    println!("  received order {}", received.id);
    drop(received);

    println!("sent, then the receiver dropped:");
    let (sender, receiver) = channel();
    sender.send(order(2));
    drop(receiver);

    println!("the receiver dropped, then sent:");
    let (sender, receiver) = channel();
    drop(receiver);
    sender.send(order(3));

    println!("never sent:");
    let (sender, receiver) = channel::<Order>();
    thread::spawn(move || drop(sender)).join().unwrap();
    println!(
        "  recv returned {:?}",
        receiver.recv().map(|order| order.id)
    );

    println!(
        "handles to {customer} left: {}",
        Arc::strong_count(&customer)
    );
}

// ANCHOR: main
// No `impl Drop for Channel<T>`: the receiver drops an unread message.
impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        if self.channel.state.load(Ordering::Acquire) == READY {
            // SAFETY: READY, loaded with `Acquire`, means the message is
            // written and visible, and the receiver never read it.
            unsafe { (*self.channel.message.get()).assume_init_drop() };
        }
    }
}
// ANCHOR_END: main
// copy-of: ch15-02-oneshot-drops const EMPTY, const READY, const TAKEN, const CLOSED, struct Channel, struct Sender, struct Receiver, fn channel, struct Order, fn main
