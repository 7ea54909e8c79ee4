// The workspace denies `unsafe_code`; this listing opts in.
#![allow(unsafe_code)]
// ANCHOR: main
use std::ops::Deref;
use std::process;
use std::ptr::NonNull;
use std::sync::atomic::{self, AtomicUsize, Ordering};
use std::thread;

/// The one allocation that every handle points to: the count of handles
/// beside the value.
struct Shared<T> {
    count: AtomicUsize,
    value: T,
}

/// A handle to a value that several threads own; the last handle to go
/// drops the value and frees the allocation.
pub struct MyArc<T> {
    shared: NonNull<Shared<T>>,
}

// SAFETY: a handle gives `&T` (through `Deref`) on the thread that holds it,
// and other handles to the same value may be on other threads at the same
// time, so `T` must be `Sync`. The last handle drops the value, on whichever
// thread it is, so `T` must be `Send` too. The count is an atomic, so two
// threads may clone and drop handles at once.
unsafe impl<T: Send + Sync> Send for MyArc<T> {}
// SAFETY: a thread with a `&MyArc<T>` can clone it into a handle of its own,
// so sharing a handle needs what sending one needs.
unsafe impl<T: Send + Sync> Sync for MyArc<T> {}

/// The most handles a value may have, as in std: far below the point where
/// the count would wrap around to 0.
const MAX_COUNT: usize = isize::MAX as usize;

impl<T> MyArc<T> {
    pub fn new(value: T) -> MyArc<T> {
        let shared = Box::new(Shared {
            count: AtomicUsize::new(1),
            value,
        });
        MyArc {
            shared: NonNull::from(Box::leak(shared)),
        }
    }

    fn shared(&self) -> &Shared<T> {
        // SAFETY: the allocation is freed only when the count reaches 0, and
        // this handle is still counted.
        unsafe { self.shared.as_ref() }
    }

    /// How many handles there are (another thread may change it at once).
    pub fn count(this: &MyArc<T>) -> usize {
        this.shared().count.load(Ordering::Relaxed)
    }
}

impl<T> Clone for MyArc<T> {
    fn clone(&self) -> MyArc<T> {
        // Relaxed: the new handle is made from one that exists, so the value
        // stays alive meanwhile, and the increment publishes nothing.
        let old = self.shared().count.fetch_add(1, Ordering::Relaxed);
        // A program that forgets handles in a loop could wrap the count to 0
        // and free the value under the others; stop it long before that.
        if old > MAX_COUNT {
            process::abort();
        }
        MyArc {
            shared: self.shared,
        }
    }
}

impl<T> Deref for MyArc<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.shared().value
    }
}

impl<T> Drop for MyArc<T> {
    fn drop(&mut self) {
        // Release: this handle's uses of the value happen before the
        // decrement.
        if self.shared().count.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // The last handle. Acquire: every other handle's decrement happens
        // before this fence, and so do their uses of the value.
        atomic::fence(Ordering::Acquire);
        // SAFETY: the count is 0, so no other handle exists, and none can be
        // made (a clone needs a handle); the pointer came from `Box::leak`.
        drop(unsafe { Box::from_raw(self.shared.as_ptr()) });
    }
}

/// How many workers have finished with the price list.
static WORKERS_DONE: AtomicUsize = AtomicUsize::new(0);

struct PriceList {
    cents: Vec<u32>,
}

impl Drop for PriceList {
    fn drop(&mut self) {
        // Relaxed is enough: each worker's increment happens before the
        // last handle's fence, and so before this load.
        let done = WORKERS_DONE.load(Ordering::Relaxed);
        println!("the price list is dropped, after {done} of 3 workers used it");
    }
}

fn main() {
    let prices = MyArc::new(PriceList {
        cents: vec![250, 1_000, 75, 4_999],
    });
    let orders = [vec![0, 2], vec![1, 1, 3], vec![2, 2, 2, 2]];
    let handles: Vec<_> = orders.iter().map(|_| prices.clone()).collect();
    let count = MyArc::count(&prices);
    println!("handles before the workers start: {count}");
    drop(prices); // `main` lets go first: a worker drops the last handle
    let workers: Vec<_> = orders
        .into_iter()
        .zip(handles)
        .map(|(order, prices)| {
            thread::spawn(move || {
                let total: u32 = order.iter().map(|&item| prices.cents[item]).sum();
                WORKERS_DONE.fetch_add(1, Ordering::Relaxed);
                total
                // `prices` is dropped here, on the worker's thread.
            })
        })
        .collect();
    let totals: Vec<u32> = workers.into_iter().map(|w| w.join().unwrap()).collect();
    println!("totals in cents, after every join: {totals:?}");
}
// ANCHOR_END: main
