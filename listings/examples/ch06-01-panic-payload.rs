// ANCHOR: main
use std::any::Any;
use std::thread;

/// What a panic payload says, for the two common payload types.
fn describe(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        format!("a &str: {message}")
    } else if let Some(message) = payload.downcast_ref::<String>() {
        format!("a String: {message}")
    } else {
        "a payload of another type".to_string()
    }
}

fn main() {
    // Here the panic with a fixed message carries a `&'static str`.
    let averager = thread::spawn(|| -> u32 { panic!("no readings to average") });
    match averager.join() {
        Ok(average) => println!("average: {average}"),
        Err(payload) => println!("averager panicked with {}", describe(&*payload)),
    }

    // Here the message that `expect` builds at run time comes as a `String`.
    let config = thread::spawn(|| -> u16 { "eighty".parse().expect("the port must be a number") });
    match config.join() {
        Ok(port) => println!("port: {port}"),
        Err(payload) => println!("config panicked with {}", describe(&*payload)),
    }
}
// ANCHOR_END: main
