// The outputs this model prints are every output listing 1.4 can give
// without its barrier; the verify tier checks each run of listing 1.4
// against them.
// outcomes-of: ch01-04-check-then-act
#[cfg(loom)]
use loom::{model, sync::Arc, sync::Mutex, thread};
#[cfg(not(loom))]
use std::{sync::Arc, sync::Mutex, thread};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

// ANCHOR: main
use std::collections::BTreeSet;
use std::io::Write;

/// Listing 1.4's `book`, without the barrier between the check and the act.
fn book(seats_left: &Mutex<i32>) -> bool {
    let seat_is_free = *seats_left.lock().unwrap() > 0;
    if seat_is_free {
        *seats_left.lock().unwrap() -= 1;
    }
    seat_is_free
}

#[test]
fn every_output_of_the_booking() {
    // Every order of the two customers' lock operations, and what `main`
    // would print after each.
    let outputs = std::sync::Arc::new(std::sync::Mutex::new(BTreeSet::new()));
    let seen = std::sync::Arc::clone(&outputs);
    model(move || {
        let seats_left = Arc::new(Mutex::new(1));
        let ben = {
            let seats_left = Arc::clone(&seats_left);
            thread::spawn(move || book(&seats_left))
        };
        let ana = book(&seats_left);
        let ben = ben.join().unwrap();
        let left = *seats_left.lock().unwrap();
        seen.lock().unwrap().insert(format!(
            "ana booked a seat: {ana}\nben booked a seat: {ben}\nseats left: {left}\n"
        ));
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
