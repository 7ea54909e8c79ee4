// The workspace denies `unsafe_code`; this model opts in.
#![allow(unsafe_code)]
// Under `--cfg loom` the model checker explores every interleaving, and
// its `UnsafeCell` checks that each write to the value and every other
// access to it are ordered by happens-before.
#[cfg(loom)]
use loom::{
    cell::UnsafeCell,
    sync::atomic::{self, AtomicUsize, Ordering},
    thread,
};
use std::mem::ManuallyDrop;
use std::ptr::NonNull;
#[cfg(not(loom))]
use std::{
    sync::atomic::{self, AtomicUsize, Ordering},
    thread,
};
// loom's `model`, with the places of the accesses in its reports.
#[cfg(loom)]
fn model(body: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.location = true;
    builder.check(body);
}
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

/// loom's `UnsafeCell` API on std's cell, so that the model compiles
/// without loom.
#[cfg(not(loom))]
struct UnsafeCell<T>(std::cell::UnsafeCell<T>);

#[cfg(not(loom))]
impl<T> UnsafeCell<T> {
    fn new(value: T) -> Self {
        Self(std::cell::UnsafeCell::new(value))
    }
    fn with<R>(&self, f: impl FnOnce(*const T) -> R) -> R {
        f(self.0.get())
    }
    fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R {
        f(self.0.get())
    }
}

// ANCHOR: main
/// Listing 16.1's allocation, the value in loom's cell so that loom checks
/// each access to it; the ordering of the decrement and the fence are
/// parameters.
struct Shared<T> {
    count: AtomicUsize,
    value: UnsafeCell<ManuallyDrop<T>>,
    decrement: Ordering,
    fence: bool,
}

struct MyArc<T> {
    shared: NonNull<Shared<T>>,
}

// SAFETY: as for listing 16.1, with a `Release` decrement and the `Acquire`
// fence, or an `AcqRel` decrement. The buggy twin below breaks it on
// purpose, and loom says so.
unsafe impl<T: Send + Sync> Send for MyArc<T> {}

impl<T> MyArc<T> {
    fn new(value: T, decrement: Ordering, fence: bool) -> MyArc<T> {
        let shared = Box::new(Shared {
            count: AtomicUsize::new(1),
            value: UnsafeCell::new(ManuallyDrop::new(value)),
            decrement,
            fence,
        });
        MyArc {
            shared: NonNull::from(Box::leak(shared)),
        }
    }

    fn shared(&self) -> &Shared<T> {
        // SAFETY: this handle is counted, so the allocation lives.
        unsafe { self.shared.as_ref() }
    }

    /// `Deref` in loom's terms: `f` reads the value, and loom checks it.
    fn read<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        // SAFETY: only the last handle's drop writes the value.
        self.shared().value.with(|value| f(unsafe { &*value }))
    }
}

impl<T> Clone for MyArc<T> {
    fn clone(&self) -> MyArc<T> {
        self.shared().count.fetch_add(1, Ordering::Relaxed);
        MyArc {
            shared: self.shared,
        }
    }
}

impl<T> Drop for MyArc<T> {
    fn drop(&mut self) {
        // When loom stops a failing model it panics, and the drops that run
        // during the unwinding must not touch loom's objects again.
        if std::thread::panicking() {
            return;
        }
        let shared = self.shared();
        if shared.count.fetch_sub(1, shared.decrement) != 1 {
            return;
        }
        if shared.fence {
            atomic::fence(Ordering::Acquire);
        }
        // Dropping the value writes it: loom checks that every other
        // thread's read happens before.
        // SAFETY: the count is 0; no other handle exists.
        shared
            .value
            .with_mut(|value| unsafe { ManuallyDrop::drop(&mut *value) });
        // SAFETY: as above; the pointer came from `Box::leak`.
        drop(unsafe { Box::from_raw(self.shared.as_ptr()) });
    }
}

/// Two threads each read the value through a handle of their own, then
/// drop it; whichever drops last drops the value.
fn two_owners(decrement: Ordering, fence: bool) {
    model(move || {
        let total = MyArc::new(String::from("42 cents"), decrement, fence);
        let for_worker = total.clone();
        let worker = thread::spawn(move || {
            for_worker.read(|total| assert_eq!(total, "42 cents"));
        });
        total.read(|total| assert_eq!(total, "42 cents"));
        drop(total); // before the join, so either thread may be last
        worker.join().unwrap();
    });
}

#[test]
fn release_then_acquire_fence() {
    two_owners(Ordering::Release, true);
}

#[test]
fn acq_rel_decrement() {
    two_owners(Ordering::AcqRel, false);
}

#[test]
fn release_without_fence_frees_too_early() {
    two_owners(Ordering::Release, false);
}
// ANCHOR_END: main
