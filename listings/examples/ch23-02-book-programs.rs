// copy-of: ch22-01-countdown
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// A future that needs `left + 1` polls: it counts down once per poll.
struct Countdown {
    left: u32,
}

impl Future for Countdown {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.left == 0 {
            println!("poll: ready");
            return Poll::Ready("liftoff");
        }
        println!("poll: {} left, pending", self.left);
        self.left -= 1;
        // Nothing else will wake this future: it asks to be polled again.
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

/// Wakes the thread that runs `block_on`: sets `woken`, then unparks it.
struct ThreadWaker {
    thread: Thread,
    woken: AtomicBool,
}

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

/// Runs `future` to completion on the current thread.
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let signal = Arc::new(ThreadWaker {
        thread: thread::current(),
        woken: AtomicBool::new(false),
    });
    let waker = Waker::from(Arc::clone(&signal));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        // Sleep until the waker is woken; `park` may also return early.
        while !signal.woken.swap(false, Ordering::Acquire) {
            thread::park();
        }
    }
}

// ANCHOR: main
fn main() {
    println!("block_on, one future after the other:");
    for name in ["first", "second"] {
        let output = block_on(Countdown { left: 1 });
        println!("{name}: {output:?}");
    }

    println!("the spawn queue, two tasks:");
    let executor = Executor::new();
    for name in ["first", "second"] {
        executor.spawn(name, async move {
            let output = Countdown { left: 1 }.await;
            println!("{name}: {output:?}");
        });
    }
    executor.run();
}
// ANCHOR_END: main

// The executor of listing 23.1, as it is there.
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, Sender};

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
