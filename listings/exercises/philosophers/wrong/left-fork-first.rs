//! Dining philosophers: philosophers sit around a table with one fork
//! between each pair of neighbours. A philosopher eats only while holding
//! both forks beside their seat, so two neighbours never eat at once.
//!
//! A wrong solution that the grader must reject: every philosopher takes
//! the fork on their left first. In some order of the threads, each holds
//! their left fork and waits for the right one, which their neighbour
//! holds, and loom reports a deadlock.

// The standard library's `Arc`, `Mutex` and `thread`, or loom's for the
// grader (see sync.rs).
mod sync;

use sync::{Arc, Mutex, thread};

/// Seats `philosophers` at the table, one thread each, and has each of
/// them eat `meals` times. `eat(seat)` is called while the philosopher at
/// `seat` holds both forks. Returns how many meals each philosopher ate,
/// by seat.
pub fn dine(
    philosophers: usize,
    meals: usize,
    eat: impl Fn(usize) + Send + Sync + 'static,
) -> Vec<usize> {
    let forks: Arc<Vec<Mutex<()>>> = Arc::new((0..philosophers).map(|_| Mutex::new(())).collect());
    let eat = Arc::new(eat);
    let seats: Vec<_> = (0..philosophers)
        .map(|seat| {
            let (forks, eat) = (Arc::clone(&forks), Arc::clone(&eat));
            thread::spawn(move || {
                let (left, right) = (seat, (seat + 1) % philosophers);
                // Every philosopher takes the left fork first: all of them
                // can hold their left fork and wait for their right one.
                let (first, second) = (left, right);
                let mut eaten = 0;
                for _ in 0..meals {
                    let _first = forks[first].lock().unwrap();
                    // Alone at the table, a philosopher has one fork on
                    // both sides: locking it twice would never return.
                    let _second = (second != first).then(|| forks[second].lock().unwrap());
                    eat(seat);
                    eaten += 1;
                }
                eaten
            })
        })
        .collect();
    seats.into_iter().map(|seat| seat.join().unwrap()).collect()
}
