// ANCHOR: main
use std::rc::Rc;
use std::thread;

fn main() {
    let config = Rc::new(String::from("retries=3"));
    let for_worker = Rc::clone(&config);
    let handle = thread::spawn(move || {
        println!("worker sees {for_worker}");
    });
    handle.join().unwrap();
}
// ANCHOR_END: main
