// The outputs this model prints are every output listing 2.8 can give; the
// verify tier checks each run of listing 2.8 against them.
// outcomes-of: ch02-08-channel
#[cfg(loom)]
use loom::{model, sync::mpsc, thread};
#[cfg(not(loom))]
use std::{sync::mpsc, thread};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

// ANCHOR: main
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;

/// Listing 2.8, with the lines `main` prints collected in a `String`.
fn channel_output() -> String {
    let (sender, receiver) = mpsc::channel();

    let mut producers = Vec::new();
    for worker in 1..=3 {
        let sender = sender.clone();
        producers.push(thread::spawn(move || {
            for job in 1..=2 {
                sender
                    .send(format!("worker {worker} finished job {job}"))
                    .unwrap();
            }
        }));
    }
    drop(sender);

    // loom's channel does not notice that every sender is gone, so the model
    // receives the six messages by count instead of until `recv` fails.
    let mut printed = String::new();
    for _ in 0..6 {
        writeln!(printed, "{}", receiver.recv().unwrap()).unwrap();
    }
    printed.push_str("all senders are gone\n");

    for producer in producers {
        producer.join().unwrap();
    }
    printed
}

#[test]
fn every_output_of_the_channel() {
    let outputs = std::sync::Arc::new(std::sync::Mutex::new(BTreeSet::new()));
    let seen = std::sync::Arc::clone(&outputs);
    model(move || {
        let printed = channel_output();
        seen.lock().unwrap().insert(printed);
    });
    let outputs = outputs.lock().unwrap();

    // Within each output, does every worker's job 1 come before its job 2?
    let in_order = outputs.iter().all(|output| {
        (1..=3).all(|worker| {
            let job = |n| output.find(&format!("worker {worker} finished job {n}"));
            matches!((job(1), job(2)), (Some(first), Some(second)) if first < second)
        })
    });
    // `cargo test` keeps what a passing test prints with `println!`; this
    // writes to the terminal directly.
    let mut out = std::io::stdout();
    writeln!(
        out,
        "each worker's job 1 before its job 2 in every output: {in_order}"
    )
    .unwrap();
    writeln!(out, "{} possible outputs:", outputs.len()).unwrap();
    for output in outputs.iter() {
        write!(out, "\n{output}").unwrap();
    }
}
// ANCHOR_END: main
