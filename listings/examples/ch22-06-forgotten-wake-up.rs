// ANCHOR: main
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// What the timer's thread and its future share.
struct TimerState {
    done: bool,
    waker: Option<Waker>,
}

/// A timer that a thread completes. The first poll starts the thread; if
/// `stores_waker` is false, `poll` never gives the thread a waker.
struct Timer {
    state: Arc<Mutex<TimerState>>,
    delay: Duration,
    stores_waker: bool,
    worker: Option<JoinHandle<()>>,
}

impl Timer {
    fn new(delay: Duration, stores_waker: bool) -> Timer {
        let state = TimerState {
            done: false,
            waker: None,
        };
        Timer {
            state: Arc::new(Mutex::new(state)),
            delay,
            stores_waker,
            worker: None,
        }
    }
}

impl Future for Timer {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.lock().unwrap();
        if state.done {
            return Poll::Ready(());
        }
        if self.stores_waker {
            state.waker = Some(cx.waker().clone());
        }
        drop(state);
        if self.worker.is_none() {
            let state = Arc::clone(&self.state);
            let delay = self.delay;
            self.worker = Some(thread::spawn(move || {
                thread::sleep(delay);
                let waker = {
                    let mut state = state.lock().unwrap();
                    state.done = true;
                    state.waker.take()
                };
                if let Some(waker) = waker {
                    waker.wake();
                }
            }));
        }
        Poll::Pending
    }
}

/// Sends a message on each wake-up.
struct ChannelWaker(Sender<()>);

impl Wake for ChannelWaker {
    fn wake(self: Arc<Self>) {
        // A wake-up that comes after `poll_with_limit` gave up has nobody
        // to tell; the error says so, and is of no use here.
        let _ = self.0.send(());
    }
}

/// Polls `future` each time its waker is woken, as `block_on` does, but
/// gives up if no wake-up comes within `limit`. Returns how many polls it made.
fn poll_with_limit(future: impl Future, limit: Duration) -> Result<u32, u32> {
    let mut future = pin!(future);
    let (sender, wake_ups) = mpsc::channel();
    let waker = Waker::from(Arc::new(ChannelWaker(sender)));
    let mut cx = Context::from_waker(&waker);
    let mut polls = 0;
    loop {
        polls += 1;
        if future.as_mut().poll(&mut cx).is_ready() {
            return Ok(polls);
        }
        if wake_ups.recv_timeout(limit).is_err() {
            return Err(polls);
        }
    }
}

fn main() {
    let limit = Duration::from_millis(500);
    for (name, stores_waker) in [("stores the waker", true), ("forgets the waker", false)] {
        let mut timer = Timer::new(Duration::from_millis(20), stores_waker);
        match poll_with_limit(&mut timer, limit) {
            Ok(polls) => println!("{name}: ready after {polls} polls"),
            Err(polls) => println!("{name}: no wake-up within {limit:?} of poll {polls}"),
        }
        if let Some(worker) = timer.worker.take() {
            worker.join().unwrap();
        }
        let done = timer.state.lock().unwrap().done;
        println!("{name}: the thread has set done: {done}");
    }
}
// ANCHOR_END: main
