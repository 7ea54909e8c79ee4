// ANCHOR: main
use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Takes the first order, waiting at most `limit` for one to arrive.
/// Also returns whether the wait timed out.
fn pop_within(
    orders: &Mutex<VecDeque<u32>>,
    arrived: &Condvar,
    limit: Duration,
) -> (Option<u32>, bool) {
    let queue = orders.lock().unwrap();
    let (mut queue, result) = arrived
        .wait_timeout_while(queue, limit, |queue| queue.is_empty())
        .unwrap();
    (queue.pop_front(), result.timed_out())
}

fn main() {
    let orders = Mutex::new(VecDeque::new());
    let arrived = Condvar::new();

    // A producer sends one order after 20 ms; the consumer allows 2 s.
    thread::scope(|s| {
        s.spawn(|| {
            thread::sleep(Duration::from_millis(20));
            orders.lock().unwrap().push_back(7001);
            arrived.notify_one();
        });
        let (order, timed_out) = pop_within(&orders, &arrived, Duration::from_secs(2));
        println!("limit 2 s, order sent after 20 ms: got {order:?}, timed out: {timed_out}");
    });

    // Nobody sends anything now; the consumer allows 50 ms.
    let limit = Duration::from_millis(50);
    let started = Instant::now();
    let (order, timed_out) = pop_within(&orders, &arrived, limit);
    let waited = started.elapsed();
    println!("limit 50 ms, no producer: got {order:?}, timed out: {timed_out}");
    println!("gave up only after the limit: {}", waited >= limit);
}
// ANCHOR_END: main
