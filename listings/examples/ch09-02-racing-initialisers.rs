// ANCHOR: main
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// A connection, opened once and shared.
struct Connection {
    opened_by: &'static str,
    ready_at: Instant,
}

static INITIALISERS_RUN: AtomicUsize = AtomicUsize::new(0);
static ARRIVED: AtomicUsize = AtomicUsize::new(0);

/// The initialiser `thread_name` passes to `get_or_init`. It waits until
/// both threads are at their call, then takes 100 ms to "connect".
fn open_connection(thread_name: &'static str) -> Connection {
    INITIALISERS_RUN.fetch_add(1, Ordering::Relaxed);
    while ARRIVED.load(Ordering::Relaxed) < 2 {
        thread::yield_now();
    }
    thread::sleep(Duration::from_millis(100));
    Connection {
        opened_by: thread_name,
        ready_at: Instant::now(),
    }
}

/// What one thread saw: the value, and when it called and got it back.
struct Call<'a> {
    name: &'static str,
    connection: &'a Connection,
    called_at: Instant,
    returned_at: Instant,
}

fn main() {
    let connection = OnceLock::new();
    let connect = |name: &'static str| {
        ARRIVED.fetch_add(1, Ordering::Relaxed);
        let called_at = Instant::now();
        let value = connection.get_or_init(|| open_connection(name));
        Call {
            name,
            connection: value,
            called_at,
            returned_at: Instant::now(),
        }
    };
    let (ana, ben) = thread::scope(|s| {
        let ana = s.spawn(|| connect("ana"));
        let ben = s.spawn(|| connect("ben"));
        (ana.join().unwrap(), ben.join().unwrap())
    });

    println!(
        "initialisers run: {}",
        INITIALISERS_RUN.load(Ordering::Relaxed)
    );
    println!(
        "both threads saw the same value: {}",
        std::ptr::eq(ana.connection, ben.connection)
    );
    // The thread whose initialiser did not run:
    let other = if ana.connection.opened_by == ana.name {
        &ben
    } else {
        &ana
    };
    let ready_at = other.connection.ready_at;
    println!(
        "the other thread called before the value was ready: {}",
        other.called_at < ready_at
    );
    println!(
        "and got it back only after it was ready: {}",
        other.returned_at >= ready_at
    );
}
// ANCHOR_END: main
