// ANCHOR: main
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

fn main() {
    let output = block_on(Countdown { left: 3 });
    println!("block_on returned {output:?}");
}
// ANCHOR_END: main
