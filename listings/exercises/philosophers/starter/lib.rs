//! Dining philosophers: philosophers sit around a table with one fork
//! between each pair of neighbours. A philosopher eats only while holding
//! both forks beside their seat, so two neighbours never eat at once.

// The standard library's `Arc`, `Mutex` and `thread`, or loom's for the
// grader (see sync.rs).
mod sync;

// Add the `use` lines your solution needs here, from `sync`.

/// Seats `philosophers` at the table, one thread each, and has each of
/// them eat `meals` times. `eat(seat)` is called while the philosopher at
/// `seat` holds both forks. Returns how many meals each philosopher ate,
/// by seat.
pub fn dine(
    philosophers: usize,
    meals: usize,
    eat: impl Fn(usize) + Send + Sync + 'static,
) -> Vec<usize> {
    let _ = (philosophers, meals, &eat); // delete this line with the `todo!`
    todo!("one thread per philosopher, each taking its two forks in an order that cannot deadlock")
}
