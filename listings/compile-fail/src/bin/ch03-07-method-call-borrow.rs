// ANCHOR: main
use std::sync::Mutex;

fn main() {
    let inbox = Mutex::new(vec![String::from("welcome"), String::from("reminder")]);

    // `first` borrows from the guard through a method call, not through `&`.
    let first = inbox.lock().unwrap().first();
    println!("first message: {first:?}");
}
// ANCHOR_END: main
