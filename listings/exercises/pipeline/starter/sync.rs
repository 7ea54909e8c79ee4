//! The threads, locks and bounded channels the pipeline is made of. A
//! normal build uses the standard library's. The grader builds with
//! `--cfg loom` and gets loom's threads, `Arc` and `Mutex`, which record
//! every step, so that loom can explore the orders of the threads in the
//! cases of `tests/loom.rs`. loom 0.7.3 has no `sync_channel`, so under loom
//! `sync_channel` is the small bounded channel below, built on loom's
//! `Mutex` and `Condvar`; it also notes the bound of each channel it
//! makes, so that the grader can check that the pipeline made both of its
//! channels with `sync_channel(bound)`. Use these items, not `std`'s, and
//! leave this file as it is: a helper that takes or returns a guard names
//! it `sync::MutexGuard`, since `std::sync::MutexGuard` is not the guard of
//! loom's `Mutex`.

// Your code may not use every item this file gives it.
#![allow(unused_imports)]

#[cfg(not(loom))]
pub use std::sync::mpsc::{Receiver, RecvError, SendError, SyncSender, sync_channel};
#[cfg(not(loom))]
pub use std::sync::{Arc, Mutex, MutexGuard};
#[cfg(not(loom))]
pub use std::thread;

#[cfg(loom)]
pub use bounded::{Receiver, SyncSender, bounds_made, sync_channel};
#[cfg(loom)]
pub use loom::sync::{Arc, Mutex, MutexGuard};
#[cfg(loom)]
pub use loom::thread;
#[cfg(loom)]
pub use std::sync::mpsc::{RecvError, SendError};

/// A bounded channel with the part of the API of `std::sync::mpsc` that
/// the pipeline needs: `sync_channel`, `SyncSender::send` (and `clone`),
/// `Receiver::recv` and `iter` (and `for` loops over a receiver). As in
/// the standard library, `send` waits while the channel holds `bound`
/// messages, and with a bound of 0 until the receiver has taken the
/// message; `send` fails once the receiver is dropped, and `recv` fails
/// once the channel is empty and every sender is dropped.
#[cfg(loom)]
#[allow(dead_code)] // Your code may not need all of it.
mod bounded {
    use std::cell::Cell;
    use std::collections::VecDeque;
    use std::marker::PhantomData;
    use std::sync::mpsc::{RecvError, SendError};

    use loom::sync::{Arc, Condvar, Mutex};

    /// The bound of each channel made since the last call of
    /// [`bounds_made`]. A lock of `std`, not loom's: loom does not see it,
    /// and no thread waits for it.
    static BOUNDS: std::sync::Mutex<Vec<usize>> = std::sync::Mutex::new(Vec::new());

    /// For the grader: the bound of each channel made by [`sync_channel`]
    /// since the last call, in the order they were made.
    pub fn bounds_made() -> Vec<usize> {
        std::mem::take(&mut *BOUNDS.lock().unwrap())
    }

    struct State<T> {
        queue: VecDeque<T>,
        senders: usize,
        receiver: bool,
        /// How many messages were sent, and taken, so far.
        sent: u64,
        taken: u64,
    }

    struct Shared<T> {
        state: Mutex<State<T>>,
        /// Notified on every change of `state`; every waiter checks again.
        changed: Condvar,
        bound: usize,
    }

    pub struct SyncSender<T>(Arc<Shared<T>>);

    /// Like the standard library's, it can move to another thread but not
    /// be shared by two (it is not `Sync`).
    pub struct Receiver<T>(Arc<Shared<T>>, PhantomData<Cell<()>>);

    pub fn sync_channel<T>(bound: usize) -> (SyncSender<T>, Receiver<T>) {
        BOUNDS.lock().unwrap().push(bound);
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                queue: VecDeque::new(),
                senders: 1,
                receiver: true,
                sent: 0,
                taken: 0,
            }),
            changed: Condvar::new(),
            bound,
        });
        (
            SyncSender(Arc::clone(&shared)),
            Receiver(shared, PhantomData),
        )
    }

    impl<T> SyncSender<T> {
        pub fn send(&self, message: T) -> Result<(), SendError<T>> {
            let shared = &*self.0;
            let mut state = shared.state.lock().unwrap();
            // A bound of 0 keeps one message at a time in the queue, and
            // its sender waits below until the receiver has taken it.
            while state.receiver && state.queue.len() >= shared.bound.max(1) {
                state = shared.changed.wait(state).unwrap();
            }
            if !state.receiver {
                return Err(SendError(message));
            }
            state.queue.push_back(message);
            state.sent += 1;
            let number = state.sent;
            shared.changed.notify_all();
            if shared.bound == 0 {
                while state.receiver && state.taken < number {
                    state = shared.changed.wait(state).unwrap();
                }
                if state.taken < number {
                    // The receiver is gone and never took it: it is the
                    // one message in the queue.
                    let message = state.queue.pop_back().expect("the message sent");
                    return Err(SendError(message));
                }
            }
            Ok(())
        }
    }

    impl<T> Clone for SyncSender<T> {
        fn clone(&self) -> SyncSender<T> {
            self.0.state.lock().unwrap().senders += 1;
            SyncSender(Arc::clone(&self.0))
        }
    }

    impl<T> Drop for SyncSender<T> {
        fn drop(&mut self) {
            let mut state = self.0.state.lock().unwrap();
            state.senders -= 1;
            if state.senders == 0 {
                self.0.changed.notify_all();
            }
        }
    }

    impl<T> Receiver<T> {
        pub fn recv(&self) -> Result<T, RecvError> {
            let shared = &*self.0;
            let mut state = shared.state.lock().unwrap();
            loop {
                if let Some(message) = state.queue.pop_front() {
                    state.taken += 1;
                    shared.changed.notify_all();
                    return Ok(message);
                }
                if state.senders == 0 {
                    return Err(RecvError);
                }
                state = shared.changed.wait(state).unwrap();
            }
        }

        pub fn iter(&self) -> Iter<'_, T> {
            Iter(self)
        }
    }

    impl<T> Drop for Receiver<T> {
        fn drop(&mut self) {
            self.0.state.lock().unwrap().receiver = false;
            self.0.changed.notify_all();
        }
    }

    pub struct Iter<'a, T>(&'a Receiver<T>);

    impl<T> Iterator for Iter<'_, T> {
        type Item = T;
        fn next(&mut self) -> Option<T> {
            self.0.recv().ok()
        }
    }

    impl<'a, T> IntoIterator for &'a Receiver<T> {
        type Item = T;
        type IntoIter = Iter<'a, T>;
        fn into_iter(self) -> Iter<'a, T> {
            self.iter()
        }
    }

    pub struct IntoIter<T>(Receiver<T>);

    impl<T> Iterator for IntoIter<T> {
        type Item = T;
        fn next(&mut self) -> Option<T> {
            self.0.recv().ok()
        }
    }

    impl<T> IntoIterator for Receiver<T> {
        type Item = T;
        type IntoIter = IntoIter<T>;
        fn into_iter(self) -> IntoIter<T> {
            IntoIter(self)
        }
    }
}
