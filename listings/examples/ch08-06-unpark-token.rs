// ANCHOR: main
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let me = thread::current();

    // An unpark that comes first leaves a token behind...
    me.unpark();
    let started = Instant::now();
    // ...so this park returns at once. (The limit only keeps the program
    // from hanging if it did not.)
    thread::park_timeout(Duration::from_secs(2));
    println!(
        "park after unpark returned well before its 2 s limit: {}",
        started.elapsed() < Duration::from_secs(1)
    );

    // Two unparks leave one token, not two.
    me.unpark();
    me.unpark();
    thread::park_timeout(Duration::from_secs(2));
    let started = Instant::now();
    thread::park_timeout(Duration::from_millis(50));
    println!(
        "second park after two unparks waited 50 ms or more: {}",
        started.elapsed() >= Duration::from_millis(50)
    );
}
// ANCHOR_END: main
