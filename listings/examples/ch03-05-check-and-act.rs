// ANCHOR: main
use std::sync::Mutex;
use std::thread;

fn book(seats_left: &Mutex<i32>) -> bool {
    // One guard for the check and the act: no other thread can take
    // the lock in between.
    let mut seats = seats_left.lock().unwrap();
    if *seats > 0 {
        *seats -= 1;
        true
    } else {
        false
    }
}

fn main() {
    let seats_left = Mutex::new(3);
    let customers = 5;

    let results: Vec<bool> = thread::scope(|s| {
        let handles: Vec<_> = (0..customers)
            .map(|_| s.spawn(|| book(&seats_left)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let booked = results.iter().filter(|&&booked| booked).count();
    println!("booked: {booked}, turned away: {}", customers - booked);
    println!("seats left: {}", seats_left.lock().unwrap());
}
// ANCHOR_END: main
