// copy-of: ch22-01-countdown struct Countdown, struct ThreadWaker, fn block_on
use std::collections::VecDeque;
use std::future::Future;
use std::pin::{Pin, pin};
use std::ptr;
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
/// `first` borrows `shelves`, a local of the future, across the `.await`.
async fn first_shelf(warehouse: &str) -> String {
    let shelves = [12u32, 0, 7];
    let first = &shelves[0];
    Countdown { left: 1 }.await; // pending once: the future pauses here
    format!(
        "{warehouse}: {first} items on the first of {} shelves",
        shelves.len()
    )
}

fn main() {
    let mut cx = Context::from_waker(Waker::noop());

    // On the stack: `pin!` moves the future into a local that nothing can name.
    let mut north = pin!(first_shelf("north"));
    let first_poll = north.as_mut().poll(&mut cx);
    println!("north, first poll: {first_poll:?}");
    // `north` is a `Pin<&mut _>`: `block_on` gets the reference, not the future.
    println!("{}", block_on(north));

    // On the heap: `Box::pin` moves the future into an allocation of its own.
    let mut south = Box::pin(first_shelf("south"));
    let first_poll = south.as_mut().poll(&mut cx);
    println!("south, first poll: {first_poll:?}");
    let before: *const _ = &*south;
    let mut queue = VecDeque::new();
    queue.push_back(south); // moves the box, a pointer; the future stays put
    println!(
        "south, same address after the move: {}",
        ptr::eq(before, &*queue[0])
    );
    while let Some(report) = queue.pop_front() {
        println!("{}", block_on(report));
    }
}
// ANCHOR_END: main
