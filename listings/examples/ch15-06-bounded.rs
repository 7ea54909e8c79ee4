// ANCHOR: main
use std::cell::Cell;
use std::collections::VecDeque;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

struct State<T> {
    queue: VecDeque<T>,
    senders: usize,
    receiver_alive: bool,
}

struct Shared<T> {
    state: Mutex<State<T>>,
    capacity: usize,
    not_full: Condvar,
    not_empty: Condvar,
}

pub struct Sender<T> {
    shared: Arc<Shared<T>>,
}

pub struct Receiver<T> {
    shared: Arc<Shared<T>>,
    // A `Cell` is `Send` but not `Sync`: the receiver may move to another
    // thread, but two threads cannot share it and wait in `recv` together.
    _one_receiver: PhantomData<Cell<()>>,
}

pub fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    assert!(capacity > 0, "a bounded channel needs room for one message");
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queue: VecDeque::with_capacity(capacity),
            senders: 1,
            receiver_alive: true,
        }),
        capacity,
        not_full: Condvar::new(),
        not_empty: Condvar::new(),
    });
    let sender = Sender {
        shared: Arc::clone(&shared),
    };
    let receiver = Receiver {
        shared,
        _one_receiver: PhantomData,
    };
    (sender, receiver)
}

impl<T> Sender<T> {
    /// Waits while the queue is full. Gives the message back if the
    /// receiver is gone.
    pub fn send(&self, message: T) -> Result<(), T> {
        let shared = &*self.shared;
        let mut state = shared.state.lock().unwrap();
        while state.queue.len() == shared.capacity && state.receiver_alive {
            state = shared.not_full.wait(state).unwrap();
        }
        if !state.receiver_alive {
            return Err(message);
        }
        state.queue.push_back(message);
        drop(state);
        shared.not_empty.notify_one();
        Ok(())
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Self {
        self.shared.state.lock().unwrap().senders += 1;
        Sender {
            shared: Arc::clone(&self.shared),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        let mut state = self.shared.state.lock().unwrap();
        state.senders -= 1;
        if state.senders == 0 {
            drop(state);
            // The receiver may be waiting for a message that cannot come.
            self.shared.not_empty.notify_one();
        }
    }
}

impl<T> Receiver<T> {
    /// Waits while the queue is empty and a sender exists. `None` means
    /// disconnected: empty, and every sender is gone.
    pub fn recv(&self) -> Option<T> {
        let shared = &*self.shared;
        let mut state = shared.state.lock().unwrap();
        while state.queue.is_empty() && state.senders > 0 {
            state = shared.not_empty.wait(state).unwrap();
        }
        let message = state.queue.pop_front()?;
        drop(state);
        // One slot is free: one waiting sender can use it.
        shared.not_full.notify_one();
        Some(message)
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.shared.state.lock().unwrap().receiver_alive = false;
        // Every waiting sender must give its message back.
        self.shared.not_full.notify_all();
    }
}

fn main() {
    let (sender, receiver) = bounded(2);
    sender.send("order 1").unwrap();
    sender.send("order 2").unwrap();
    println!("queued 2 orders: the channel is full");

    let third_sent = Arc::new(AtomicBool::new(false));
    let producer = {
        let sender = sender.clone();
        let third_sent = Arc::clone(&third_sent);
        thread::spawn(move || {
            sender.send("order 3").unwrap();
            third_sent.store(true, Ordering::Release);
        })
    };
    thread::sleep(Duration::from_millis(100));
    let sent = third_sent.load(Ordering::Acquire);
    println!("100 ms later, order 3 sent: {sent}");

    println!("received {:?}", receiver.recv());
    producer.join().unwrap();
    let sent = third_sent.load(Ordering::Acquire);
    println!("after one receive, order 3 sent: {sent}");

    drop(sender);
    while let Some(order) = receiver.recv() {
        println!("received {order:?}");
    }
    println!("every sender dropped: recv returned None");
}
// ANCHOR_END: main
