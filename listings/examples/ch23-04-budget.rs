// copy-of: ch22-01-countdown struct ThreadWaker, fn block_on
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// Wakes the thread that runs `block_on`, as in listing 22.1.
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

/// Listing 22.1's `block_on`.
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
        while !signal.woken.swap(false, Ordering::Acquire) {
            thread::park();
        }
    }
}

// ANCHOR: main
use tokio::sync::mpsc;
use tokio::task::coop;

/// Counts how many times the future it wraps is polled.
struct CountPolls<F> {
    inner: Pin<Box<F>>,
    polls: u32,
}

fn count_polls<F: Future>(future: F) -> CountPolls<F> {
    CountPolls {
        inner: Box::pin(future),
        polls: 0,
    }
}

impl<F: Future> Future for CountPolls<F> {
    type Output = (F::Output, u32);

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.polls += 1;
        match self.inner.as_mut().poll(cx) {
            Poll::Ready(output) => Poll::Ready((output, self.polls)),
            Poll::Pending => Poll::Pending,
        }
    }
}

/// Receives every message of a Tokio channel that already holds `count`:
/// each `recv` is ready at once.
async fn drain(count: u32) -> u32 {
    let (sender, mut receiver) = mpsc::unbounded_channel();
    for n in 0..count {
        sender.send(n).expect("the receiver is alive");
    }
    drop(sender);
    let mut received = 0;
    while receiver.recv().await.is_some() {
        received += 1;
    }
    received
}

fn main() {
    let (received, polls) = block_on(count_polls(drain(300)));
    println!("block_on:             {received} messages, {polls} poll");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a runtime with no drivers starts");
    let (received, polls) = runtime.block_on(count_polls(drain(300)));
    println!("Tokio:                {received} messages, {polls} polls");
    let unconstrained = coop::unconstrained(drain(300));
    let (received, polls) = runtime.block_on(count_polls(unconstrained));
    println!("Tokio, unconstrained: {received} messages, {polls} poll");
}
// ANCHOR_END: main
