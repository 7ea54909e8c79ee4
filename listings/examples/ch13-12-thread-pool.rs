// Rayon's pool threads are never joined, and crossbeam's epoch code needs
// the Tree Borrows model: see chapter 12.
// miri: -Zmiri-tree-borrows -Zmiri-ignore-leaks -Zmiri-permissive-provenance
// ANCHOR: main
use std::error::Error;
use std::thread;

use rayon::prelude::*;

fn main() -> Result<(), Box<dyn Error>> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .thread_name(|index| format!("thumbnailer-{index}"))
        .build()?;

    // `install` runs the closure on a thread of `pool`; the parallel
    // iterator inside it uses that pool, not the global one.
    let (threads_inside, names) = pool.install(|| {
        let names: Vec<String> = (0..100)
            .into_par_iter()
            .map(|_| thread::current().name().unwrap_or("unnamed").to_string())
            .collect();
        (rayon::current_num_threads(), names)
    });

    println!("threads in the pool: {}", pool.current_num_threads());
    println!("current_num_threads() inside install: {threads_inside}");
    let all_ours = names.iter().all(|name| name.starts_with("thumbnailer-"));
    println!("every item ran on a thumbnailer thread: {all_ours}");
    println!(
        "main is a thread of a Rayon pool: {}",
        rayon::current_thread_index().is_some()
    );
    Ok(())
}
// ANCHOR_END: main
