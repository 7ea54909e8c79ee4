// The workspace denies `unsafe_code`; this model opts in.
#![allow(unsafe_code)]
// Under `--cfg loom` the model checker explores every interleaving, and
// its `UnsafeCell` checks that each write to the value and every other
// access to it are ordered by happens-before.
#[cfg(loom)]
use loom::{
    cell::UnsafeCell,
    hint,
    sync::atomic::{self, AtomicUsize, Ordering},
    thread,
};
use std::mem::ManuallyDrop;
use std::ptr::NonNull;
#[cfg(not(loom))]
use std::{
    hint,
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
/// How `upgrade` raises the strong count: listing 16.4's loop, or the twin.
#[derive(Clone, Copy)]
enum Upgrade {
    CompareExchange,
    FetchAdd,
}

/// How `get_mut` decides it is alone: listing 16.4's lock, or the twin.
#[derive(Clone, Copy)]
enum Unique {
    LockWeak,
    TwoLoads,
}

/// Listing 16.4's allocation, the value in loom's cell; the two ways of
/// `upgrade` and `get_mut` are parameters.
struct Shared<T> {
    strong: AtomicUsize,
    weak: AtomicUsize,
    value: UnsafeCell<ManuallyDrop<T>>,
    upgrade: Upgrade,
    unique: Unique,
}

const LOCKED: usize = usize::MAX;

struct MyArc<T> {
    shared: NonNull<Shared<T>>,
}

struct MyWeak<T> {
    shared: NonNull<Shared<T>>,
}

// SAFETY: as for listing 16.4, with `Upgrade::CompareExchange` and
// `Unique::LockWeak`. The twins break it on purpose, and loom says so.
unsafe impl<T: Send + Sync> Send for MyArc<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync> Send for MyWeak<T> {}

/// The allocation's counts and parameters. (The model's value is in loom's
/// cell, so a reference to the whole allocation does not claim it.)
fn shared<'a, T>(shared: NonNull<Shared<T>>) -> &'a Shared<T> {
    // SAFETY: the caller's handle keeps the allocation alive.
    unsafe { shared.as_ref() }
}

impl<T> MyArc<T> {
    fn new(value: T, upgrade: Upgrade, unique: Unique) -> MyArc<T> {
        let shared = Box::new(Shared {
            strong: AtomicUsize::new(1),
            weak: AtomicUsize::new(1),
            value: UnsafeCell::new(ManuallyDrop::new(value)),
            upgrade,
            unique,
        });
        MyArc {
            shared: NonNull::from(Box::leak(shared)),
        }
    }

    fn downgrade(this: &MyArc<T>) -> MyWeak<T> {
        let weak = &shared(this.shared).weak;
        let mut current = weak.load(Ordering::Relaxed);
        loop {
            if current == LOCKED {
                hint::spin_loop();
                current = weak.load(Ordering::Relaxed);
                continue;
            }
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

    /// `Deref` in loom's terms: `f` reads the value, and loom checks it.
    fn read<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        // SAFETY: the value lives while a `MyArc` does.
        shared(self.shared)
            .value
            .with(|value| f(unsafe { &*value }))
    }

    /// `get_mut` in loom's terms: runs `f` on `&mut T` if this is the only
    /// handle, and says whether it did.
    fn with_mut_if_unique(this: &mut MyArc<T>, f: impl FnOnce(&mut T)) -> bool {
        let shared = shared(this.shared);
        let unique = match shared.unique {
            Unique::LockWeak => {
                if shared
                    .weak
                    .compare_exchange(1, LOCKED, Ordering::Acquire, Ordering::Relaxed)
                    .is_err()
                {
                    return false;
                }
                let unique = shared.strong.load(Ordering::Acquire) == 1;
                shared.weak.store(1, Ordering::Release);
                unique
            }
            // The twin: another thread may upgrade a `MyWeak` and drop it
            // between the two loads.
            Unique::TwoLoads => {
                shared.strong.load(Ordering::Acquire) == 1
                    && shared.weak.load(Ordering::Acquire) == 1
            }
        };
        if unique {
            // SAFETY: no other handle exists (in listing 16.4's way).
            shared.value.with_mut(|value| f(unsafe { &mut *value }));
        }
        unique
    }
}

impl<T> Drop for MyArc<T> {
    fn drop(&mut self) {
        // loom stops a failing model with a panic: leave loom's objects
        // alone during the unwinding.
        if std::thread::panicking() {
            return;
        }
        let shared = shared(self.shared);
        if shared.strong.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        atomic::fence(Ordering::Acquire);
        // SAFETY: the strong count is 0 (and stays 0 with the right
        // `upgrade`); dropping the value writes it, and loom checks that.
        shared
            .value
            .with_mut(|value| unsafe { ManuallyDrop::drop(&mut *value) });
        drop(MyWeak {
            shared: self.shared,
        });
    }
}

impl<T> MyWeak<T> {
    fn upgrade(&self) -> Option<MyArc<T>> {
        let shared = shared(self.shared);
        match shared.upgrade {
            Upgrade::CompareExchange => {
                let mut current = shared.strong.load(Ordering::Relaxed);
                loop {
                    if current == 0 {
                        return None;
                    }
                    match shared.strong.compare_exchange_weak(
                        current,
                        current + 1,
                        Ordering::Relaxed,
                        Ordering::Relaxed,
                    ) {
                        Ok(_) => break,
                        Err(now) => current = now,
                    }
                }
            }
            // The twin: an upgrade as a clone, which can raise 0 to 1.
            Upgrade::FetchAdd => {
                shared.strong.fetch_add(1, Ordering::Relaxed);
            }
        }
        Some(MyArc {
            shared: self.shared,
        })
    }
}

impl<T> Drop for MyWeak<T> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if shared(self.shared).weak.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        atomic::fence(Ordering::Acquire);
        // SAFETY: no handle of either kind is left.
        drop(unsafe { Box::from_raw(self.shared.as_ptr()) });
    }
}

/// A worker upgrades a `MyWeak` while `main` drops the last `MyArc`.
fn upgrade_while_dropping(upgrade: Upgrade) {
    model(move || {
        let report = MyArc::new(String::from("sales"), upgrade, Unique::LockWeak);
        let cached = MyArc::downgrade(&report);
        let worker = thread::spawn(move || {
            if let Some(report) = cached.upgrade() {
                report.read(|title| assert_eq!(title, "sales"));
            }
        });
        drop(report);
        worker.join().unwrap();
    });
}

/// A worker upgrades its `MyWeak`, drops it, reads the value and drops its
/// `MyArc`, while `main` tries `get_mut` and writes the value if it may.
fn get_mut_while_upgrading(unique: Unique) {
    model(move || {
        let mut report = MyArc::new(String::from("sales"), Upgrade::CompareExchange, unique);
        let cached = MyArc::downgrade(&report);
        let worker = thread::spawn(move || {
            let upgraded = cached.upgrade();
            drop(cached);
            if let Some(report) = upgraded {
                report.read(|title| assert!(title.starts_with("sales")));
            }
        });
        MyArc::with_mut_if_unique(&mut report, |title| title.push_str(", final"));
        drop(report);
        worker.join().unwrap();
    });
}

#[test]
fn upgrade_never_revives_a_dropped_value() {
    upgrade_while_dropping(Upgrade::CompareExchange);
}

#[test]
fn upgrade_by_fetch_add_revives_it() {
    upgrade_while_dropping(Upgrade::FetchAdd);
}

#[test]
fn get_mut_locks_the_weak_count() {
    get_mut_while_upgrading(Unique::LockWeak);
}

#[test]
fn get_mut_with_two_loads_races() {
    get_mut_while_upgrading(Unique::TwoLoads);
}
// ANCHOR_END: main
