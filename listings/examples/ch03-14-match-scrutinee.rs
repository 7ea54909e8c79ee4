// ANCHOR: main
use std::sync::Mutex;
use std::thread;

/// Asks from another thread whether the lock is free right now.
fn is_free(queue: &Mutex<Vec<&str>>) -> bool {
    thread::scope(|s| s.spawn(|| queue.try_lock().is_ok()).join().unwrap())
}

fn main() {
    let queue = Mutex::new(vec![
        "back up database",
        "archive logs",
        "send invoice",
        "resize images",
        "render report",
    ]);

    // The guard is a temporary of the scrutinee: it lives to the end of the
    // whole `match`, so the arm runs with the queue locked.
    match queue.lock().unwrap().pop() {
        Some(job) => println!("match:     {job}, lock free? {}", is_free(&queue)),
        None => println!("match:     no job"),
    }

    // The same in the block of an `if let`.
    if let Some(job) = queue.lock().unwrap().pop() {
        println!("if let:    {job}, lock free? {}", is_free(&queue));
    }

    // The fix: take the job in a statement of its own. The guard is dropped
    // at its `;`, before any work on the job starts.
    let next = queue.lock().unwrap().pop();
    match next {
        Some(job) => println!("let first: {job}, lock free? {}", is_free(&queue)),
        None => println!("let first: no job"),
    }

    // A `while let` keeps the guard through its body, on every round: a
    // worker loop written this way holds the queue while it does each job.
    while let Some(job) = queue.lock().unwrap().pop() {
        println!("while let: {job}, lock free? {}", is_free(&queue));
    }
}
// ANCHOR_END: main
