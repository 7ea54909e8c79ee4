// ANCHOR: main
use std::sync::Mutex;

fn main() {
    let settings = Mutex::new(vec![String::from("theme=dark")]);
    // Meant to keep other threads out of the settings until `main` ends.
    let _ = settings.lock().unwrap();
    println!("saving the settings");
}
// ANCHOR_END: main
