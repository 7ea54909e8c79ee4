//! Configurations loaded on first use, by loaders that can fail: one
//! configuration, [`LazyConfig`], and one per key, [`ConfigCache`]. Threads
//! share them, by reference (`thread::scope`) or in an `Arc`.

#![allow(dead_code)] // delete once your code uses the fields

// The standard library's `Arc`, `Mutex` and `OnceLock`, or the grader's
// (see sync.rs).
mod sync;

use std::collections::HashMap;
use std::hash::Hash;

use sync::{Arc, Mutex, OnceLock};

/// A value loaded once, on first use, by a loader that can fail: what
/// `OnceLock::get_or_try_init` does, with the stable API only.
pub struct LazyConfig<T> {
    /// The value, once a load has succeeded.
    value: OnceLock<T>,
    /// Held by the thread that runs a load, so that one load runs at a
    /// time.
    loading: Mutex<()>,
}

impl<T> LazyConfig<T> {
    /// An empty configuration: nothing is loaded yet.
    pub fn new() -> LazyConfig<T> {
        LazyConfig {
            value: OnceLock::new(),
            loading: Mutex::new(()),
        }
    }

    /// The value, or `None` if no load has succeeded yet. It never loads.
    pub fn get(&self) -> Option<&T> {
        self.value.get()
    }

    /// The value, loaded by `load` if no load has succeeded yet.
    ///
    /// - If a load has succeeded, it returns that value and does not call
    ///   `load`.
    /// - Otherwise it calls `load`, but never while another thread's load
    ///   runs: it waits for that load first, and returns its value if it
    ///   succeeded. However many threads call at once, at most one load
    ///   succeeds, and every thread gets a reference to the same value.
    /// - If `load` returns `Err`, it returns that error and keeps nothing:
    ///   the next call loads again. If `load` panics, the panic reaches the
    ///   caller, and the next call loads again too.
    pub fn get_or_load<E>(&self, load: impl FnOnce() -> Result<T, E>) -> Result<&T, E> {
        let _ = load; // delete this line with the `todo!`
        todo!("return the value, or load it: one load at a time, kept only if it succeeds")
    }
}

impl<T> Default for LazyConfig<T> {
    fn default() -> LazyConfig<T> {
        LazyConfig::new()
    }
}

/// One [`LazyConfig`] per key, loaded on first use: the threads that ask
/// for one key wait for one load, and the loads of different keys run at
/// the same time.
pub struct ConfigCache<K, V> {
    /// Every key asked for so far, with its configuration, loaded or not.
    entries: Mutex<HashMap<K, Arc<LazyConfig<V>>>>,
}

impl<K: Eq + Hash + Clone, V: Clone> ConfigCache<K, V> {
    /// An empty cache.
    pub fn new() -> ConfigCache<K, V> {
        ConfigCache {
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// A copy of the value of `key`, loaded by `load` if no load of `key`
    /// has succeeded yet, as [`LazyConfig::get_or_load`] does for one
    /// value: at most one load of a key succeeds, a failed load is not
    /// kept (the key stays in the map, with nothing loaded), and a thread
    /// that asks for a key while another thread loads it waits for that
    /// load. The cache's lock is never held while a load runs, so a load
    /// may ask the cache for another key; it waits only if another thread
    /// is loading that key. Two threads whose loads ask for each other's
    /// keys can deadlock, as two threads that take two locks in opposite
    /// orders can.
    pub fn get_or_load<E>(&self, key: &K, load: impl FnOnce(&K) -> Result<V, E>) -> Result<V, E> {
        let _ = (key, load); // delete this line with the `todo!`
        todo!("find or insert the key's LazyConfig under the lock, then load it without the lock")
    }
}

impl<K: Eq + Hash + Clone, V: Clone> Default for ConfigCache<K, V> {
    fn default() -> ConfigCache<K, V> {
        ConfigCache::new()
    }
}
