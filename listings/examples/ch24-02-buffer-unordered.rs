// ANCHOR: main
use std::cell::Cell;
use std::time::Duration;

use futures::stream::{self, Stream, StreamExt};
use tokio::time::{Instant, sleep};

/// How many requests may be in flight at once.
const LIMIT: usize = 3;
/// How long each request takes, in submission order.
const DELAYS_MS: [u64; 6] = [50, 10, 40, 15, 30, 20];

/// Counts the requests in flight and the most there ever were, and gives
/// the milliseconds since `new` on the clock (paused here).
struct InFlight {
    since: Instant,
    now: Cell<usize>,
    most: Cell<usize>,
}

impl InFlight {
    fn new() -> Self {
        InFlight {
            since: Instant::now(),
            now: Cell::new(0),
            most: Cell::new(0),
        }
    }

    /// Milliseconds since `new`, on the paused clock.
    fn ms(&self) -> u128 {
        self.since.elapsed().as_millis()
    }

    fn start(&self) -> u128 {
        let now = self.now.get() + 1;
        self.now.set(now);
        self.most.set(self.most.get().max(now));
        self.ms()
    }

    fn end(&self) -> u128 {
        self.now.set(self.now.get() - 1);
        self.ms()
    }
}

async fn request(id: usize, delay_ms: u64, in_flight: &InFlight) -> usize {
    let began = in_flight.start();
    sleep(Duration::from_millis(delay_ms)).await;
    let ended = in_flight.end();
    println!("  request {id}: {began} ms to {ended} ms");
    id
}

/// Runs the stream of responses to its end and reports what it saw.
async fn report(name: &str, responses: impl Stream<Item = usize>, in_flight: &InFlight) {
    println!("{name}:");
    let order: Vec<usize> = responses.collect().await;
    let submitted: Vec<usize> = (0..DELAYS_MS.len()).collect();
    println!("  finished {order:?} after {}ms", in_flight.ms());
    let most = in_flight.most.get();
    println!("  most in flight at once: {most}");
    println!("  never more than {LIMIT}: {}", most <= LIMIT);
    println!("  same order as submitted: {}", order == submitted);
}

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let in_flight = InFlight::new();
    let requests = stream::iter(DELAYS_MS.into_iter().enumerate())
        .map(|(id, delay_ms)| request(id, delay_ms, &in_flight));
    let responses = requests.buffer_unordered(LIMIT);
    report("buffer_unordered(3)", responses, &in_flight).await;

    let in_flight = InFlight::new();
    let requests = stream::iter(DELAYS_MS.into_iter().enumerate())
        .map(|(id, delay_ms)| request(id, delay_ms, &in_flight));
    let responses = requests.buffered(LIMIT);
    report("buffered(3)", responses, &in_flight).await;
}
// ANCHOR_END: main
