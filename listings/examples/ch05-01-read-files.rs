// The listing reads the files named on its command line.
// miri: -Zmiri-disable-isolation
// args: monday.log tuesday.log wednesday.log
// ANCHOR: main
use std::env;
use std::fs;
use std::sync::{Arc, Mutex};
use std::thread;

fn main() {
    let paths: Vec<String> = env::args().skip(1).collect();
    let collected = Arc::new(Mutex::new(Vec::new()));

    let mut handles = Vec::new();
    for path in paths {
        let collected = Arc::clone(&collected);
        handles.push(thread::spawn(move || {
            // Read first, then lock: the other threads can use the vector
            // while this one waits for the disk.
            let text = fs::read_to_string(&path).expect("cannot read the file");
            let mut lines = collected.lock().unwrap();
            lines.extend(text.lines().map(|line| format!("{path}: {line}")));
        }));
    }
    for handle in handles {
        handle.join().unwrap();
    }

    let lines = collected.lock().unwrap();
    for line in lines.iter() {
        println!("{line}");
    }
    println!("{} lines in all", lines.len());
}
// ANCHOR_END: main
