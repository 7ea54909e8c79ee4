// The listing reads the files named on its command line.
// miri: -Zmiri-disable-isolation
// args: monday.log friday.log tuesday.log
// ANCHOR: main
use std::env;
use std::fs;
use std::io;
use std::sync::{Arc, Mutex};
use std::thread;

/// Adds the lines of the file at `path` to `collected`, or returns the error
/// that stopped the reading.
fn read_lines_into(path: &str, collected: &Mutex<Vec<String>>) -> io::Result<()> {
    let text = fs::read_to_string(path)?;
    let mut lines = collected.lock().unwrap();
    lines.extend(text.lines().map(|line| format!("{path}: {line}")));
    Ok(())
}

fn main() {
    let paths: Vec<String> = env::args().skip(1).collect();
    let collected = Arc::new(Mutex::new(Vec::new()));

    let mut handles = Vec::new();
    for path in paths {
        let collected = Arc::clone(&collected);
        let thread_path = path.clone();
        let handle = thread::spawn(move || read_lines_into(&thread_path, &collected));
        // Keep the path next to its handle, to name the file in a message.
        handles.push((path, handle));
    }

    let mut files_read = 0;
    for (path, handle) in handles {
        // `join` is `Err` only if the thread panicked; a read error arrives
        // as the thread's own `io::Result`.
        match handle.join().unwrap() {
            Ok(()) => files_read += 1,
            Err(error) => eprintln!("error: cannot read {path}: {error}"),
        }
    }

    let lines = collected.lock().unwrap();
    for line in lines.iter() {
        println!("{line}");
    }
    println!("{files_read} files read, {} lines in all", lines.len());
}
// ANCHOR_END: main
