// ANCHOR: main
use std::io;
use std::thread;

fn main() -> io::Result<()> {
    // `Builder::spawn` returns `io::Result`: creating a thread can fail.
    let importer = thread::Builder::new()
        .name("import-prices".to_string())
        .stack_size(256 * 1024)
        .spawn(|| {
            let me = thread::current();
            format!("hello from {:?}", me.name())
        })?;
    println!("{}", importer.join().unwrap());

    let unnamed = thread::spawn(|| thread::current().name().map(str::to_string));
    println!(
        "a thread from thread::spawn is named {:?}",
        unnamed.join().unwrap()
    );
    println!("main runs on {:?}", thread::current().name());

    // The name also appears in the message of a panic on that thread.
    let parser = thread::Builder::new()
        .name("parse-prices".to_string())
        .spawn(|| {
            "12,50"
                .parse::<f64>()
                .expect("a price uses a decimal point")
        })?;
    println!("parse-prices panicked: {}", parser.join().is_err());

    // An estimate, and it can fail: fall back to one worker.
    let workers = thread::available_parallelism().map_or(1, |n| n.get().min(4));
    println!(
        "workers to start, between 1 and 4: {}",
        (1..=4).contains(&workers)
    );
    Ok(())
}
// ANCHOR_END: main
