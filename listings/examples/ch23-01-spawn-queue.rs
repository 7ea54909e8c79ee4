// ANCHOR: main
use std::future::Future;
use std::pin::Pin;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};

/// A spawned future: boxed, so that tasks of different types share a queue.
type BoxFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A task: its future (`None` once it is done) and the way back to the queue.
struct Task {
    name: &'static str,
    future: Mutex<Option<BoxFuture>>,
    queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        // Waking a task sends it back to the queue. If the executor is gone,
        // there is nobody to poll it, and nobody to tell.
        let _ = self.queue.send(Arc::clone(&self));
    }
}

/// Runs spawned tasks on the thread that calls `run`.
struct Executor {
    ready: Receiver<Arc<Task>>,
    queue: Sender<Arc<Task>>,
}

impl Executor {
    fn new() -> Executor {
        let (queue, ready) = mpsc::channel();
        Executor { ready, queue }
    }

    fn spawn(&self, name: &'static str, future: impl Future<Output = ()> + Send + 'static) {
        let task = Arc::new(Task {
            name,
            future: Mutex::new(Some(Box::pin(future))),
            queue: self.queue.clone(),
        });
        // Cannot fail: `self` holds the receiver.
        self.queue.send(task).unwrap();
    }

    /// Polls each task that the queue hands over, until no task is left.
    fn run(self) {
        let Executor { ready, queue } = self;
        // From here on, only tasks hold senders: the channel closes once
        // every task, and every waker of one, is gone.
        drop(queue);
        while let Ok(task) = ready.recv() {
            // Only this thread polls, so the lock is never contended.
            let mut slot = task.future.lock().unwrap();
            let Some(future) = slot.as_mut() else {
                continue; // a wake-up for a task that is already done
            };
            let waker = Waker::from(Arc::clone(&task));
            let mut cx = Context::from_waker(&waker);
            if future.as_mut().poll(&mut cx).is_ready() {
                println!("poll {:<7} -> ready", task.name);
                *slot = None; // drops the future, and the wakers it held
            } else {
                println!("poll {:<7} -> pending", task.name);
            }
        }
    }
}

/// What a one-shot sender and its receiver share.
struct Slot<T> {
    value: Option<T>,
    closed: bool,
    waker: Option<Waker>,
}

/// Sends one value; dropping it, sent or not, wakes the receiver.
struct OneshotSender<T>(Arc<Mutex<Slot<T>>>);

/// A future of the value: `Some(value)`, or `None` if the sender was
/// dropped without sending.
struct OneshotReceiver<T>(Arc<Mutex<Slot<T>>>);

fn oneshot<T>() -> (OneshotSender<T>, OneshotReceiver<T>) {
    let slot = Slot {
        value: None,
        closed: false,
        waker: None,
    };
    let shared = Arc::new(Mutex::new(slot));
    (OneshotSender(Arc::clone(&shared)), OneshotReceiver(shared))
}

impl<T> OneshotSender<T> {
    fn send(self, value: T) {
        self.0.lock().unwrap().value = Some(value);
        // `self` is dropped here, and `drop` wakes the receiver.
    }
}

impl<T> Drop for OneshotSender<T> {
    fn drop(&mut self) {
        let waker = {
            let mut slot = self.0.lock().unwrap();
            slot.closed = true;
            slot.waker.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }
}

impl<T> Future for OneshotReceiver<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        // Checks and stores the waker under one lock, as chapter 22 says.
        let mut slot = self.0.lock().unwrap();
        if slot.closed {
            return Poll::Ready(slot.value.take());
        }
        slot.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}

fn main() {
    let executor = Executor::new();
    let (price_sender, price) = oneshot::<u32>();
    let (total_sender, total) = oneshot::<u32>();
    // Spawned in the order that makes each task wait for the next one.
    executor.spawn("invoice", async move {
        match total.await {
            Some(cents) => println!("invoice: total {cents} cents"),
            None => println!("invoice: no total"),
        }
    });
    executor.spawn("tax", async move {
        if let Some(cents) = price.await {
            total_sender.send(cents + cents / 5);
        }
    });
    executor.spawn("price", async move {
        price_sender.send(1250);
    });
    executor.run();
    println!("run returned: no task left");
}
// ANCHOR_END: main
