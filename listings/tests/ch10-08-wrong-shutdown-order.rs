// miri: skip: the test leaves a helper thread and two workers blocked forever, on purpose, and Miri does not let a program end while threads still run
use std::io;
use std::panic;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

// The pool of listing 10.2, only the parts this test needs.
type Job = Box<dyn FnOnce() + Send + 'static>;

struct ThreadPool {
    workers: Vec<JoinHandle<()>>,
    sender: Option<Sender<Job>>,
}

impl ThreadPool {
    fn new(name: &str, size: usize) -> io::Result<ThreadPool> {
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let mut workers = Vec::with_capacity(size);
        for index in 0..size {
            let receiver = Arc::clone(&receiver);
            let worker = thread::Builder::new()
                .name(format!("{name}-{index}"))
                .spawn(move || run_worker(&receiver))?;
            workers.push(worker);
        }
        Ok(ThreadPool {
            workers,
            sender: Some(sender),
        })
    }
}

fn run_worker(receiver: &Mutex<Receiver<Job>>) {
    loop {
        let next = receiver.lock().unwrap().recv();
        let Ok(job) = next else { break };
        job();
    }
}

// The `within` helper of listing 10.7.
/// Runs `body` on a helper thread and waits at most `limit` for its result,
/// so that a pool that hangs fails the test instead of hanging it.
fn within<T: Send + 'static>(limit: Duration, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    let helper = thread::spawn(move || {
        // If the test has given up, nobody receives: ignore the error.
        let _ = done.send(body());
    });
    match result.recv_timeout(limit) {
        Ok(value) => {
            helper.join().unwrap();
            value
        }
        // The sender is gone without a value: `body` panicked.
        Err(RecvTimeoutError::Disconnected) => panic::resume_unwind(helper.join().unwrap_err()),
        Err(RecvTimeoutError::Timeout) => panic!("the pool hung for {limit:?}"),
    }
}

// ANCHOR: main
/// The mistake that the section on `Drop` warns about: joining the workers
/// before dropping the sender that keeps the channel open.
fn join_then_close(mut pool: ThreadPool) {
    for worker in pool.workers.drain(..) {
        let _ = worker.join();
    }
    drop(pool.sender.take());
}

#[test]
#[should_panic(expected = "the pool hung")]
fn joining_before_closing_the_channel_hangs() {
    within(Duration::from_millis(200), || {
        let pool = ThreadPool::new("test-pool", 2).unwrap();
        join_then_close(pool);
    });
}
// ANCHOR_END: main
