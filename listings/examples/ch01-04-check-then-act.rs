// ANCHOR: main
use std::sync::{Barrier, Mutex};
use std::thread;

fn book(seats_left: &Mutex<i32>, both_checked: &Barrier) -> bool {
    // Check: lock, read, and release the lock at the end of the statement.
    let seat_is_free = *seats_left.lock().unwrap() > 0;
    // Wait until the other customer has checked too. This forces the
    // unlucky order on every run; without it, it happens only sometimes.
    both_checked.wait();
    if seat_is_free {
        // Act: lock again and take the seat, trusting a check that is stale.
        *seats_left.lock().unwrap() -= 1;
    }
    seat_is_free
}

fn main() {
    let seats_left = Mutex::new(1);
    let both_checked = Barrier::new(2);

    thread::scope(|s| {
        let ana = s.spawn(|| book(&seats_left, &both_checked));
        let ben = s.spawn(|| book(&seats_left, &both_checked));
        println!("ana booked a seat: {}", ana.join().unwrap());
        println!("ben booked a seat: {}", ben.join().unwrap());
    });
    println!("seats left: {}", seats_left.lock().unwrap());
}
// ANCHOR_END: main
