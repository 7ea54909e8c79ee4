// ANCHOR: main
use std::sync::Mutex;

fn main() {
    let jobs = Mutex::new(Vec::new());

    for round in 1..=2 {
        if let Some(job) = jobs.lock().unwrap().first().copied() {
            println!("round {round}: next job is {job}");
        } else {
            // Edition 2024: the guard from the condition is gone by now,
            // so locking again does not wait for ourselves.
            jobs.lock().unwrap().push(42);
            println!("round {round}: no jobs, added job 42");
        }
    }
}
// ANCHOR_END: main
