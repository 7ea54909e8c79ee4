// ANCHOR: main
use std::thread;

fn main() {
    let readings = vec![3, 1, 4, 1, 5, 9, 2, 6];
    let (left, right) = readings.split_at(readings.len() / 2);

    // Threads spawned in a scope may borrow local data: the scope joins
    // them all before it returns, so the borrows cannot outlive `readings`.
    let (left_max, right_max) = thread::scope(|s| {
        let left_job = s.spawn(|| left.iter().max().copied());
        let right_job = s.spawn(|| right.iter().max().copied());
        (left_job.join().unwrap(), right_job.join().unwrap())
    });

    println!("largest on the left: {left_max:?}, on the right: {right_max:?}");
    println!("`readings` is still ours: {readings:?}");
}
// ANCHOR_END: main
