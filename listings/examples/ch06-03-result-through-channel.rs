// ANCHOR: main
use std::num::ParseIntError;
use std::sync::mpsc;
use std::thread;

/// Parses a timeout such as "30s" into a number of seconds.
fn parse_timeout(text: &str) -> Result<u64, ParseIntError> {
    text.strip_suffix('s').unwrap_or(text).parse()
}

fn main() {
    let lines = ["30s", "soon", "5s", "", "90"];
    let (sender, receiver) = mpsc::channel();

    // Two workers, each parsing every other line. A failed line is sent
    // like any other result, and the worker goes on with the next one.
    let mut workers = Vec::new();
    for first in 0..2 {
        let sender = sender.clone();
        workers.push(thread::spawn(move || {
            for number in (first..lines.len()).step_by(2) {
                sender.send((number, parse_timeout(lines[number]))).unwrap();
            }
        }));
    }
    drop(sender);

    let mut results: Vec<_> = receiver.iter().collect();
    // The channel does not carry a panic; `join` reports it.
    for worker in workers {
        worker.join().unwrap();
    }
    results.sort_by_key(|(number, _)| *number);
    for (number, result) in results {
        match result {
            Ok(seconds) => println!("line {number}: {seconds} seconds"),
            Err(error) => println!(
                "line {number}: {:?} is not a timeout ({error})",
                lines[number]
            ),
        }
    }
}
// ANCHOR_END: main
