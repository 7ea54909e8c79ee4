// The workspace denies `unsafe_code`; this listing opts in.
#![allow(unsafe_code)]
// ANCHOR: main
use std::hint;
use std::mem::ManuallyDrop;
use std::ops::Deref;
use std::process;
use std::ptr::NonNull;
use std::sync::atomic::{self, AtomicUsize, Ordering};
use std::thread;

/// The allocation: two counts and the value, which is dropped before the
/// allocation is freed when `MyWeak`s outlive the last `MyArc`.
struct Shared<T> {
    /// How many `MyArc`s there are.
    strong: AtomicUsize,
    /// How many `MyWeak`s there are, plus one for all the `MyArc`s together
    /// while any is left. `LOCKED` while `get_mut` checks for uniqueness.
    weak: AtomicUsize,
    value: ManuallyDrop<T>,
}

const MAX_COUNT: usize = isize::MAX as usize;
/// The value of `weak` while `get_mut` holds it still; never a real count.
const LOCKED: usize = usize::MAX;

pub struct MyArc<T> {
    shared: NonNull<Shared<T>>,
}

/// A handle that keeps the allocation, not the value: `upgrade` gives a
/// `MyArc` only while the value lives.
pub struct MyWeak<T> {
    shared: NonNull<Shared<T>>,
}

// SAFETY: as for listing 16.1: `MyArc` hands out `&T` on several threads
// (`T: Sync`), and the last one drops the value wherever it is (`T: Send`).
unsafe impl<T: Send + Sync> Send for MyArc<T> {}
// SAFETY: a `&MyArc<T>` can be cloned into a `MyArc<T>` of its own.
unsafe impl<T: Send + Sync> Sync for MyArc<T> {}
// SAFETY: a `MyWeak` can become a `MyArc` on the thread that holds it.
unsafe impl<T: Send + Sync> Send for MyWeak<T> {}
// SAFETY: a `&MyWeak<T>` can be upgraded into a `MyArc<T>`.
unsafe impl<T: Send + Sync> Sync for MyWeak<T> {}

/// The two counts of an allocation, reached without a reference to the
/// value, which another thread may be dropping meanwhile.
fn strong<'a, T>(shared: NonNull<Shared<T>>) -> &'a AtomicUsize {
    // SAFETY: the caller's handle keeps the allocation alive.
    unsafe { &(*shared.as_ptr()).strong }
}

fn weak<'a, T>(shared: NonNull<Shared<T>>) -> &'a AtomicUsize {
    // SAFETY: as above.
    unsafe { &(*shared.as_ptr()).weak }
}

impl<T> MyArc<T> {
    pub fn new(value: T) -> MyArc<T> {
        let shared = Box::new(Shared {
            strong: AtomicUsize::new(1),
            weak: AtomicUsize::new(1),
            value: ManuallyDrop::new(value),
        });
        MyArc {
            shared: NonNull::from(Box::leak(shared)),
        }
    }

    pub fn downgrade(this: &MyArc<T>) -> MyWeak<T> {
        let weak = weak(this.shared);
        let mut current = weak.load(Ordering::Relaxed);
        loop {
            if current == LOCKED {
                // `get_mut` is checking; it holds the lock for two steps.
                hint::spin_loop();
                current = weak.load(Ordering::Relaxed);
                continue;
            }
            if current > MAX_COUNT {
                process::abort();
            }
            // Acquire: `get_mut`'s look at `strong` happens before this.
            match weak.compare_exchange_weak(
                current,
                current + 1,
                Ordering::Acquire,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    return MyWeak {
                        shared: this.shared,
                    };
                }
                Err(now) => current = now,
            }
        }
    }

    /// `&mut T` if this is the only handle of either kind, else `None`.
    pub fn get_mut(this: &mut MyArc<T>) -> Option<&mut T> {
        // Lock `weak` if this is the only holder of the weak count: no
        // `MyWeak` exists, and none can be made until the store below.
        // Acquire: a `MyWeak` that was upgraded and then dropped did both
        // before this exchange.
        if weak(this.shared)
            .compare_exchange(1, LOCKED, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            return None;
        }
        // Acquire: every other `MyArc`'s uses happen before its decrement.
        let unique = strong(this.shared).load(Ordering::Acquire) == 1;
        // Release: the load above happens before any later `downgrade`.
        weak(this.shared).store(1, Ordering::Release);
        if !unique {
            return None;
        }
        // SAFETY: no other handle exists, none can be made without this one,
        // and `&mut this` keeps this one busy while the `&mut T` lives; the
        // two `Acquire`s above make the uses of every handle that is gone
        // happen before this `&mut T`.
        Some(unsafe { &mut (*this.shared.as_ptr()).value })
    }
}

impl<T> Clone for MyArc<T> {
    fn clone(&self) -> MyArc<T> {
        if strong(self.shared).fetch_add(1, Ordering::Relaxed) > MAX_COUNT {
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
        // SAFETY: the value lives while a `MyArc` does, and this one does.
        unsafe { &(*self.shared.as_ptr()).value }
    }
}

impl<T> Drop for MyArc<T> {
    fn drop(&mut self) {
        if strong(self.shared).fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        atomic::fence(Ordering::Acquire);
        // SAFETY: the strong count is 0 and `upgrade` never raises it from 0,
        // so no `MyArc` exists or can be made; the fence makes every other
        // `MyArc`'s uses of the value happen before this drop.
        unsafe { ManuallyDrop::drop(&mut (*self.shared.as_ptr()).value) };
        // The `MyArc`s' share of the weak count goes with the last of them.
        drop(MyWeak {
            shared: self.shared,
        });
    }
}

impl<T> MyWeak<T> {
    pub fn upgrade(&self) -> Option<MyArc<T>> {
        let strong = strong(self.shared);
        let mut current = strong.load(Ordering::Relaxed);
        loop {
            // 0 is final: the value is dropped, or being dropped.
            if current == 0 {
                return None;
            }
            if current > MAX_COUNT {
                process::abort();
            }
            match strong.compare_exchange_weak(
                current,
                current + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    return Some(MyArc {
                        shared: self.shared,
                    });
                }
                Err(now) => current = now,
            }
        }
    }

    /// The two counts as they are stored, for the demonstration.
    pub fn counts(&self) -> (usize, usize) {
        (
            strong(self.shared).load(Ordering::Relaxed),
            weak(self.shared).load(Ordering::Relaxed),
        )
    }
}

impl<T> Clone for MyWeak<T> {
    fn clone(&self) -> MyWeak<T> {
        // The lock is never seen here: `get_mut` locks only when this
        // `MyWeak` does not exist.
        if weak(self.shared).fetch_add(1, Ordering::Relaxed) > MAX_COUNT {
            process::abort();
        }
        MyWeak {
            shared: self.shared,
        }
    }
}

impl<T> Drop for MyWeak<T> {
    fn drop(&mut self) {
        if weak(self.shared).fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        atomic::fence(Ordering::Acquire);
        // SAFETY: no handle of either kind is left; the pointer came from
        // `Box::leak`. `ManuallyDrop` keeps the value from being dropped
        // twice.
        drop(unsafe { Box::from_raw(self.shared.as_ptr()) });
    }
}

struct Report {
    title: String,
}

impl Drop for Report {
    fn drop(&mut self) {
        println!("the report {:?} is dropped", self.title);
    }
}

fn main() {
    let mut report = MyArc::new(Report {
        title: String::from("sales"),
    });
    if let Some(only) = MyArc::get_mut(&mut report) {
        only.title.push_str(", final");
    }
    let cached = MyArc::downgrade(&report);
    let alone = MyArc::get_mut(&mut report).is_some();
    println!("get_mut with a MyWeak: {alone}");
    println!("counts as stored: {:?}", cached.counts());

    let for_worker = cached.clone();
    let worker = thread::spawn(move || match for_worker.upgrade() {
        Some(report) => format!("worker read {:?}", report.title),
        None => String::from("worker found the report gone"),
    });
    println!("{}", worker.join().unwrap());

    drop(report);
    let upgraded = cached.upgrade().is_some();
    println!("upgrade after the last MyArc: {upgraded}");
    println!("counts as stored: {:?}", cached.counts());
    drop(cached); // the last handle: the allocation is freed here
}
// ANCHOR_END: main
