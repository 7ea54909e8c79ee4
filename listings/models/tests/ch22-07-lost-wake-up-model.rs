// Under `--cfg loom` the model checker explores the interleavings of the
// threads' steps (and reports a deadlock when no thread can go on).
#[cfg(loom)]
use loom::{
    model,
    sync::Mutex,
    sync::atomic::{AtomicBool, Ordering},
    thread::{self, Thread},
};
use std::future::Future;
use std::pin::{Pin, pin};
// The waker's `Arc` is std's in both cases: `Waker::from` takes no other.
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
#[cfg(not(loom))]
use std::{
    sync::Mutex,
    sync::atomic::{AtomicBool, Ordering},
    thread::{self, Thread},
};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

/// Unparks the thread that runs `block_on`.
struct ThreadWaker(Thread);

impl Wake for ThreadWaker {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Listing 22.1's `block_on` without its flag, as in the documentation of
/// `Wake`: loom's `park` returns only after an `unpark`, and nothing else
/// parks this thread. (With the flag, loom 0.7.3 reports a deadlock that
/// cannot happen: see the last test.)
fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(ThreadWaker(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        thread::park();
    }
}

/// Wakes the thread that runs `block_with_flag`: sets `woken`, then unparks
/// it, as in listing 22.1.
struct FlagWaker {
    thread: Thread,
    woken: AtomicBool,
}

impl Wake for FlagWaker {
    fn wake(self: Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}

/// Listing 22.1's `block_on`, flag and `swap` included.
fn block_with_flag<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let signal = Arc::new(FlagWaker {
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
/// What a worker and the future that waits for it share.
struct State {
    done: bool,
    waker: Option<Waker>,
}

/// Ready once the worker has set `done`. Its `poll` checks `done` and
/// stores the waker under one lock, or takes the lock twice.
struct WorkerDone {
    state: &'static Mutex<State>,
    one_lock: bool,
}

impl Future for WorkerDone {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.one_lock {
            let mut state = self.state.lock().unwrap();
            if state.done {
                return Poll::Ready(());
            }
            state.waker = Some(cx.waker().clone());
        } else {
            if self.state.lock().unwrap().done {
                return Poll::Ready(());
            }
            // The worker may set `done` and find no waker right here.
            self.state.lock().unwrap().waker = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

/// The worker's last step: set `done`, then wake the waker it finds.
fn finish(state: &Mutex<State>) {
    let waker = {
        let mut state = state.lock().unwrap();
        state.done = true;
        state.waker.take()
    };
    if let Some(waker) = waker {
        waker.wake();
    }
}

fn wait_for_worker(one_lock: bool, executor: fn(WorkerDone)) {
    model(move || {
        // Leaked, not shared through an `Arc`: when loom finds a deadlock
        // it stops the model while a thread still holds the state.
        let state: &'static Mutex<State> = Box::leak(Box::new(Mutex::new(State {
            done: false,
            waker: None,
        })));
        let worker = thread::spawn(move || finish(state));
        executor(WorkerDone { state, one_lock });
        worker.join().unwrap();
    });
}

#[test]
fn check_then_register_can_lose_the_wake_up() {
    wait_for_worker(false, block_on);
}

#[test]
fn check_and_register_under_one_lock() {
    wait_for_worker(true, block_on);
}

/// Not a check of the future: a check of loom 0.7.3, which lets the `swap`
/// after the wake-up read the `false` of the `swap` before it, not the
/// waker's later `true`. This test fails once loom no longer does.
#[test]
#[should_panic(expected = "deadlock")]
fn flagged_block_on_loom_reports_a_deadlock() {
    wait_for_worker(true, block_with_flag);
}
// ANCHOR_END: main
