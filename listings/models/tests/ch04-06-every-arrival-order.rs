// The outputs this model prints are every output listing 4.5 can give; the
// verify tier checks each run of listing 4.5 against them.
// outcomes-of: ch04-05-two-producers
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

/// Listing 4.5, with the lines `main` prints collected in a `String`.
fn two_producers_output() -> String {
    let (sender, receiver) = mpsc::channel();

    let web_sender = sender.clone();
    let web = thread::spawn(move || {
        for order in [17, 18] {
            web_sender.send(format!("web order {order}")).unwrap();
        }
    });
    let phone = thread::spawn(move || {
        for order in [5, 6] {
            sender.send(format!("phone order {order}")).unwrap();
        }
    });

    // loom's channel does not notice that every sender is gone, so the model
    // receives the four orders by count instead of until `recv` fails.
    let mut printed = String::new();
    for _ in 0..4 {
        writeln!(printed, "handling {}", receiver.recv().unwrap()).unwrap();
    }
    printed.push_str("no producer left\n");

    web.join().unwrap();
    phone.join().unwrap();
    printed
}

#[test]
fn every_order_the_worker_can_see() {
    let outputs = std::sync::Arc::new(std::sync::Mutex::new(BTreeSet::new()));
    let seen = std::sync::Arc::clone(&outputs);
    model(move || {
        let printed = two_producers_output();
        seen.lock().unwrap().insert(printed);
    });
    let outputs = outputs.lock().unwrap();
    // `cargo test` keeps what a passing test prints with `println!`; this
    // writes to the terminal directly.
    let mut out = std::io::stdout();
    writeln!(out, "{} possible outputs:", outputs.len()).unwrap();
    for output in outputs.iter() {
        write!(out, "\n{output}").unwrap();
    }
}
// ANCHOR_END: main
