// ANCHOR: main
use std::mem::size_of;
use std::thread;
use std::time::Duration;

// `parking_lot::Mutex::new` is a `const fn`, as std's has been since 1.63:
// either can sit in a `static` with no lazy initialisation.
static REQUESTS: parking_lot::Mutex<u64> = parking_lot::Mutex::new(0);

fn main() {
    // `lock` returns the guard itself: there is no `Result` to unwrap.
    *REQUESTS.lock() += 1;
    println!("requests: {}", *REQUESTS.lock());

    // The lock's state is one byte; std's is a 4-byte futex word and a
    // poison flag. The data comes after it, aligned.
    println!(
        "Mutex<()>: parking_lot {} byte, std {} bytes",
        size_of::<parking_lot::Mutex<()>>(),
        size_of::<std::sync::Mutex<()>>()
    );
    println!(
        "Mutex<u64>: parking_lot {} bytes, std {} bytes",
        size_of::<parking_lot::Mutex<u64>>(),
        size_of::<std::sync::Mutex<u64>>()
    );

    // A thread panics while it holds each lock. (The empty hook keeps the
    // panic's message, and the thread id in it, out of the output.)
    std::panic::set_hook(Box::new(|_| {}));
    let settings = parking_lot::Mutex::new(vec!["retries=3"]);
    let std_settings = std::sync::Mutex::new(vec!["retries=3"]);
    thread::scope(|scope| {
        let crashed = scope.spawn(|| {
            let mut held = settings.lock();
            let mut std_held = std_settings.lock().unwrap();
            held.push("timeout=");
            std_held.push("timeout=");
            panic!("writer crashed while holding both locks");
        });
        println!("writer panicked: {}", crashed.join().is_err());
    });
    // std's mutex is poisoned; parking_lot's just unlocked during the unwind.
    println!("std lock() is Err: {}", std_settings.lock().is_err());
    println!("parking_lot lock() gives: {:?}", *settings.lock());

    // A timed attempt: `try_lock_for` gives up after the timeout.
    let held = settings.lock();
    let attempt = thread::scope(|scope| {
        scope
            .spawn(|| settings.try_lock_for(Duration::from_millis(50)).is_some())
            .join()
            .expect("the attempt does not panic")
    });
    println!("try_lock_for(50 ms) while held: {attempt}");
    drop(held);
}
// ANCHOR_END: main
