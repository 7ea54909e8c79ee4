// ANCHOR: main
use std::sync::Mutex;
use std::thread;

/// Asks from another thread whether the lock is free right now.
fn is_free(inbox: &Mutex<Vec<String>>) -> bool {
    thread::scope(|s| s.spawn(|| inbox.try_lock().is_ok()).join().unwrap())
}

fn main() {
    let inbox = Mutex::new(Vec::new());

    {
        let mut messages = inbox.lock().unwrap();
        messages.push(String::from("welcome"));
        println!("guard alive, lock free? {}", is_free(&inbox));
    } // `messages` goes out of scope: the guard is dropped, the lock released.
    println!("after the block, lock free? {}", is_free(&inbox));

    let mut messages = inbox.lock().unwrap();
    messages.push(String::from("reminder"));
    println!("new guard, lock free? {}", is_free(&inbox));
    drop(messages); // release it now, without waiting for the end of `main`
    println!("after drop, lock free? {}", is_free(&inbox));

    // A guard that is never named is a temporary, dropped at the `;`.
    inbox.lock().unwrap().push(String::from("goodbye"));
    println!("after the statement, lock free? {}", is_free(&inbox));

    {
        // A `let` that borrows from a temporary guard keeps the guard alive
        // until the end of the block, as if it had a name.
        let messages = &*inbox.lock().unwrap();
        println!("borrowed {messages:?}, lock free? {}", is_free(&inbox));
    }
    println!("after the block, lock free? {}", is_free(&inbox));
}
// ANCHOR_END: main
