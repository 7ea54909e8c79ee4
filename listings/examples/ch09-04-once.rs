// ANCHOR: main
use std::sync::{Mutex, Once};
use std::thread;

static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());
static START_LOG: Once = Once::new();

fn log(line: String) {
    // Whoever logs first writes the header; everyone else waits until it
    // is written.
    START_LOG.call_once(|| {
        LOG.lock().unwrap().push("== log started ==".to_string());
    });
    LOG.lock().unwrap().push(line);
}

fn main() {
    thread::scope(|s| {
        for worker in 0..4 {
            s.spawn(move || log(format!("worker {worker} ready")));
        }
    });

    let log = LOG.lock().unwrap();
    println!("lines in the log: {}", log.len());
    println!("first line: {}", log[0]);
    let headers = log.iter().filter(|line| line.starts_with("==")).count();
    println!("header lines: {headers}");
    println!("START_LOG completed: {}", START_LOG.is_completed());
}
// ANCHOR_END: main
