// ANCHOR: main
use std::num::ParseIntError;
use std::thread;

/// Parses a timeout such as "30s": the number before the unit letter.
fn parse_timeout(text: &str) -> Result<u64, ParseIntError> {
    // A bug: `unwrap` assumes that `text` has a last character.
    let unit = text.chars().last().unwrap();
    text[..text.len() - unit.len_utf8()].parse()
}

fn main() {
    let handles: Vec<_> = ["30s", "soon", ""]
        .into_iter()
        .map(|text| (text, thread::spawn(move || parse_timeout(text))))
        .collect();

    // Join every thread first, then print, so that the panic message the
    // failing thread writes comes before these lines.
    let outcomes: Vec<_> = handles
        .into_iter()
        .map(|(text, handle)| (text, handle.join()))
        .collect();

    for (text, outcome) in outcomes {
        match outcome {
            Ok(Ok(seconds)) => println!("{text:?}: {seconds} seconds"),
            Ok(Err(error)) => println!("{text:?}: not a timeout ({error})"),
            Err(payload) => println!("{text:?}: the thread panicked with {}", describe(&*payload)),
        }
    }
}
// ANCHOR_END: main

use std::any::Any;

fn describe(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        format!("a &str: {message}")
    } else if let Some(message) = payload.downcast_ref::<String>() {
        format!("a String: {message}")
    } else {
        "a payload of another type".to_string()
    }
}
