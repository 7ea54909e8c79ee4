// Under `--cfg loom` the model checker explores every interleaving (and
// reports a deadlock when no thread can go on).
#[cfg(loom)]
use loom::{
    model,
    sync::{Condvar, Mutex},
    thread,
};
#[cfg(not(loom))]
use std::{
    sync::{Condvar, Mutex},
    thread,
};
// Without `--cfg loom` a model does not run: it means something only when
// loom explores it.
#[cfg(not(loom))]
fn model(_body: impl Fn()) {}

// ANCHOR: main
const PLAYERS: usize = 3;

/// Each player waits for its turn (`count % PLAYERS == player`), takes it,
/// and wakes the others with `wake`.
fn take_turns(wake: fn(&Condvar)) {
    model(move || {
        // Leaked, not shared through an `Arc`: when loom finds a deadlock it
        // stops the model while threads still hold their clones, and loom's
        // types cannot be dropped once the model has stopped.
        let shared: &'static (Mutex<usize>, Condvar) =
            Box::leak(Box::new((Mutex::new(0), Condvar::new())));
        let players: Vec<_> = (0..PLAYERS)
            .map(|player| {
                thread::spawn(move || {
                    let (count, turn_passed) = shared;
                    let mut count = count.lock().unwrap();
                    while *count % PLAYERS != player {
                        count = turn_passed.wait(count).unwrap();
                    }
                    *count += 1;
                    drop(count);
                    wake(turn_passed);
                })
            })
            .collect();
        for player in players {
            player.join().unwrap();
        }
    });
}

#[test]
fn notify_one_can_wake_the_wrong_player() {
    take_turns(Condvar::notify_one);
}

#[test]
fn notify_all_wakes_the_right_player() {
    take_turns(Condvar::notify_all);
}
// ANCHOR_END: main
