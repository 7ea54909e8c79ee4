// ANCHOR: main
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

fn main() {
    let work_ready = AtomicBool::new(false);
    let start = Instant::now();

    thread::scope(|s| {
        let worker = s.spawn(|| {
            // `park` can return without an `unpark` (a spurious wakeup),
            // so the worker checks the flag again each time.
            while !work_ready.load(Ordering::Acquire) {
                thread::park();
            }
            start.elapsed()
        });

        thread::sleep(Duration::from_millis(50));
        println!(
            "worker still waiting after 50 ms: {}",
            !worker.is_finished()
        );

        work_ready.store(true, Ordering::Release);
        worker.thread().unpark();
        let waited = worker.join().unwrap();
        println!(
            "worker went on only once work was ready, 50 ms or more after the start: {}",
            waited >= Duration::from_millis(50)
        );
    });
}
// ANCHOR_END: main
